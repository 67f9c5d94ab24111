"""``reception receipt CASE_NUMBER --format text|pdf|png|svg|escpos --out FILE``: reprint a visitor's receipt.

Any of the visitor's case numbers selects their receipt; every session in the data folder is
searched. A mistyped case number is caught by its check digits; a number that two sessions of the
same site and day both gave out is refused with a list of those sessions (``--session ID`` chooses).
Writing a file is recorded in the session as a receipt issued (marked 补打 when the receipt was
printed before); without ``--out``, ``text`` goes to standard output (a preview, not recorded),
``escpos`` to the configured receipt printer and ``pdf`` to the CUPS printer, both through the
retry queue.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.domain.errors import FieldError, StateError
from reception_tui.i18n import t
from reception_tui.settings import Settings

if TYPE_CHECKING:
    pass

if TYPE_CHECKING:
    from reception_tui.receipts.lookup import CaseLocation

FORMATS = ("text", "pdf", "png", "svg", "escpos")
PDF_PAPERS = ("roll80", "a5")
"""``PdfPaper``'s values, the default first (named here so that building the parser loads no PDF library)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser("receipt", parents=[common], help="reprint a visitor's receipt by case number")
    parser.add_argument("case_number", metavar="CASE_NUMBER", help="any of the visitor's case numbers")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    parser.add_argument("--out", type=Path, default=None, help="file to write (required for png and svg)")
    parser.add_argument("--paper", type=int, choices=(58, 80), default=None,
                        help="thermal paper width in mm (default: the config's)")  # fmt: skip
    parser.add_argument("--pdf-paper", choices=PDF_PAPERS, default=PDF_PAPERS[0],
                        help="PDF page: 80 mm roll or A5 (default roll80)")  # fmt: skip
    parser.add_argument("--session", metavar="ID", default=None,
                        help="the session (id or first characters) when two sessions share the number")  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """Find the visitor, render, write or print, record."""
    from reception_tui.domain.ids import CaseNumber
    from reception_tui.domain.models import ReceiptOutput
    from reception_tui.receipts.layout import columns_for_paper, render_text
    from reception_tui.receipts.lookup import find_cases
    from reception_tui.receipts.pdf_receipt import PdfPaper
    from reception_tui.services.receipts import ReceiptService, RenderOptions
    from reception_tui.storage.session_store import SessionStore

    try:
        case = CaseNumber.parse(args.case_number)
    except FieldError as error:
        print(t(error.key), file=sys.stderr)
        return 2
    output = ReceiptOutput(args.format)
    if args.out is None and output in (ReceiptOutput.PNG, ReceiptOutput.SVG):
        print(t("receipts.cli.out_required", format=args.format), file=sys.stderr)
        return 2
    config = context.config
    locations = find_cases(context.data_folder, case)
    if args.session:
        wanted = args.session.strip().lower()
        locations = [found for found in locations if found.snapshot.session.id.startswith(wanted)]
    if not locations:
        print(t("receipts.cli.not_found", case=str(case)), file=sys.stderr)
        return 1
    if len(locations) > 1:
        _list_sessions(str(case), locations)
        return 2
    (location,) = locations
    paper = args.paper or config.printer.paper_width_mm
    if output is ReceiptOutput.TEXT and args.out is None:
        service = ReceiptService(location.folder, config, data_root=context.data_folder.root, lang="zh")
        sys.stdout.write(render_text(service.content(location.visitor.id), columns_for_paper(paper)))
        return 0
    with SessionStore(location.folder) as store:
        service = ReceiptService(store, config, data_root=context.data_folder.root)
        options = RenderOptions(
            replace(config.printer, paper_width_mm=paper), PdfPaper(args.pdf_paper), columns_for_paper(paper)
        )
        try:
            outcome = service.issue(location.visitor.id, output, out=args.out, options=options)
        except StateError as error:
            print(t(error.key), file=sys.stderr)
            return 1
    if outcome.failure is not None:
        reason = outcome.failure.message()
        if args.out is not None:
            print(t("receipts.cli.cannot_write", path=args.out, reason=reason), file=sys.stderr)
        else:
            print(t("receipts.queued_for_retry", reason=reason), file=sys.stderr)
        return 1
    ref = outcome.job.content.ref
    if args.out is not None:
        print(t("receipts.cli.written", path=args.out, format=args.format, ref=ref))
    else:
        print(t("receipts.reprinted" if outcome.job.receipt.reprint else "receipts.printed", ref=ref))
    return 0


def _list_sessions(case: str, locations: list[CaseLocation]) -> None:
    """Refuse an ambiguous case number: name each session holding it, and how to choose one."""
    from reception_tui.receipts.lookup import visitor_label

    print(t("receipts.cli.ambiguous", case=case, count=len(locations)), file=sys.stderr)
    for found in locations:
        session = found.snapshot.session
        where = t("receipts.cli.at_desk", place=session.place, desk=session.desk) if session.desk else session.place
        print(
            t("receipts.cli.ambiguous_session", session=session.id[:8], day=session.day.isoformat(),
              place=where, queue=found.visitor.queue_number,
              visitor=visitor_label(found.visitor) or t("receipts.confidential_visitor")),
            file=sys.stderr,
        )  # fmt: skip
