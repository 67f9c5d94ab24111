"""``reception office-migrate --from DIR --to postgresql://…`` (to be ``reception office migrate``): copy an office
folder's store into PostgreSQL, verified by counts and hashes, safe to rerun (see ``office/move.py``).

Exit 0 when every table verified, 1 when one did not (or the server could not be reached), 2 on usage errors.
The URL carries no password: libpq reads it from the password file, the service file or ``PGPASSWORD``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.exchange.errors import ExchangeError
from reception_tui.i18n import describe, t
from reception_tui.settings import Settings

if TYPE_CHECKING:
    pass

_HELP = "copy an office folder's store into PostgreSQL (verified; safe to rerun)"


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="source", required=True, metavar="DIR", help="the office folder")
    parser.add_argument(
        "--to", dest="target", required=True, metavar="URL",
        help="postgresql://user@host/db or postgresql://?service=name (no password: libpq finds it)",
    )  # fmt: skip
    parser.set_defaults(handler=run)


def register_action(
    office_subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """``reception office migrate``: for the ``office`` command's subparsers."""
    _arguments(office_subparsers.add_parser("migrate", parents=[common], help=_HELP))


def run(args: argparse.Namespace, context: Settings) -> int:
    """Copy, print one line per table and the verdict."""
    from reception_tui.office.db import DatabaseError, without_password
    from reception_tui.office.move import move_store

    office_dir = Path(args.source).expanduser()
    if not office_dir.is_dir():
        print(t("exchange.cli.import.no_office_dir", dir=office_dir), file=sys.stderr)
        return 2
    if not args.target.startswith(("postgresql://", "postgres://")):
        print(t("office.move.not_postgresql", value=without_password(args.target)), file=sys.stderr)
        return 2
    try:
        report = move_store(office_dir, args.target)
    except (DatabaseError, ExchangeError) as error:
        print(describe(error), file=sys.stderr)
        return 1
    for check in report.tables:
        print(
            t("office.move.table", table=check.table, rows=check.source_rows, copied=check.copied,
              sha=check.source_sha256[:16], state=t("office.move.ok" if check.ok else "office.move.differs",
                                                    differing=check.differing, missing=check.missing))
        )  # fmt: skip
    print(t("office.move.done" if report.ok else "office.move.failed", target=report.target))
    return 0 if report.ok else 1
