"""``reception import PATH... --office-dir DIR [--trust-new-devices] [--ledger FILE]``: verified, idempotent
office import, and with ``--ledger`` the spreadsheet for the main system in the same command.

Exit 0 when every file was imported (or had been already), 1 when some were rejected (each is in
the quarantine folder with a reason file), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.cli.commands.ledger import ledger_format, write_ledger_file
from reception_tui.exchange.errors import ExchangeError
from reception_tui.i18n import describe, t
from reception_tui.services.clock import machine_now
from reception_tui.settings import Settings

if TYPE_CHECKING:
    from reception_tui.exchange.office_import import ImportReport


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser("import", parents=[common], help="import session files into the office store")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="export files or folders (e.g. the USB stick)")
    parser.add_argument("--office-dir", required=True, help="the office folder (office store, keys, quarantine)")
    parser.add_argument(
        "--office-db",
        metavar="URL",
        help="the office store on PostgreSQL (postgresql://user@host/db; default: office.yaml's office_db, "
        "else office.sqlite3 in the office folder)",
    )
    parser.add_argument("--trust-new-devices", action="store_true", help="accept and trust laptops not seen before")
    parser.add_argument(
        "--ledger",
        metavar="FILE",
        help="then write the ledger of the sessions in these files to FILE (.xlsx, .csv or .json)",
    )
    parser.set_defaults(handler=run)


DUPLICATES_LISTED = 10


def run(args: argparse.Namespace, context: Settings) -> int:
    """Import, print one line per file and a summary."""
    from reception_tui.exchange.office_import import collect_files, import_files
    from reception_tui.office.settings import OfficeSettingsError, load_settings

    office_dir = Path(args.office_dir).expanduser()
    if not office_dir.is_dir():
        print(t("exchange.cli.import.no_office_dir", dir=office_dir), file=sys.stderr)
        return 2
    paths = [Path(p).expanduser() for p in args.paths]
    missing = [p for p in paths if not os.path.lexists(p)]  # a link is reported as skipped, not followed
    if missing:
        for path in missing:
            print(t("exchange.cli.import.missing", path=path), file=sys.stderr)
        return 2
    if not collect_files(paths, office_dir):
        print(t("exchange.cli.import.no_files"), file=sys.stderr)
        return 2
    ledger_out = Path(args.ledger).expanduser() if args.ledger else None
    ledger_fmt = ledger_format(ledger_out, None, "--ledger") if ledger_out is not None else None
    if ledger_out is not None and ledger_fmt is None:
        return 2
    try:
        office_db = args.office_db or load_settings(office_dir).office_db
    except OfficeSettingsError as error:
        print(describe(error), file=sys.stderr)
        return 2
    try:
        report = import_files(
            paths,
            office_dir,
            trust_new_devices=args.trust_new_devices,
            now=context.clock or machine_now,
            office_db=office_db,
        )
    except ExchangeError as error:
        print(describe(error), file=sys.stderr)
        return 1
    print_report(report)
    if ledger_out is not None and ledger_fmt is not None:
        # the sessions of every file accepted in this run, imported now or before: running the same
        # command again gives the same spreadsheet
        written = write_ledger_file(
            office_dir, ledger_fmt, ledger_out, report.sessions, context=context, office_db=office_db
        )
        return max(report.exit_code, written)
    return report.exit_code


def print_report(report: ImportReport) -> None:
    """Per-file lines, then totals."""
    from reception_tui.exchange.office_import import IMPORTED, REJECTED, SKIPPED
    from reception_tui.exchange.office_store import KINDS

    for outcome in report.outcomes:
        name = outcome.path.name
        if outcome.status == REJECTED:
            detail = t("exchange.cli.import.detail", detail=outcome.detail_text()) if outcome.detail else ""
            print(t("exchange.cli.import.file_rejected", name=name, reason=t(outcome.reason), detail=detail))
            if outcome.quarantined is not None:
                print(t("exchange.cli.import.quarantined", path=outcome.quarantined))
        elif outcome.status == SKIPPED:
            print(t("exchange.cli.import.file_skipped", name=name, reason=t(outcome.reason)))
        elif outcome.status == IMPORTED:
            print(t("exchange.cli.import.file_ok", name=name))
        else:
            print(t("exchange.cli.import.file_same", name=name))
    for device in report.new_devices:
        print(t("exchange.cli.import.new_device", device=device))
    statuses = [o.status for o in report.outcomes]
    print(
        t(
            "exchange.cli.import.summary",
            files=len(statuses),
            imported=statuses.count(IMPORTED),
            unchanged=len(statuses) - statuses.count(IMPORTED) - statuses.count(REJECTED) - statuses.count(SKIPPED),
            rejected=statuses.count(REJECTED),
            sessions=len(report.sessions),
        )
    )
    if report.skipped:
        print(t("exchange.cli.import.skipped", count=len(report.skipped)))
    totals = report.totals
    for kind in ("session", "visitor", "issue"):
        assert kind in KINDS.values()
        print(
            t(
                "exchange.cli.import.counts",
                kind=t(f"exchange.kind.{kind}"),
                new=totals.new.get(kind, 0),
                updated=totals.updated.get(kind, 0),
                unchanged=totals.unchanged.get(kind, 0),
                conflicts=totals.conflicts.get(kind, 0),
                rejected=report.rejected_records.get(kind, 0),
            )
        )
    if report.duplicate_cases:
        cases = list(report.duplicate_cases.items())
        print(t("exchange.cli.import.duplicate_cases", count=len(cases)))
        for case, count in cases[:DUPLICATES_LISTED]:
            print(t("exchange.cli.import.duplicate_case", case=case, count=count))
        if len(cases) > DUPLICATES_LISTED:
            print(t("exchange.cli.import.duplicate_more", count=len(cases) - DUPLICATES_LISTED))
    for path in report.acks:
        print(t("exchange.cli.import.ack", path=path))
    for folder in report.ack_failures:
        print(t("exchange.cli.import.ack_failed", path=folder), file=sys.stderr)
