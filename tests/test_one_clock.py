"""One clock: only ``services/clock.py`` reads the wall clock; everything else is handed a clock, so tests and
benchmarks can fix the time of every record, export and import."""

from __future__ import annotations

import ast
from datetime import datetime, timedelta, timezone
from pathlib import Path

from reception_tui.services.clock import machine_now, site_today
from reception_tui.settings import Settings
from reception_tui.ui.shared.services import AppServices
from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "reception_tui"

CLOCK = "reception_tui/services/clock.py"

ALLOWED = {
    "reception_tui/errorlog.py": "the crash log's file name; errorlog is a leaf and must work when nothing else does",
    "reception_tui/storage/durable.py": "the name a damaged file is set aside under, never a record's time; "
    "storage sits below the services and is handed no clock",
}
"""Files that may read the wall clock besides the clock module, and why. Monotonic timers
(``time.monotonic``, ``time.perf_counter``) measure durations, not records, and are not looked for."""

WALL_CLOCK = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
              ("time", "time"), ("time", "localtime"), ("time", "gmtime")}  # fmt: skip


def _wall_clock_reads(root: Path, base: Path) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) in WALL_CLOCK:
                found.setdefault(path.relative_to(base).as_posix(), []).append(node.lineno)
    return found


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    reads = _wall_clock_reads(PACKAGE, REPO_ROOT)
    assert CLOCK in reads, "the scan no longer sees the clock module's own reading"
    stray = {path: lines for path, lines in reads.items() if path != CLOCK and path not in ALLOWED}
    assert not stray, f"take the time from reception_tui.services.clock or a clock passed in: {stray}"


def test_the_scan_sees_every_spelling(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "import datetime as dt, time\nfrom datetime import date, datetime\n"
        "dt.datetime.now()\ndatetime.now(UTC)\ndate.today()\ntime.time()\ntime.monotonic()\nself.services.today()\n"
    )
    assert _wall_clock_reads(tmp_path, tmp_path) == {"a.py": [3, 4, 5, 6]}


def test_a_clock_given_in_the_settings_reaches_the_app(tmp_path: Path) -> None:
    fixed = datetime(2026, 11, 20, 15, 0, tzinfo=timezone(timedelta(hours=8)))
    services = AppServices.from_settings(Settings(str(tmp_path / "data"), None, "zh", clock=lambda: fixed))
    assert services.now() == fixed and services.machine_now() == fixed and services.today() == fixed.date()


def test_the_real_clocks_are_aware_and_to_the_second() -> None:
    now = machine_now()
    assert now.tzinfo is not None and now.microsecond == 0
    assert abs(site_today("Asia/Shanghai") - now.date()) <= timedelta(days=1)
