"""What the office commands for scripts share (``cases``, ``case``, ``replies``, ``ledger``): the options
that find the office store, opening it with one clear line when that fails, and the clerk check."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.i18n import describe, t
from reception_tui.services.clock import machine_now
from reception_tui.settings import Settings

if TYPE_CHECKING:
    from reception_tui.office.settings import OfficeSettings
    from reception_tui.office.store import CaseStore

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def add_store_options(parser: argparse.ArgumentParser) -> None:
    """``--office-dir DIR`` (required) and ``--office-db URL``."""
    parser.add_argument("--office-dir", required=True, help="the office folder")
    parser.add_argument(
        "--office-db", default=None, help="the office store on a database server (postgresql://…); default: "
        "office.yaml's office_db, else office.sqlite3 in the office folder",
    )  # fmt: skip


def with_office(context: Settings, office_dir: str, office_db: str | None = None) -> Settings:
    """The settings with the command's office options (``--office-dir``, ``--office-db``)."""
    return dataclasses.replace(context, office_dir_option=office_dir, office_db_option=office_db)


def clock_of(context: Settings) -> Callable[[], datetime]:
    """The time source: the settings' clock (tests) or the computer's."""

    return context.clock or (lambda: machine_now())


def now_of(context: Settings) -> datetime:
    return clock_of(context)()


def office_settings(context: Settings) -> OfficeSettings | int:
    """``office.yaml`` of the office folder (the exit code, with the reason printed, when unusable)."""
    from reception_tui.office.settings import OfficeSettingsError, load_settings

    office_dir = context.office_dir
    assert office_dir is not None
    if not office_dir.is_dir():
        print(t("office_cli.error.no_office_dir", dir=office_dir), file=sys.stderr)
        return EXIT_USAGE
    try:
        settings = load_settings(office_dir)
    except OfficeSettingsError as error:
        print(describe(error), file=sys.stderr)
        return EXIT_USAGE
    if context.office_db_option:
        settings = dataclasses.replace(settings, office_db=context.office_db_option)
    return settings


def open_store(context: Settings, settings: OfficeSettings, *, sync: bool = True) -> CaseStore | int:
    """The office folder's case store, synced with the imported sessions (the exit code, with the reason
    printed, when it cannot be opened)."""
    from reception_tui.exchange.errors import ExchangeError
    from reception_tui.exchange.office_store import STORE_FILE
    from reception_tui.office.db import DatabaseError
    from reception_tui.office.store import open_case_store

    office_dir = context.office_dir
    assert office_dir is not None
    if not settings.office_db and not (office_dir / STORE_FILE).exists():
        print(t("office_cli.error.no_store", dir=office_dir), file=sys.stderr)
        return EXIT_USAGE
    try:
        store = open_case_store(office_dir, settings, context.config, now=clock_of(context))
    except (DatabaseError, ExchangeError) as error:  # the server unreachable, the file unreadable
        print(describe(error), file=sys.stderr)
        return EXIT_FAILURE
    if sync:
        try:
            store.sync()
        except BaseException:
            store.close()
            raise
    return store


def check_clerk(clerk: str, settings: OfficeSettings) -> bool:
    """True when ``clerk`` may act: named, and one of office.yaml's clerks when any are listed (else the
    reason is printed)."""
    name = clerk.strip()
    if not name:
        print(t("office_cli.error.no_clerk"), file=sys.stderr)
        return False
    if settings.clerks and name not in settings.clerks:
        print(t("office_cli.error.unknown_clerk", clerk=name, clerks="、".join(settings.clerks)), file=sys.stderr)
        return False
    return True


def office_path(value: str) -> Path:
    return Path(value).expanduser()
