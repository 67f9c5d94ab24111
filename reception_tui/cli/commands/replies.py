"""``reception replies import FILE.xlsx|FILE.csv --office-dir DIR --clerk NAME [--apply]``: units' replies
received as a spreadsheet.

Without ``--apply``: a preview of what would change and every bad row named by file, row and column.
With ``--apply``: all or nothing: one bad row and nothing is saved (exit 1); else every reply is saved
in one database transaction. The reading and checking is ``office/replies.py``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.cli.commands._office_store import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    add_store_options,
    check_clerk,
    clock_of,
    office_settings,
    open_store,
    with_office,
)
from reception_tui.domain.errors import DomainError
from reception_tui.i18n import describe, t
from reception_tui.settings import Settings

if TYPE_CHECKING:
    from reception_tui.domain.followup import CaseState

if TYPE_CHECKING:
    from reception_tui.office.replies import ReplyPlan


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser(
        "replies", parents=[common], help="import units' replies from a spreadsheet (preview, then --apply)"
    )
    parser.add_argument("action", choices=("import",), help="import: read the reply spreadsheet")
    parser.add_argument("file", metavar="FILE", help="the reply spreadsheet (.xlsx or .csv)")
    add_store_options(parser)
    parser.add_argument("--clerk", required=True, help="who is applying the replies (one of office.yaml's clerks)")
    parser.add_argument("--apply", action="store_true", help="save the replies (all or nothing); default: preview")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """Preview, or apply all or nothing."""
    from reception_tui.office.model import StoreConflict
    from reception_tui.office.replies import ReplySheetError, apply_plan, plan_replies
    from reception_tui.office.words import error_text

    context = with_office(context, args.office_dir, args.office_db)
    path = Path(args.file).expanduser()
    if not path.is_file():
        print(t("office_cli.replies.no_file", path=path), file=sys.stderr)
        return EXIT_USAGE
    settings = office_settings(context)
    if isinstance(settings, int):
        return settings
    if not check_clerk(args.clerk, settings):
        return EXIT_USAGE
    store = open_store(context, settings)
    if isinstance(store, int):
        return store
    try:
        units = {target.code: target.name for target in context.config.transfer_targets}
        try:
            plan = plan_replies(
                path, store, clerk=args.clerk.strip(), now=clock_of(context),
                outcome_overrides=settings.outcome_labels, unit_names=units,
            )  # fmt: skip
        except ReplySheetError as error:
            print(t("office_cli.replies.file_error", file=path.name, reason=describe(error)), file=sys.stderr)
            return EXIT_FAILURE
        _print_plan(plan, settings.state_labels)
        if not plan.ok:
            key = "office_cli.replies.refused" if args.apply else "office_cli.replies.fix_first"
            print(t(key, problems=len(plan.problems)), file=sys.stderr)
            return EXIT_FAILURE
        if not args.apply:
            print(t("office_cli.replies.preview_done", count=len(plan.planned)))
            return EXIT_OK
        try:
            saved = apply_plan(store, plan)
        except StoreConflict as error:
            print(t("office_cli.replies.conflict", number=error.current.desk.case_number), file=sys.stderr)
            return EXIT_FAILURE
        except DomainError as error:
            print(t("office_cli.replies.not_applied", reason=error_text(error)), file=sys.stderr)
            return EXIT_FAILURE
        print(t("office_cli.replies.applied", count=len(saved)))
        return EXIT_OK
    finally:
        store.close()


def _print_plan(plan: ReplyPlan, labels: Mapping[CaseState, str]) -> None:
    from reception_tui.domain.followup import CaseState, Outcome
    from reception_tui.office.words import outcome_label, state_label

    print(t("office_cli.replies.summary", file=plan.source, good=len(plan.planned), bad=len(plan.problems)))
    replied = state_label(CaseState.REPLIED, labels=labels)
    for item in plan.planned:
        outcome = Outcome(str(item.step.data["outcome"]))
        print(t("office_cli.replies.row", row=item.row, number=item.case.desk.case_number,
                before=state_label(item.case.state, labels=labels), after=replied,
                outcome=outcome_label(outcome, short=True),
                on=item.step.data["on"]))  # fmt: skip
    for problem in plan.problems:
        print(t("office_cli.replies.problem", file=plan.source, row=problem.row, column=problem.column,
                value=problem.value, problem=problem.problem))  # fmt: skip
