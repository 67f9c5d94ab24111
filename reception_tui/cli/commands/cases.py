"""``reception cases --office-dir DIR [filters] [--json]``: the office's cases, for scripts.

Syncs with the imported sessions first, then lists the matching cases page by page (500 at a time, so
100,000 cases never sit in memory, the JSON included: it is written as it goes). Visitors masked, the
phone's last four digits only.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from reception_tui.cli.commands._office_store import (
    EXIT_OK,
    EXIT_USAGE,
    add_store_options,
    now_of,
    office_settings,
    open_store,
    with_office,
)
from reception_tui.i18n import LANGUAGES, t
from reception_tui.settings import Settings

if TYPE_CHECKING:
    from reception_tui.domain.followup import CaseState
    from reception_tui.office.model import CaseQuery, PageCursor
    from reception_tui.office.store import CaseStore

PAGE = 500
WIDTHS = (22, 12, 10, 10, 4, 10, 8, 10, 12, 10)
HEADINGS = ("case_number", "state", "unit", "due_on", "overdue", "day", "visitor", "phone", "category", "district")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser("cases", parents=[common], help="list the office's cases (masked)")
    add_store_options(parser)
    parser.add_argument(
        "--state", action="append", default=[], metavar="S",
        help="only cases in this state (transferred, 已交办…; repeat or separate with commas)",
    )  # fmt: skip
    parser.add_argument("--unit", default="", metavar="CODE", help="only cases held by this unit (its code)")
    parser.add_argument("--district", default="", metavar="D", help="only cases of this district")
    parser.add_argument(
        "--deputy",
        default="",
        metavar="NAME",
        help="only cases this deputy received or was on duty for",
    )
    parser.add_argument("--site", default="", metavar="CODE", help="only cases of this work studio (its code)")
    parser.add_argument("--category", default="", help="only cases of this category")
    parser.add_argument("--from", dest="day_from", default=None, metavar="DATE", help="reception day from (YYYY-MM-DD)")
    parser.add_argument("--to", dest="day_to", default=None, metavar="DATE", help="reception day to (YYYY-MM-DD)")
    parser.add_argument("--overdue", action="store_true", help="only cases overdue today")
    parser.add_argument("--due-soon", action="store_true", help="only cases due within the office's working days")
    parser.add_argument("--waiting-survey", action="store_true", help="only cases waiting for the voter's survey")
    parser.add_argument("--source-changed", action="store_true", help="only cases the desk changed since")
    parser.add_argument("--search", default="", metavar="TEXT", help="case number, name, last 4 phone digits, text")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="at most N cases")
    parser.add_argument("--json", action="store_true", help="a JSON array, one object per case (English keys)")
    parser.set_defaults(handler=run)


def parse_states(values: list[str], labels: Mapping[CaseState, str] | None = None) -> tuple[CaseState, ...] | None:
    """States by value (``transferred``), by their wording in either language (``已交办``) or by the office's
    own wording (office.yaml's ``state_labels``); None when one is unknown (the reason printed)."""
    from reception_tui.domain.followup import CaseState
    from reception_tui.office.words import state_label

    words = {
        catalogue.get(f"office.state.{state.value}", "").lower(): state for catalogue in LANGUAGES.values()
        for state in CaseState
    }  # fmt: skip
    words.update({label.strip().lower(): state for state, label in (labels or {}).items() if label.strip()})
    chosen: list[CaseState] = []
    for value in (part.strip() for text in values for part in text.replace("，", ",").split(",")):
        if not value:
            continue
        state = words.get(value.lower())
        if state is None:
            try:
                state = CaseState(value.lower())
            except ValueError:
                known = ", ".join(f"{s.value} ({state_label(s, labels=labels)})" for s in CaseState)
                print(t("office_cli.error.state", value=value, states=known), file=sys.stderr)
                return None
        chosen.append(state)
    return tuple(dict.fromkeys(chosen))


def parse_day(value: str | None, option: str) -> date | bool | None:
    """The date of ``option``; False (the reason printed) when it is not one."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        print(t("office_cli.error.date", option=option, value=value), file=sys.stderr)
        return False


def run(args: argparse.Namespace, context: Settings) -> int:
    """List the matching cases."""
    from reception_tui.domain.followup import add_working_days
    from reception_tui.office.model import CaseQuery, Sort

    context = with_office(context, args.office_dir, args.office_db)
    day_from, day_to = parse_day(args.day_from, "--from"), parse_day(args.day_to, "--to")
    if day_from is False or day_to is False:
        return EXIT_USAGE
    if args.limit is not None and args.limit < 0:
        print(t("office_cli.error.limit"), file=sys.stderr)
        return EXIT_USAGE
    settings = office_settings(context)
    if isinstance(settings, int):
        return settings
    states = parse_states(args.state, settings.state_labels)
    if states is None:
        return EXIT_USAGE
    store = open_store(context, settings)
    if isinstance(store, int):
        return store
    try:
        today = now_of(context).date()
        due_by = add_working_days(today, settings.followup.due_soon_working_days, store.is_working_day)
        query = CaseQuery(
            states=states, unit=args.unit.strip(), district=args.district.strip(), deputy=args.deputy.strip(),
            category=args.category.strip(), site_code=args.site.strip(),
            day_from=day_from if isinstance(day_from, date) else None,
            day_to=day_to if isinstance(day_to, date) else None,
            overdue_on=today if args.overdue else None, due_by=due_by if args.due_soon else None,
            waiting_for_survey=args.waiting_survey, source_changed=args.source_changed, text=args.search,
            sort=Sort.CASE_NUMBER,
        )  # fmt: skip
        return _stream(store, query, today, args, settings.state_labels)
    finally:
        store.close()


def _stream(
    store: CaseStore,
    query: CaseQuery,
    today: date,
    args: argparse.Namespace,
    state_labels: Mapping[CaseState, str],
) -> int:
    import orjson

    from reception_tui.cli.commands._case_view import case_record, phone_tail, table_line
    from reception_tui.office.model import PageCursor, Seek
    from reception_tui.office.words import state_label

    out = sys.stdout
    limit = args.limit
    shown = 0
    total = 0
    if args.json:
        out.write("[")
    else:
        out.write(table_line([t(f"office_cli.cases.col.{name}") for name in HEADINGS], WIDTHS) + "\n")
    cursor: PageCursor | None = None
    while limit is None or shown < limit:
        size = PAGE if limit is None else min(PAGE, limit - shown)
        # keyset pages (the same cost deep in a city's archive as on page 1); the exact count once, with the first
        page = store.query(query, limit=size, cursor=cursor, count=cursor is None)
        if cursor is None:
            total = page.total
        for case in page.cases:
            if args.json:
                out.write(("\n" if shown == 0 else ",\n") + orjson.dumps(case_record(case, today)).decode("utf-8"))
            else:
                record = case_record(case, today)
                cells = [
                    case.desk.case_number, state_label(case.state, labels=state_labels), case.followup.unit,
                    record["due_on"] or "",
                    t("office_cli.yes") if record["overdue"] else "", record["day"], case.desk.visitor_masked,
                    phone_tail(case), case.desk.category, case.desk.district,
                ]  # fmt: skip
                out.write(table_line(cells, WIDTHS) + "\n")
            shown += 1
        if len(page.cases) < size:
            break
        cursor = PageCursor(page.cases[-1], Seek.AFTER)
    if args.json:
        out.write("\n]\n" if shown else "]\n")
    else:
        print(t("office_cli.cases.total", shown=shown, total=total))
    return EXIT_OK
