"""Benchmark of the office store at archive size: 100,000 issues and more.

Run from the repository root: ``python benchmarks/bench_office_scale.py [--sessions 3400]``.

One demo session of 15 visitors / 30 issues is made through the desk service. The archive is
filled with ``--sessions`` copies of it (fresh record ids, one day each, going back from the
template's day), merged straight into the store as verified exports (the checks are measured by
``bench_exchange.py``). Then, in the same run:

- 100 new signed files are imported into the full archive and, as the baseline, the same files
  into an empty office: the ratio says how much the archive's size slows an import;
- the ledger rows of every issue (what ``reception ledger`` writes), and the CSV of them;
- ``reception lookup`` of one case number, in the full archive and in the office holding only the
  100 new files (they share one site and day, as derived copies of one session: the lookup reads
  all 100 in both offices).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_exchange import derive_files, template_payload

from reception_tui.exchange.canonical import sha256_hex
from reception_tui.exchange.keys import DeviceKey
from reception_tui.exchange.ledger import ledger_rows, render_csv
from reception_tui.exchange.office_import import import_files
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.exchange.reader import VerifiedExport
from reception_tui.exchange.trust import TrustedDevices
from reception_tui.receipts.office_lookup import lookup_office

CST = timezone(timedelta(hours=8))
UUID_TEXT = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
TEMPLATE_DAY = date(2026, 11, 20)


def fresh_ids(text: bytes) -> bytes:
    """``text`` with every record id replaced by a new one (the same id by the same new one)."""
    mapping: dict[bytes, bytes] = {}
    return UUID_TEXT.sub(lambda m: mapping.setdefault(m.group(0), str(uuid.uuid4()).encode()), text)


def fill_archive(office: Path, template: dict[str, object], sessions: int) -> int:
    """Merge ``sessions`` copies of the template, each on its own earlier day; return the issues stored."""
    canonical = orjson.dumps(template, option=orjson.OPT_SORT_KEYS)
    counts = {name: len(template[name]) for name in ("visitors", "issues", "receipts", "audit_events")}  # type: ignore[arg-type]
    issues = 0
    with OfficeStore(office) as store:
        for start in range(0, sessions, 500):
            with store.batch():
                for index in range(start, min(start + 500, sessions)):
                    day = TEMPLATE_DAY - timedelta(days=index + 1)
                    fresh = fresh_ids(canonical)
                    fresh = fresh.replace(b"2026-11-20", day.isoformat().encode()).replace(
                        b"20261120", day.strftime("%Y%m%d").encode()
                    )
                    payload = orjson.loads(fresh)
                    manifest = {
                        "device_id": "archive",
                        "device_key": {"public_key": ""},
                        "export_sequence": index + 1,
                        "session_id": payload["session"]["id"],
                        "site_code": payload["session"]["site_code"],
                        "session_day": day.isoformat(),
                        "counts": counts,
                        "payload": {"sha256": sha256_hex(fresh)},
                    }
                    cases = tuple(str(issue["case_number"]) for issue in payload["issues"])
                    export = VerifiedExport(manifest, None, False, fresh, cases)
                    store.merge(
                        export, file_sha256=sha256_hex(fresh), file_name=f"archive-{index}", now=datetime.now(CST)
                    )
                    issues += counts["issues"]
    return issues


def timed(step):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def main() -> None:
    """Fill the archive, then print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=3400, help="sessions in the archive (30 issues each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        template = template_payload(root)
        devices = [DeviceKey.load_or_create(root / f"device{i}") for i in range(4)]
        derive_files(template, 100, root / "stick", devices)

        offices = {name: root / name for name in ("archive", "empty")}
        for office in offices.values():
            office.mkdir()
            trusted = TrustedDevices.load(office)
            for device in devices:
                trusted.add(device.device_id, device.public_key, datetime.now(CST))
            trusted.save()
        fill_time, archived_issues = timed(lambda: fill_archive(offices["archive"], template, args.sessions))

        empty_time, _ = timed(lambda: import_files([root / "stick"], offices["empty"], now=lambda: datetime.now(CST)))
        full_time, report = timed(
            lambda: import_files([root / "stick"], offices["archive"], now=lambda: datetime.now(CST))
        )
        assert report.exit_code == 0 and len(report.sessions) == 100

        with OfficeStore(offices["archive"]) as store:
            rows_time, rows = timed(lambda: list(ledger_rows(store)))
            csv_time, csv_bytes = timed(lambda: render_csv(rows))
            case = next(r["case_number"] for r in rows if r["session_id"] == report.outcomes[0].session_id)
            lookup_full, found = timed(lambda: lookup_office(store, case, verification_key=None))
        with OfficeStore(offices["empty"]) as store:
            lookup_single, found_single = timed(lambda: lookup_office(store, case, verification_key=None))
        assert found.matches and found_single.matches, "the case was not found"
        size = (offices["archive"] / "office.sqlite3").stat().st_size + sum(
            p.stat().st_size for p in offices["archive"].glob("office.sqlite3-*")
        )

    total_issues = archived_issues + 100 * 30
    print(f"Office archive: {args.sessions + 100} sessions, {total_issues:,} issues, store {size / 2**20:.0f} MiB")
    print(f"  filling the archive (merges only, no checks)   {fill_time:8.2f} s")
    print(f"{'measure':<48}{'ms':>10}{'ratio':>8}")
    print(f"{'import 100 files into an empty office (base)':<48}{empty_time * 1000:>10.1f}{1:>8.2f}")
    print(f"{'import the same 100 files into the archive':<48}{full_time * 1000:>10.1f}{full_time / empty_time:>8.2f}")
    print(f"{'lookup of a case, office of the 100 files (base)':<48}{lookup_single * 1000:>10.2f}{1:>8.2f}")
    print(
        f"{'lookup of the same case in the archive':<48}{lookup_full * 1000:>10.2f}{lookup_full / lookup_single:>8.2f}"
    )
    print(f"{'ledger rows of every issue':<48}{rows_time * 1000:>10.1f}  ({len(rows):,} rows)")
    print(f"{'ledger CSV of those rows':<48}{csv_time * 1000:>10.1f}  ({len(csv_bytes) / 2**20:.0f} MiB)")


if __name__ == "__main__":
    main()
