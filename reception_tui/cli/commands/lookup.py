"""``reception lookup TEXT --office-dir DIR [--office-db URL] [--json]``: bring a scanned receipt's case up at the
office.

TEXT is what the barcode scanner typed (``RT1:<ref>:<code>`` or a tracking address), a receipt
reference or a typed case number. The code is checked with the config's ``receipt.verification_key``.
Exit 0 found (genuine, unverified or typed), 1 forged or not found, 2 usage (malformed, mistyped,
no office store). The store is the one every office command opens: ``--office-db``, else office.yaml's
``office_db``, else the folder's ``office.sqlite3``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.cli.commands._office_store import add_store_options, office_settings, with_office
from reception_tui.exchange.errors import ExchangeError
from reception_tui.i18n import describe, t
from reception_tui.settings import Settings

if TYPE_CHECKING:
    from reception_tui.receipts.office_lookup import OfficeLookup


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser(
        "lookup", parents=[common], help="look a scanned receipt or case number up in the office store"
    )
    parser.add_argument(
        "text", metavar="TEXT", help="the scanned receipt code or address, a receipt ref. or a case number"
    )
    add_store_options(parser)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """Look the text up, print the verdict and the visitor's issues."""
    from reception_tui.exchange.office_store import STORE_FILE, OfficeStore
    from reception_tui.receipts.office_lookup import lookup_office

    office_dir = Path(args.office_dir).expanduser()
    settings = office_settings(with_office(context, args.office_dir, args.office_db))
    if isinstance(settings, int):
        return settings
    if not settings.office_db and not (office_dir / STORE_FILE).is_file():
        print(t("receipts.lookup.no_store", dir=office_dir), file=sys.stderr)
        return 2
    receipt = context.config.receipt
    try:
        with OfficeStore(office_dir, settings.office_db) as store:
            result = lookup_office(
                store, args.text, verification_key=receipt.verification_key, url_template=receipt.url_template
            )
    except ExchangeError as error:
        print(describe(error), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print_result(result)
    return result.exit_code


def print_result(result: OfficeLookup) -> None:
    """The verdict (on stderr when nothing was found), then each visitor found and their issues."""
    if not result.matches:
        print(result.message, file=sys.stderr)
        return
    print(result.message)
    if result.ref is not None:
        print(t("receipts.lookup.ref", ref=result.ref))
    none = t("receipts.lookup.none")
    for match in result.matches:
        print(t("receipts.lookup.visitor", visitor=match.visitor, queue=match.queue_number, day=match.day,
                site=match.site))  # fmt: skip
        for issue in match.issues:
            confidential = t("receipts.lookup.confidential") if issue.confidential else ""
            print(t("receipts.lookup.issue", case=issue.case_number + confidential, category=issue.category,
                    disposition=issue.disposition or none, target=issue.target or none,
                    status=issue.status or none))  # fmt: skip
            if issue.expected_reply_date:
                print(t("receipts.lookup.reply_due", day=issue.expected_reply_date))
            if issue.summary:
                print(t("receipts.lookup.summary", summary=issue.summary))
