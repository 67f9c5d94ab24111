"""``reception export-status --office-dir DIR [--office-db URL] --out DIR [--site CODE]``: the signed status file
for the laptops.

Writes ``reception-status-<site or all>-<timestamp>.json`` into ``--out`` (a USB stick, a shared
folder), signed with the office key in ``--office-dir``. The cases come from the office store
(:func:`cases_from_store`: the imported sessions are projected first, so a case imported since the
last look is in the file, awaiting transfer). Exit 0 written, 1 the store or its settings refused,
2 usage (no office key).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from reception_tui.cli.commands._office_store import add_store_options, with_office
from reception_tui.exchange.errors import ExchangeError
from reception_tui.i18n import describe, t
from reception_tui.services.clock import machine_now
from reception_tui.settings import Settings

if TYPE_CHECKING:
    from reception_tui.office.model import Case

CaseSource: TypeAlias = "Callable[[Path, Settings, str | None], Iterable[Case]]"
PAGE = 1000


def cases_from_store(office_dir: Path, context: Settings, site_code: str | None) -> list[Case]:
    """Every case in the office store of ``office_dir`` (of ``site_code`` when given), after projecting
    the sessions imported since the last look (the store ``--office-db`` names, else office.yaml's)."""
    from reception_tui.office.model import CaseQuery
    from reception_tui.office.settings import load_settings
    from reception_tui.office.store import open_case_store

    now = context.clock or machine_now
    settings = load_settings(office_dir)
    if context.office_db_option:
        settings = dataclasses.replace(settings, office_db=context.office_db_option)
    with open_case_store(office_dir, settings, context.config, now=now) as store:
        store.sync()
        return list(store.each(CaseQuery(site_code=site_code or ""), page_size=PAGE))


HELP = "write the signed status file (case states) for the laptops"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add ``reception export-status`` to the parser (also ``reception office export-status``)."""
    _arguments(subparsers.add_parser("export-status", parents=[common], help=HELP))


def register_action(
    office_subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add ``export-status`` under ``reception office``."""
    _arguments(office_subparsers.add_parser("export-status", parents=[common], help=HELP))


def _arguments(parser: argparse.ArgumentParser) -> None:
    add_store_options(parser)
    parser.add_argument(
        "--to", "--out", dest="out", required=True,
        help="where to write the status file (a USB stick, a shared folder)",
    )  # fmt: skip
    parser.add_argument("--site", default=None, help="only the cases of this site (default: every site)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings, cases: CaseSource = cases_from_store) -> int:
    """Sign and write the status file of the cases ``cases`` gives for the office folder."""
    from reception_tui.exchange.keys import OfficeKey
    from reception_tui.office.db import DatabaseError
    from reception_tui.office.settings import OfficeSettingsError
    from reception_tui.office.status_file import export_status

    office_dir = Path(args.office_dir).expanduser()
    key = OfficeKey.load(office_dir)
    if key is None:
        print(t("status.cli.no_office_key", dir=office_dir), file=sys.stderr)
        return 2
    context = with_office(context, args.office_dir, args.office_db)
    try:
        chosen = [case for case in cases(office_dir, context, args.site) if args.site in (None, case.desk.site_code)]
    except (OfficeSettingsError, DatabaseError, ExchangeError) as error:
        print(describe(error), file=sys.stderr)
        return 1
    now = (context.clock or machine_now)()
    path = export_status(chosen, Path(args.out).expanduser(), office_key=key, now=now, site_code=args.site)
    print(t("status.cli.exported", path=path, count=len(chosen)))
    return 0
