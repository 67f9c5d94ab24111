"""``reception office [ACTION] --office-dir DIR [--office-db URL]``: the office side.

Without an action (or with ``open``) it opens the office workbench. Other office commands are
actions of this one: add a function ``run_<name>(args, settings) -> int`` to :data:`ACTIONS` and its
options (if any) in :func:`register`; the command line, help and dispatch follow from the table.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace

from reception_tui.i18n import describe, t
from reception_tui.settings import Settings

Handler = Callable[[argparse.Namespace, Settings], int]


def open_workbench(args: argparse.Namespace, settings: Settings) -> int:
    """Open the workbench; a store, office.yaml or clerk problem is one line on stderr (1 or 2)."""
    from reception_tui.office.db import DatabaseError
    from reception_tui.office.settings import OfficeSettingsError
    from reception_tui.ui.launch import UnknownClerk, run_office_app

    office_dir = settings.office_dir
    if office_dir is None or not office_dir.is_dir():
        print(t("exchange.cli.import.no_office_dir", dir=office_dir), file=sys.stderr)
        return 2
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


ACTIONS: dict[str, Handler] = {
    "open": open_workbench,
}
"""The office actions by name; ``open`` (the default) opens the workbench."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser("office", parents=[common], help="the office workbench and office tasks")
    parser.add_argument(
        "action", nargs="?", default="open", choices=sorted(ACTIONS),
        help="what to do (default: open the workbench)",
    )  # fmt: skip
    parser.add_argument("--office-dir", required=True, help="the office folder (`reception office-keys init`)")
    parser.add_argument("--office-db", default=None, help="postgresql://… (default: office.yaml's, else SQLite)")
    parser.add_argument("--clerk", default="", help="who is working (one of office.yaml's clerks)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch to the action, with the office folder and database in the settings."""
    settings = replace(settings, office_dir_option=args.office_dir, office_db_option=args.office_db)
    handler = ACTIONS.get(args.action)
    if handler is None:
        known = ", ".join(sorted(ACTIONS))
        print(t("workbench.cli.unknown_action", action=args.action, actions=known), file=sys.stderr)
        return 2
    return handler(args, settings)
