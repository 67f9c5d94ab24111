"""Desk responsiveness with a 200-visitor session: key press to updated screen, and start-up to first frame.

Run: ``PYTHONPATH=. python benchmarks/bench_desk.py``. Everything is measured in this process:

* key press → the next frame that shows the change (Pilot presses the key; the app's frame output
  is time-stamped), for moving through the queue and for saving a visitor form (a durable commit);
* start-up → first frame of the desk, against a bare Textual app holding the same widgets filled
  from the same session file, alternating runs so both see the same machine state.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from reception_tui.config import load_config, sample_config_path
from reception_tui.domain.masking import mask_name
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder
from reception_tui.storage.session_store import STORE_FILE, SessionSnapshot, read_session_file
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.shared.services import AppServices

DAY = date(2026, 11, 20)
VISITORS = 200
KEY_SAMPLES = 200
SAVE_SAMPLES = 20
START_RUNS = 11
SIZE = (120, 40)
FIRST_FRAME_TIMEOUT = 10.0
"""Seconds to wait for the first frame (bench_desk_instructions.py raises it: valgrind runs 50x slower)."""


class Clock:
    """Fixed reception-day clock, a minute per reading."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 14, 30, tzinfo=ZoneInfo("Asia/Shanghai"))

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


class FrameClock:
    """Time-stamps every frame an app sends to its (headless) terminal.

    Waiting for a frame awaits an event the frame sets. An earlier version polled with
    ``asyncio.sleep(0)``: the loop then never idles, and a thread worker (the desk opens its
    session and saves in one) gets the GIL back only every switch interval (5 ms), so the poll
    itself slowed the app it was measuring, and only apps that use workers.
    """

    def __init__(self, app: App[Any]) -> None:
        self.frames: list[float] = []
        self.screens: list[str] = []
        self._shown = asyncio.Event()
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None:
                self.frames.append(time.perf_counter())
                self.screens.append(type(screen).__name__)
                self._shown.set()

        app._display = display  # type: ignore[method-assign]

    async def wait_for_frame(self, limit: float) -> None:
        """Until the next frame, or ``limit`` (a ``perf_counter`` time)."""
        self._shown.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._shown.wait(), max(0.0, limit - time.perf_counter()))

    async def next_after(self, start: float, screen: str = "", timeout: float = 2.0) -> float:
        """Wait for the first frame after ``start`` (of ``screen``, if given); its delay in seconds."""
        limit = time.perf_counter() + timeout
        while True:
            pairs = zip(self.frames, self.screens, strict=True)
            later = [f for f, name in pairs if f > start and screen in ("", name)]
            if later:
                return later[0] - start
            if time.perf_counter() >= limit:
                break
            await self.wait_for_frame(limit)
        raise TimeoutError("no frame")


def _shown_keys(app: bool) -> list[Binding]:
    """The keys the desk's footer shows, the desk screen's or (``app``) the app's, in order, as plain
    Textual bindings with the same labels: for the bare app's footer, the same widgets."""
    from reception_tui.i18n import set_language, t
    from reception_tui.ui.desk.actions import DESK

    set_language("zh")
    return [
        Binding(action.keys, f"noop('{action.id}')", t(action.label), show=True, priority=action.priority)
        for action in (ReceptionApp.ACTIONS if app else DESK) if action.show
    ]  # fmt: skip


class BareScreen(Screen[None]):
    """Plain Textual: the desk's widgets filled from the same session file, nothing else.

    The same widgets means the same tree: the containers the desk screen has, and a footer with the
    same 13 keys and labels, bound on the screen as the desk's are (they run nothing). Until
    2026-12-03 the bare app's footer had one key (the palette's), so the earlier ratios compared
    the desk's 29 widgets with 15 here.
    """

    BINDINGS: ClassVar[list[BindingType]] = list(_shown_keys(app=False))

    def __init__(self, folder: DataFolder) -> None:
        super().__init__()
        self.folder = folder

    def action_noop(self, name: str) -> None:
        """What the footer's keys run here: nothing."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("session")
        with Horizontal():
            with Vertical():
                yield Static("filter")
                yield DataTable(id="queue", cursor_type="row", zebra_stripes=True)
            with Vertical():
                yield Static("card")
                yield DataTable(id="issues", cursor_type="row")
                yield Static("detail")
        yield Input(placeholder="find", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # the records the widgets show, read the cheapest way the store allows: without the lock and
        # without decoding the audit events (the desk's own open skips them too, for a file whose
        # checksum holds)
        path = self.folder.session_folders()[0] / STORE_FILE
        snapshot = SessionSnapshot.from_tables(read_session_file(path), path, audit=False)
        table = self.query_one("#queue", DataTable)
        table.add_columns("No.", "Time", "Name", "District", "Issues", "Done", "Receipt")
        counts: dict[str, int] = {}
        for issue in snapshot.issues:
            counts[issue.visitor_id] = counts.get(issue.visitor_id, 0) + 1
        for v in snapshot.visitors:
            table.add_row(
                str(v.queue_number),
                f"{v.arrived_at:%H:%M}",
                Text(mask_name(v.name)),
                Text(v.district),
                str(counts.get(v.id, 0)),
                "yes",
                "no",
            )
        self.query_one("#issues", DataTable).add_columns("#", "Disposition", "Category", "Type", "Reply")




class BareDesk(App[None]):
    """The bare app: its one screen is :class:`BareScreen`; the app's keys as the desk app has them."""

    BINDINGS: ClassVar[list[BindingType]] = list(_shown_keys(app=True))

    def __init__(self, folder: DataFolder) -> None:
        super().__init__()
        self.folder = folder

    def action_noop(self, name: str) -> None:
        """What the footer's keys run here: nothing."""

    def on_mount(self) -> None:
        self.push_screen(BareScreen(self.folder))


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


