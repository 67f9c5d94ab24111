"""Benchmark of the 统计 screen (issue 12 §5): key press → the new period's figures painted, over 100,000 cases.

Run from the repository root: ``python benchmarks/bench_stats_screen.py [--cases 100000] [--steps 6]
[--rounds 3]``.

An office folder is filled with ``--cases`` issues over 2026 (``tests/reports/random_office.py``, as
``bench_reports.py`` does), the workbench is built as ``reception office`` builds it (headless, 120x40, clock
2027-01-15), the 统计 screen opened from the case list with ``s``, and ``←`` pressed ``--steps`` times (one month back
each). Each press is timed from the key to the next screen update after the new period's figures are on the screen
(stamped in ``StatsScreen._compositor_refresh``, as tests/workbench/test_stats.py does). Three ways, each in a
fresh app, in turn ``--rounds`` times:

- **cold**: the real ``build_report`` in the screen's worker, nothing built ahead (every press builds its month);
- **warm**: the real ``build_report``, the screen building the neighbouring months ahead (its default on a large
  store); between presses the benchmark waits until that is done, as a clerk reading the figures would;
- **baseline**: the same screen painting reports built before the run (an injected builder returning them), so
  cold / baseline shows the share of the computing.

Also printed: one month's ``build_report`` alone (median), the compute share of the cold case.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reception_tui.config import load_config, sample_config_path
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.office.settings import load_settings
from reception_tui.office.store import open_case_store
from reception_tui.reports.compute import build_report
from reception_tui.reports.model import Period, Report
from reception_tui.settings import Settings
from reception_tui.ui.launch import build_office_app
from reception_tui.ui.office.screens import stats as stats_module
from reception_tui.ui.office.screens.case_list import CaseListScreen
from reception_tui.ui.office.screens.stats import StatsScreen
from reception_tui.ui.office.stats_period import period_for, shift
from tests.reports.random_office import fill

CST = timezone(timedelta(hours=8))
NOW = datetime(2027, 1, 15, 10, 0, tzinfo=CST)
SIZE = (120, 40)


async def _wait(condition: Callable[[], bool], limit: float = 60.0) -> None:
    deadline = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the 统计 screen did not show the report")
        await asyncio.sleep(0.0005)


def _shown(screen: StatsScreen) -> bool:
    """The period asked for is on the screen (its report shown, nothing pending)."""
    report = screen.report
    return screen.settled == screen.generation and report is not None and report.period == screen.period


async def _presses(office: Path, steps: int, builder: Callable[[Period, str | None], Report] | None,
                   warm: bool) -> list[float]:  # fmt: skip
    """Seconds from each ``←`` to the frame after the new figures, in one fresh app."""
    painted: list[float] = []
    refresh = StatsScreen._compositor_refresh

    def timed_refresh(screen: StatsScreen) -> None:
        refresh(screen)
        painted.append(time.perf_counter())

    StatsScreen._compositor_refresh = timed_refresh  # type: ignore[method-assign]
    stats_module.StatsScreen.prefetch_after = stats_module.PREFETCH_AFTER if warm else float("inf")
    app = build_office_app(Settings(office_dir_option=str(office), clock=lambda: NOW), "王芳")
    if builder is not None:
        app.services.report = builder  # type: ignore[method-assign]
    timings: list[float] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            await _wait(lambda: isinstance(app.screen, CaseListScreen))
            await pilot.press("s")
            await _wait(lambda: isinstance(app.screen, StatsScreen) and _shown(app.screen))
            screen = app.screen
            assert isinstance(screen, StatsScreen)
            for _ in range(steps):
                if warm:  # the clerk reads the figures while the months around are built
                    await _wait(lambda: not screen.prefetching)
                await pilot.pause()
                started = time.perf_counter()
                assert await app._check_bindings("left", priority=True)
                await _wait(lambda: _shown(screen))
                shown = time.perf_counter()
                await _wait(lambda at=shown: bool(painted) and painted[-1] >= at)  # type: ignore[misc]
                timings.append(painted[-1] - started)
            await app.workers.wait_for_complete()
    finally:
        StatsScreen._compositor_refresh = refresh  # type: ignore[method-assign]
        stats_module.StatsScreen.prefetch_after = stats_module.PREFETCH_AFTER
        app.services.store.close()
    return timings


def _summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(values) * 1000:8.1f} {p95 * 1000:8.1f} {len(values):5d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    config = load_config(sample_config_path())
    with tempfile.TemporaryDirectory() as folder:
        office = Path(folder)
        (office / "office.yaml").write_text("clerks: [王芳]\n", encoding="utf-8")
        OfficeStore(office).close()
        started = time.perf_counter()
        with open_case_store(office, load_settings(office), config, now=lambda: NOW) as store:
            fill(store.db, random.Random(2026), args.cases, first_day=date(2026, 1, 1), days=365)
            store.db.execute("ANALYZE")
            filled = time.perf_counter() - started
            # the months the presses show, built before the run for the baseline; one month's build timed alone
            day, months = NOW.date(), {}
            for _ in range(args.steps + 1):
                period = period_for(day, "month")
                months[period.label] = build_report(store.db, config, period, now=NOW,
                                                    is_working_day=store.is_working_day)  # fmt: skip
                day = shift(day, "month", -1)
            middle = period_for(date(2026, 9, 1), "month")
            single = []
            for _ in range(5):
                begun = time.perf_counter()
                build_report(store.db, config, middle, now=NOW, is_working_day=store.is_working_day)
                single.append(time.perf_counter() - begun)

        def prebuilt(period: Period, site: str | None) -> Report:
            return months[period.label]

        cold: list[float] = []
        warm: list[float] = []
        base: list[float] = []
        for _ in range(args.rounds):
            cold += asyncio.run(_presses(office, args.steps, None, warm=False))
            warm += asyncio.run(_presses(office, args.steps, None, warm=True))
            base += asyncio.run(_presses(office, args.steps, prebuilt, warm=False))
    b = statistics.median(base)
    print(f"filled {args.cases:,} cases over 2026 in {filled:.1f} s; terminal {SIZE[0]}x{SIZE[1]} (headless)")
    print(f"one month's build_report alone: {statistics.median(single) * 1000:.0f} ms median")
    print(f"{'key ← → new figures painted':<44} {'median':>8} {'p95':>8} {'n':>5}   vs baseline")
    for name, values in (("cold (built on the key press)", cold), ("warm (built ahead while reading)", warm),
                         ("baseline (reports built before the run)", base)):  # fmt: skip
        print(f"{name:<44} {_summary(values)}   {statistics.median(values) / b:6.2f}x")
    print(f"target: under 100 ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
