"""``reception ledger`` in every format at archive size: wall time and peak memory of the whole command.

Run from the repository root: ``python benchmarks/bench_ledger.py [--sessions 3334] [--rounds 2]``.

The office is filled as in ``bench_office_scale.py`` (copies of one demo session of 15 visitors / 30
issues, merged straight into the store; 3,334 sessions give 100,020 rows), and its case table is
brought up to date by one ledger run before any is timed. Then each round runs the command once per
format, each in its own process, and reads its wall time and peak resident memory (``wait4``); the
table gives the median of the rounds and each format's ratio to CSV measured in the same rounds. The
last check reopens the XLSX with openpyxl and compares its cells with the CSV.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_exchange import template_payload
from bench_office_scale import CST, fill_archive

REPO = Path(__file__).resolve().parents[1]
FORMATS = ("csv", "xlsx", "json")


def run_ledger(office: Path, fmt: str, out: Path, tree: Path = REPO) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one ``reception ledger`` process (of the code in ``tree``)."""
    argv = [sys.executable, "-m", "reception_tui", "ledger", "--office-dir", str(office), "--format", fmt]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    process = subprocess.Popen([*argv, "--out", str(out)], cwd=tree, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"reception ledger --format {fmt} failed: {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024  # KiB on Linux


def xlsx_matches_csv(xlsx: Path, csv_file: Path) -> int:
    """The number of rows, after checking that the XLSX holds exactly the CSV's cells."""
    from openpyxl import load_workbook

    with csv_file.open(encoding="utf-8-sig", newline="") as stream:
        expected = [
            [cell.removeprefix("'") if cell.startswith("'") else cell for cell in row] for row in csv.reader(stream)
        ]
    workbook = load_workbook(xlsx, read_only=True)
    found = [["" if cell is None else str(cell) for cell in row] for row in workbook.active.iter_rows(values_only=True)]
    workbook.close()
    assert found == expected, "the XLSX and the CSV differ"
    return len(found) - 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=3334, help="sessions in the office (30 issues each)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each format (default 2)")
    parser.add_argument("--before", type=Path, default=None, help="another source tree to run once per format after")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        template = template_payload(root)
        office = root / "office"
        office.mkdir()
        start = time.perf_counter()
        issues = fill_archive(office, template, args.sessions)
        fill = time.perf_counter() - start
        print(
            f"office: {args.sessions:,} sessions, {issues:,} issues (filled in {fill:.1f} s, {datetime.now(CST):%H:%M})"
        )
        outs = {fmt: root / f"ledger.{fmt}" for fmt in FORMATS}
        run_ledger(office, "csv", outs["csv"])  # brings the case table up to date
        times: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
        peaks: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
        for _ in range(args.rounds):
            for fmt in FORMATS:
                elapsed, peak = run_ledger(office, fmt, outs[fmt])
                times[fmt].append(elapsed)
                peaks[fmt].append(peak)
        sizes = {fmt: outs[fmt].stat().st_size / 2**20 for fmt in FORMATS}
        rows = xlsx_matches_csv(outs["xlsx"], outs["csv"])
        before = (
            {fmt: run_ledger(office, fmt, root / f"before.{fmt}", args.before.resolve()) for fmt in FORMATS}
            if args.before
            else {}
        )
    base_time, base_peak = statistics.median(times["csv"]), statistics.median(peaks["csv"])
    print(f"\n{'format':<8}{'wall s':>9}{'x csv':>8}{'peak MiB':>10}{'x csv':>8}{'file MiB':>10}")
    for fmt in FORMATS:
        wall, peak = statistics.median(times[fmt]), statistics.median(peaks[fmt])
        print(f"{fmt:<8}{wall:>9.2f}{wall / base_time:>7.2f}x{peak:>10.0f}{peak / base_peak:>7.2f}x{sizes[fmt]:>10.1f}")
    for fmt, (wall, peak) in before.items():
        print(f"{fmt + ' (before)':<8}{wall:>9.2f}{wall / base_time:>7.2f}x{peak:>10.0f}{peak / base_peak:>7.2f}x")
    print(f"\n{rows:,} rows; the XLSX reopened with openpyxl holds the CSV's cells; {args.rounds} rounds")
    print("targets at 100,000 rows: XLSX within 3x of CSV, every format under 300 MiB peak")


if __name__ == "__main__":
    main()