CONFIG = load_config(sample_config_path())


def desk_app(folder: DataFolder) -> ReceptionApp:
    """The real app on the demo session (the config is loaded by the CLI before the app, as here)."""
    return ReceptionApp(AppServices(CONFIG, sample_config_path(), folder, "zh", clock=Clock()))


async def key_latency(folder: DataFolder) -> tuple[list[float], list[float]]:
    """Milliseconds from key press to the next frame: queue moves, and form saves."""
    app = desk_app(folder)
    frames = FrameClock(app)
    moves: list[float] = []
    saves: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        for index in range(KEY_SAMPLES):
            key = "down" if (index // 50) % 2 == 0 else "up"
            start = time.perf_counter()
            await pilot.press(key)
            moves.append(await frames.next_after(start) * 1000)
        for index in range(SAVE_SAMPLES):
            await pilot.press("n")
            await pilot.pause()
            await pilot.press(*f"测试{index}", "enter", *f"1380000{index:04d}")
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("ctrl+s")  # the durable write runs in a thread worker; then the form closes
            saves.append(await frames.next_after(start, "DeskScreen") * 1000)
            await pilot.pause()
    return moves, saves


async def first_frame(make: Callable[[], App[Any]], screen_name: str) -> float:
    """Milliseconds from building the app to the first frame of ``screen_name``.

    A full garbage collection first: this process holds a 200-visitor session and every earlier
    app, and a collection of all that falling inside one start-up window (50-120 ms, in about
    half the runs) decided the median. A freshly started ``reception`` has no such heap.
    """
    gc.collect()
    start = time.perf_counter()
    app = make()
    frames = FrameClock(app)
    async with app.run_test(size=SIZE) as pilot:
        limit = time.perf_counter() + FIRST_FRAME_TIMEOUT
        while screen_name not in frames.screens and time.perf_counter() < limit:
            await frames.wait_for_frame(limit)
        index = frames.screens.index(screen_name)
        elapsed = frames.frames[index] - start
        await pilot.pause()
    return elapsed * 1000


async def main() -> int:
    """Build the session, run both measurements, print the table."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = DataFolder(Path(tmp) / "data").ensure()
        config = load_config(sample_config_path())
        made = time.perf_counter()
        result = make_demo_session(folder, config, visitors=VISITORS, day=DAY, seed=1)
        print(
            f"demo session: {result.visitors} visitors, {result.issues} issues "
            f"({(time.perf_counter() - made):.1f} s to build)"
        )
        await first_frame(lambda: desk_app(folder), "DeskScreen")  # warm imports and caches
        await first_frame(lambda: BareDesk(folder), "BareScreen")
        desk_runs: list[float] = []
        bare_runs: list[float] = []
        for _ in range(START_RUNS):
            desk_runs.append(await first_frame(lambda: desk_app(folder), "DeskScreen"))
            bare_runs.append(await first_frame(lambda: BareDesk(folder), "BareScreen"))
        moves, saves = await key_latency(folder)
        # the saves above went into the session; a fresh copy would not change the figures materially
    desk_start, bare_start = statistics.median(desk_runs), statistics.median(bare_runs)
    rows = [
        ("key press → frame, queue move (ms)", statistics.median(moves), percentile(moves, 0.95), len(moves)),
        (
            "Ctrl+S → form closed, queue shown (ms)",
            statistics.median(saves),
            percentile(saves, 0.95),
            len(saves),
        ),
        ("start-up → first desk frame (ms)", desk_start, percentile(desk_runs, 0.95), len(desk_runs)),
        (
            "start-up → first frame, bare Textual (ms)",
            bare_start,
            percentile(bare_runs, 0.95),
            len(bare_runs),
        ),
    ]
    print(f"\n{'measure':<44} {'median':>9} {'p95':>9} {'n':>5}")
    for name, median, p95, count in rows:
        print(f"{name:<44} {median:>9.2f} {p95:>9.2f} {count:>5}")
    ratio = desk_start / bare_start
    print(f"\nqueue move median vs one 60 Hz frame (16.7 ms): {statistics.median(moves) / 16.7:.2f}x")
    print(f"start-up ratio desk / bare: {ratio:.2f}x (target ≤ 1.20x)")
    print(f"python {sys.version.split()[0]}, {VISITORS} visitors, terminal {SIZE[0]}x{SIZE[1]} (headless)")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
