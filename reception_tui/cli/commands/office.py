"""``reception office [ACTION] --office-dir DIR [--office-db URL]``: the office side.

Without an action (or with ``open``) it opens the office workbench. Other office tasks are actions of
this one, each registered by its own module with its own options (see :func:`register`).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from reception_tui.cli.console import refuse_legacy_console
from reception_tui.i18n import describe, t
from reception_tui.settings import Settings


def open_workbench(args: argparse.Namespace, settings: Settings) -> int:
    """Open the workbench; a store, office.yaml or clerk problem is one line on stderr (1 or 2)."""
    from reception_tui.office.db import DatabaseError
    from reception_tui.office.settings import OfficeSettingsError
    from reception_tui.ui.launch import UnknownClerk, run_office_app

    office_dir = settings.office_dir
    if office_dir is None or not office_dir.is_dir():
        print(t("exchange.cli.import.no_office_dir", dir=office_dir), file=sys.stderr)
        return 2
    if refuse_legacy_console(t("cli.legacy_console")):
        return 1
    try:
        return run_office_app(settings, getattr(args, "clerk", "") or "")
    except DatabaseError as error:
        print(t("workbench.launch.store_error", message=describe(error)), file=sys.stderr)
        return 1
    except OfficeSettingsError as error:
        print(t("workbench.launch.settings_error", message=describe(error)), file=sys.stderr)
        return 2
    except UnknownClerk as error:
        print(describe(error), file=sys.stderr)
        return 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add ``reception office`` and its actions to the parser.

    ``reception office --office-dir DIR`` (or ``… office open …``) opens the workbench; every other office
    task is an action with its own options: ``export-status``, ``remind``, ``retention``, ``subject-access``, ``erase``,
    ``migrate``. An action module offers ``register_action(s)(office_subparsers, common)``.
    """
    from reception_tui.cli.commands import _office_privacy, _office_remind, export_status

    parser = subparsers.add_parser("office", parents=[common], help="the office workbench and office tasks")
    _office_options(parser, suppress=True)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    opening = actions.add_parser("open", parents=[common], help="open the workbench (the default)")
    _office_options(opening, suppress=False)
    opening.set_defaults(handler=run)
    export_status.register_action(actions, common)
    _office_privacy.register_actions(actions, common)
    _office_remind.register_action(actions, common)
    _register_migrate(actions, common)
    parser.set_defaults(handler=run)


def _register_migrate(
    actions: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """``migrate``: copy an office folder's store into PostgreSQL."""
    from reception_tui.cli.commands import _office_migrate

    _office_migrate.register_action(actions, common)


def _office_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """The workbench's options; on ``reception office`` itself their defaults are suppressed, so an action's
    own ``--office-dir`` is not overwritten."""
    default: object = argparse.SUPPRESS if suppress else None
    parser.add_argument("--office-dir", default=default, help="the office folder (`reception office-keys init`)")
    parser.add_argument("--office-db", default=default, help="postgresql://… (default: office.yaml's, else SQLite)")
    parser.add_argument("--clerk", default=argparse.SUPPRESS if suppress else "", help="who is working")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Open the workbench with the office folder and database in the settings."""
    office_dir = getattr(args, "office_dir", None)
    if not office_dir:
        print(t("workbench.cli.no_office_dir"), file=sys.stderr)
        return 2
    settings = replace(settings, office_dir_option=office_dir, office_db_option=getattr(args, "office_db", None))
    return open_workbench(args, settings)
