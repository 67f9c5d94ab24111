"""``reception case CASE_NUMBER --office-dir DIR [--id ID] [--json]``: one case and its whole timeline.

Masked like the workbench. Two cases with the same number (two desks on one day) are listed with their
ids, and ``--id`` chooses one.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from reception_tui.cli.commands._office_store import (
    EXIT_FAILURE,
    EXIT_OK,
    add_store_options,
    now_of,
    office_settings,
    open_store,
    with_office,
)
from reception_tui.i18n import t
from reception_tui.settings import Settings

if TYPE_CHECKING:
    from reception_tui.domain.followup import CaseState, Outcome
    from reception_tui.office.model import Case, TimelineEntry

if TYPE_CHECKING:
    pass


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser("case", parents=[common], help="show one case and its timeline (masked)")
    parser.add_argument("case_number", metavar="CASE_NUMBER", help="the case number (登记编号)")
    add_store_options(parser)
    parser.add_argument("--id", dest="case_id", default=None, help="the case's id, when two cases share the number")
    parser.add_argument("--json", action="store_true", help="the case and its timeline as one JSON object")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """Show the case."""
    import orjson

    from reception_tui.cli.commands._case_view import case_details, entry_record, state_words
    from reception_tui.office.model import CaseNotFound
    from reception_tui.office.replies import normalise_case_number

    context = with_office(context, args.office_dir, args.office_db)
    settings = office_settings(context)
    if isinstance(settings, int):
        return settings
    store = open_store(context, settings)
    if isinstance(store, int):
        return store
    try:
        number = normalise_case_number(args.case_number)
        found = store.find(number)
        if args.case_id:
            try:
                chosen = store.get(args.case_id.strip())
            except CaseNotFound:
                chosen = None
            if chosen is None or chosen.desk.case_number != number:
                print(t("office_cli.case.no_id", id=args.case_id, number=number), file=sys.stderr)
                return EXIT_FAILURE
            found = [chosen]
        if not found:
            print(t("office_cli.case.unknown", number=number), file=sys.stderr)
            return EXIT_FAILURE
        if len(found) > 1:
            print(t("office_cli.case.ambiguous", number=number, count=len(found)), file=sys.stderr)
            for case in found:
                print(f"  --id {case.case_id}  {case.desk.day.isoformat()}  {case.desk.site_code}  "
                      f"{state_words(case, labels=settings.state_labels)}  {case.desk.summary[:30]}",
                      file=sys.stderr)  # fmt: skip
            return EXIT_FAILURE
        case = found[0]
        timeline = store.timeline(case.case_id)
        today = now_of(context).date()
        units = {target.code: target.name for target in context.config.transfer_targets}
        if args.json:
            document = {"case": case_details(case, today), "timeline": [entry_record(e) for e in timeline]}
            sys.stdout.write(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n")
        else:
            _print_case(case, timeline, today, units, settings.state_labels)
        return EXIT_OK
    finally:
        store.close()


def _print_case(
    case: Case,
    timeline: list[TimelineEntry],
    today: date,
    units: dict[str, str],
    state_labels: Mapping[CaseState, str],
) -> None:
    from reception_tui.cli.commands._case_view import phone_tail, state_words, status_words, step_name, step_words
    from reception_tui.domain.followup import Satisfaction
    from reception_tui.office.words import kind_label, satisfaction_label

    f, d = case.followup, case.desk
    unit = f"{units.get(f.unit, '')}（{f.unit}）" if f.unit and units.get(f.unit) else f.unit
    lines: list[tuple[str, str]] = [
        ("case_number", d.case_number),
        ("case_id", case.case_id),
        ("kind", kind_label(f.kind)),
        ("state", f"{state_words(case, labels=state_labels)}（{status_words(case)}）"),
        ("unit", unit),
        ("slip_number", f.slip_number),
        ("transferred_on", _day(f.transferred_on)),
        ("due_on", _day(f.due_on) + (f"  {t('office_cli.overdue')}" if f.is_overdue(today) else "")),
        ("replied_on", _day(f.replied_on)),
        ("outcome", _outcome(f.outcome)),
        ("satisfaction", satisfaction_label(f.satisfaction) if isinstance(f.satisfaction, Satisfaction) else ""),
        ("round", str(f.round) if f.round else ""),
        ("closed_on", _day(f.closed_on)),
        ("day", f"{d.day.isoformat()}  {d.site_code}"),
        ("visitor", f"{d.visitor_masked or t('office_cli.anonymous')}  {phone_tail(case)}".rstrip()),
        ("district", d.district),
        ("category", f"{d.category}  {d.request_type}".strip()),
        ("receiving_deputy", d.receiving_deputy),
        ("summary", d.summary),
        ("place", d.place),
        ("source_changed", t("office_cli.yes") if case.source_changed else ""),
    ]
    for key, value in lines:
        if value:
            print(f"{t(f'office_cli.case.field.{key}')}：{value}")
    print()
    print(t("office_cli.case.timeline", count=len(timeline)))
    for entry in timeline:
        at = entry.step.at.strftime("%Y-%m-%d %H:%M")
        print(f"  {at}  {step_name(entry.step.kind)}  {entry.step.clerk}  {step_words(entry, units)}")


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _outcome(outcome: Outcome | None) -> str:
    from reception_tui.office.words import outcome_label

    return f"{outcome_label(outcome, short=True)} {outcome_label(outcome)}" if outcome else ""
