"""Benchmark of the reports (issue 12 §5): a yearly report over 100,000 issues, against reading the same rows.

Run from the repository root: ``python benchmarks/bench_reports.py [--cases 100000] [--previous 100000]
[--rounds 5]``.

The office tables are filled straight (``tests/reports/random_office.py``: cases of every kind and state with
their dates in order, survey steps, the sessions they come from): ``--cases`` issues in 2026 and ``--previous`` in
2025 (the report also computes the previous year, for the change column). Then, in the same process:

- the report: ``build_report`` of 2026 (every figure, table and chart, and the figures of 2025);
- the baseline: ``SELECT`` of the columns the report reads, for every case of 2026 (what a report computed in
  Python from the rows would have to read before any arithmetic);
- the Markdown and JSON renderings of the report.

The report and the read run in turn, ``--rounds`` times after one warm-up each; medians and the
ratio of each round. The ratio report / read is what to compare between machines. The report's CPU time (the
process's, median of ``--rounds``) is printed too: on a shared machine it moves far less with the load than the
wall time.
"""

from __future__ import annotations

import argparse
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
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import open_case_store
from reception_tui.reports.compute import build_report
from reception_tui.reports.period import parse_period
from reception_tui.reports.render_json import report_to_json
from reception_tui.reports.render_text import render_markdown
from tests.reports.random_office import fill

CST = timezone(timedelta(hours=8))
NOW = datetime(2027, 1, 15, 10, 0, tzinfo=CST)
READ_COLUMNS = (
    "category, request_type, district, site_code, kind, day, visitor_id, unit, transferred_on, due_on, replied_on, "
    "outcome, anonymous, informed_on, surveyed_round, handling_round, state, receiving_deputy, suggestion_deputy, "
    "deputies, case_number, session_id"
)


def median_ms(action: Callable[[], object], rounds: int) -> tuple[float, float, float]:
    action()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def alternating(
    first: Callable[[], object], second: Callable[[], object], rounds: int
) -> tuple[tuple[float, float, float], tuple[float, float, float], list[float]]:
    """Both actions in turn, ``rounds`` times after a warm-up of each (so a busy spell of the machine hits both):
    (median, min, max) ms of each and the ratio of each round."""
    first()
    second()
    a, b = [], []
    for _ in range(rounds):
        for action, times in ((first, a), (second, b)):
            start = time.perf_counter()
            action()
            times.append((time.perf_counter() - start) * 1000)
    ratios = [x / y for x, y in zip(a, b, strict=True)]
    return (statistics.median(a), min(a), max(a)), (statistics.median(b), min(b), max(b)), ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--previous", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    config = load_config(sample_config_path())
    with tempfile.TemporaryDirectory() as folder:
        office = Path(folder)
        OfficeStore(office).close()
        store = open_case_store(office, OfficeSettings(), config, now=lambda: NOW)
        start = time.perf_counter()
        fill(store.db, random.Random(2025), args.previous, first_day=date(2025, 1, 1), days=365, prefix="p")
        fill(store.db, random.Random(2026), args.cases, first_day=date(2026, 1, 1), days=365)
        store.db.execute("ANALYZE")
        filled = time.perf_counter() - start
        total = int(store.db.scalar("SELECT COUNT(*) FROM cases WHERE day >= '2026-01-01'"))
        period = parse_period("2026")

        def report() -> object:
            return build_report(store.db, config, period, now=NOW, is_working_day=store.is_working_day)

        def read() -> object:
            return store.db.fetchall(
                f"SELECT {READ_COLUMNS} FROM cases WHERE day >= ? AND day <= ?",
                ("2026-01-01", "2026-12-31"),
            )

        built = build_report(store.db, config, period, now=NOW, is_working_day=store.is_working_day)
        report_ms, read_ms, ratios = alternating(report, read, args.rounds)
        cpu = []
        for _ in range(args.rounds):
            begun = time.process_time()
            report()
            cpu.append((time.process_time() - begun) * 1000)
        md_ms = median_ms(lambda: render_markdown(built, "zh"), args.rounds)
        json_ms = median_ms(lambda: report_to_json(built), args.rounds)
        store.close()
    print(f"filled {args.previous:,} + {args.cases:,} cases in {filled:.1f} s; 2026 holds {total:,}")
    print(f"yearly report (with the previous year's figures): {report_ms[0]:.0f} ms median "
          f"({report_ms[1]:.0f}-{report_ms[2]:.0f})")  # fmt: skip
    print(f"read the same columns of 2026's rows:            {read_ms[0]:.0f} ms median "
          f"({read_ms[1]:.0f}-{read_ms[2]:.0f})")  # fmt: skip
    print(f"ratio report / read: {report_ms[0] / read_ms[0]:.2f}x (per round {min(ratios):.2f}-{max(ratios):.2f}x); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
    print(f"report CPU time (this process): {statistics.median(cpu):.0f} ms median ({min(cpu):.0f}-{max(cpu):.0f})")
    print(f"render Markdown {md_ms[0]:.1f} ms, JSON dict {json_ms[0]:.2f} ms")


if __name__ == "__main__":
    main()
