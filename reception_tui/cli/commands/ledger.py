"""``reception ledger --office-dir DIR --format csv|xlsx|json --out FILE [--with-personal-data --clerk NAME
--reason TEXT]``: one row per issue, with the office's follow-up columns.

Masked by default (张*明, 138****1234, the estate of the address); ``--with-personal-data`` gives the full
values and logs one reveal per case (purpose ``ledger``) for the clerk and reason. For loading into the
office's main system; see docs/exchange.md and docs/office.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.cli.commands._office_store import (
    add_store_options,
    check_clerk,
    office_settings,
    open_store,
    with_office,
)
from reception_tui.domain.errors import DomainError
from reception_tui.exchange.errors import ExchangeError
from reception_tui.i18n import describe, os_reason, t
from reception_tui.settings import Settings

if TYPE_CHECKING:
    pass

if TYPE_CHECKING:
    from reception_tui.office.ledger import LedgerReveal

FORMATS = ("csv", "xlsx", "json")
"""The ledger's formats (``exchange.ledger.FORMATS``, named here so that building the parser loads no writer)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser(
        "ledger", parents=[common], help="write the issues ledger of the office store (masked by default)"
    )
    add_store_options(parser)
    parser.add_argument("--format", choices=FORMATS, default=None, help="csv, xlsx or json (default: from --out)")
    parser.add_argument("--out", required=True, help="the file to write")
    parser.add_argument(
        "--with-personal-data", action="store_true",
        help="full names, phones and addresses (needs --clerk and --reason; logged as a reveal per case)",
    )  # fmt: skip
    parser.add_argument("--clerk", default="", help="who asks for the personal data (one of office.yaml's clerks)")
    parser.add_argument("--reason", default="", help="why the personal data is needed (logged)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """Write the ledger file atomically."""
    from reception_tui.office.ledger import LedgerReveal

    office_dir = Path(args.office_dir).expanduser()
    out = Path(args.out).expanduser()
    fmt = ledger_format(out, args.format)
    if fmt is None:
        return 2
    reveal: LedgerReveal | None = None
    if args.with_personal_data:
        if not args.clerk.strip() or not args.reason.strip():
            print(t("office_cli.ledger.reveal_needs"), file=sys.stderr)
            return 2
        reveal = LedgerReveal(args.clerk.strip(), args.reason.strip())
    elif args.clerk or args.reason:
        print(t("office_cli.ledger.reveal_without"), file=sys.stderr)
        return 2
    return write_ledger_file(office_dir, fmt, out, context=context, reveal=reveal, office_db=args.office_db)


def ledger_format(out: Path, given: str | None, option: str = "--format") -> str | None:
    """The format to write ``out`` in (given, or from its suffix); None, with the reason printed (naming
    ``option``), when there is none or the folder does not exist."""
    fmt = given or out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        print(t("exchange.cli.ledger.format", option=option, formats="|".join(FORMATS)), file=sys.stderr)
        return None
    if not out.parent.is_dir():
        print(t("exchange.cli.import.missing", path=out.parent), file=sys.stderr)
        return None
    return fmt


def write_ledger_file(
    office_dir: Path,
    fmt: str,
    out: Path,
    session_ids: Collection[str] | None = None,
    *,
    context: Settings | None = None,
    reveal: LedgerReveal | None = None,
    office_db: str | None = None,
) -> int:
    """Write the ledger (of ``session_ids`` only, when given; masked unless ``reveal``) with the follow-up
    columns and say so; 0 written, 1 when it could not be, 2 when the office settings or clerk are wrong."""
    from reception_tui.exchange.office_store import STORE_FILE
    from reception_tui.office.ledger import write_office_ledger
    from reception_tui.office.words import error_text

    settings_of = Settings() if context is None else context
    office = with_office(settings_of, str(office_dir), office_db)
    settings = office_settings(office)
    if isinstance(settings, int):
        return settings
    if not settings.office_db and not (office_dir / STORE_FILE).exists():
        print(t("exchange.cli.ledger.no_store", dir=office_dir), file=sys.stderr)
        return 2
    if reveal is not None and not check_clerk(reveal.clerk, settings):
        return 2
    try:
        from reception_tui.exchange.office_store import OfficeStore

        # a damaged store or an unreachable server: the import store's own message, before anything else
        OfficeStore(office_dir, settings.office_db).close()
    except ExchangeError as error:
        print(describe(error), file=sys.stderr)
        return 1
    store = open_store(office, settings, sync=False)
    if isinstance(store, int):
        return store
    units = {target.code: target.name for target in office.config.transfer_targets}
    try:
        result = write_office_ledger(
            office_dir,
            store,
            fmt,
            out,
            session_ids,
            reveal=reveal,
            unit_names=units,
            state_labels=settings.state_labels,
            office_db=settings.office_db,
        )
    except ExchangeError as error:
        print(describe(error), file=sys.stderr)
        return 1
    except DomainError as error:
        print(error_text(error), file=sys.stderr)
        return 2
    except OSError as error:
        print(t("exchange.cli.ledger.write_failed", path=out, error=os_reason(error)), file=sys.stderr)
        return 1
    finally:
        store.close()
    print(t("exchange.cli.ledger.done", path=result.path, rows=result.rows))
    if reveal is not None:
        print(t("office_cli.ledger.revealed", count=result.revealed, clerk=reveal.clerk))
    else:
        print(t("office_cli.ledger.masked"))
    return 0
