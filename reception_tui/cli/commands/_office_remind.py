"""``reception office remind --office-dir DIR --unit CODE [--new-due DATE] [--to DIR]``: the reminder notice
(催办通知) to one unit for its cases overdue today.

Writes ``催办通知-<unit>-<date>.pdf`` (0600, atomically) into ``<office_dir>/out`` or ``--to`` and prints the
path and the number of cases. Exit 0 written, 1 nothing overdue, an unknown unit or a store problem, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.cli.commands._office_store import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    add_store_options,
    now_of,
    office_settings,
    open_store,
    with_office,
)
from reception_tui.i18n import describe, t
from reception_tui.settings import Settings

if TYPE_CHECKING:
    pass

HELP = "write the reminder notice (催办通知) to a unit for its overdue cases"


def register_action(
    office_subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add ``remind`` under ``reception office``."""
    parser = office_subparsers.add_parser("remind", parents=[common], help=HELP)
    add_store_options(parser)
    parser.add_argument("--unit", required=True, metavar="CODE", help="the unit's code in the site config")
    parser.add_argument(
        "--new-due", default=None, metavar="DATE", help="reply by this date (default: today + 5 working days)"
    )
    parser.add_argument("--to", default=None, metavar="DIR", help="where to write the PDF (default: OFFICE_DIR/out)")
    parser.set_defaults(handler=run)


def unit_names(context: Settings) -> dict[str, str]:
    """Unit code -> printed name, from the site config."""
    return {target.code: target.name for target in context.config.transfer_targets}


def run(args: argparse.Namespace, context: Settings) -> int:
    """Write the reminder; one clear line when there is nothing to remind of."""
    from reception_tui.calendar.workdays import WorkingDays
    from reception_tui.office.documents import Letterhead
    from reception_tui.office.remind import NothingOverdue, default_new_due, write_reminder

    context = with_office(context, args.office_dir, args.office_db)
    settings = office_settings(context)
    if isinstance(settings, int):
        return settings
    today = now_of(context).date()
    if args.new_due:
        try:
            new_due = date.fromisoformat(args.new_due.strip())
        except ValueError:
            print(t("office_cli.remind.bad_date", value=args.new_due), file=sys.stderr)
            return EXIT_USAGE
        if new_due <= today:
            print(t("office_cli.remind.past_date", value=new_due.isoformat(), today=today.isoformat()),
                  file=sys.stderr)  # fmt: skip
            return EXIT_USAGE
    else:
        new_due = default_new_due(today, WorkingDays(context.config.official_days))
    code = args.unit.strip()
    names = unit_names(context)
    config = context.config
    letterhead = Letterhead(
        settings.office_name or config.site_name, settings.office_contact or config.receipt.office_phone,
        config.site_name,
    )  # fmt: skip
    store = open_store(context, settings)
    if isinstance(store, int):
        return store
    office_dir = context.office_dir
    assert office_dir is not None
    try:
        reminder = write_reminder(
            store, unit_code=code, unit_name=names.get(code), letterhead=letterhead, today=today, new_due=new_due,
            office_dir=office_dir, to=Path(args.to).expanduser() if args.to else None,
        )  # fmt: skip
    except NothingOverdue as nothing:
        if nothing.known:
            print(t("office_cli.remind.nothing", unit=code, today=today.isoformat()), file=sys.stderr)
        else:
            print(t("office_cli.remind.unknown_unit", unit=code, units=", ".join(names)), file=sys.stderr)
        return EXIT_FAILURE
    except OSError as error:
        print(t("office_cli.remind.failed", error=describe(error)), file=sys.stderr)
        return EXIT_FAILURE
    finally:
        store.close()
    print(t("office_cli.remind.done", path=reminder.path, count=reminder.count, unit=reminder.unit,
            new_due=reminder.new_due.isoformat()))  # fmt: skip
    return EXIT_OK
