"""Benchmark of the office workbench's start at 100,000 cases: its first frame and its first page of cases.

Run from the repository root: ``python benchmarks/bench_workbench_start.py [--cases 100000] [--rounds 5]``.

An office folder is filled with ``--cases`` cases straight into the office tables (as
``bench_office_store.py`` does), then, alternating in the same run, each measured from the moment the
app object is built (the store opened, the settings read) until:

- **workbench, first frame**: the clerk screen is on screen (what ``reception office`` shows first);
- **workbench, first page**: with the clerk given (``--clerk``), the case list shows its first page of
  cases and the header counts (the store's query and counts run in workers);
- **baseline**: a bare Textual app with the same widgets (header, a data table of 19 rows, a footer)
  has drawn its first frame.

The ratios against the baseline are what to compare between machines; the target is a first frame
under 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from benchmarks.bench_office_store import NOW, fill
from reception_tui.config import load_config, sample_config_path
from reception_tui.office.settings import load_settings
from reception_tui.office.store import open_case_store
from reception_tui.settings import Settings
from reception_tui.ui.launch import build_office_app
from reception_tui.ui.office.screens.case_list import CaseListScreen
from reception_tui.ui.office.screens.clerk import ClerkScreen


class Bare(App[None]):
    """The baseline: Textual with the list's widgets and 19 rows."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("登记编号", "来访人", "类别", "承办单位", "状态", "应答复", "天")
        for row in range(19):
            number = f"BSJD-20261120-{row:03d}-1-00"
            table.add_row(number, "张*明", "交通出行", "北山街道办事处", "已交办", "2026-12-20", "3")


async def _bare() -> float:
    started = time.perf_counter()
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    return time.perf_counter() - started


async def _workbench(office: Path, clerk: str) -> float:
    started = time.perf_counter()
    app = build_office_app(Settings(office_dir_option=str(office), clock=lambda: NOW), clerk)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(2000):
                screen = app.screen
                if not clerk and isinstance(screen, ClerkScreen):
                    break
                if clerk and isinstance(screen, CaseListScreen):
                    table = screen.query_one("#wb-cases", DataTable)
                    if table.row_count and screen.counts is not None:
                        break
                await pilot.pause(0.001)
            elapsed = time.perf_counter() - started
    finally:
        app.services.store.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        office = Path(folder)
        (office / "office.yaml").write_text("clerks: [王芳]\n", encoding="utf-8")
        config = load_config(sample_config_path())
        with open_case_store(office, load_settings(office), config, now=lambda: NOW) as store:
            fill(store, args.cases)
        bare: list[float] = []
        first: list[float] = []
        page: list[float] = []
        for _ in range(args.rounds):
            bare.append(asyncio.run(_bare()))
            first.append(asyncio.run(_workbench(office, "")))
            page.append(asyncio.run(_workbench(office, "王芳")))
        base = statistics.median(bare)
        print(f"{args.cases:,} cases, median of {args.rounds} alternating rounds")
        print(f"  baseline (bare Textual, same widgets): {base * 1000:7.0f} ms")
        for label, values in (("workbench, first frame", first), ("workbench, first page", page)):
            median = statistics.median(values)
            print(f"  {label:<38} {median * 1000:7.0f} ms  {median / base:5.2f}x")


if __name__ == "__main__":
    main()
