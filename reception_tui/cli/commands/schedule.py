"""``reception schedule --year YYYY [--json]``: the year's reception days, rota and quotas."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import TYPE_CHECKING, Any

from reception_tui.i18n import language, t
from reception_tui.services.clock import site_today
from reception_tui.settings import Settings

if TYPE_CHECKING:
    from reception_tui.domain.site import SiteConfig

if TYPE_CHECKING:
    from reception_tui.calendar import (
        WorkingDays,
        YearPlan,
    )

MIN_YEAR, MAX_YEAR = 1950, 2100


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser(
        "schedule", parents=[common], help="reception days, duty rota and notice dates of a year"
    )
    parser.add_argument("--year", help="the year, e.g. 2027 (default: this year)")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.set_defaults(handler=run)


def _year(value: str | None, config: SiteConfig) -> int | None:

    if value is None:
        return site_today(config.timezone).year
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        return None
    year = int(value)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def plan_as_json(plan: YearPlan, config: SiteConfig) -> dict[str, Any]:
    """The plan as JSON-ready values (dates ISO 8601, times HH:MM)."""
    from reception_tui.calendar import weekday_label

    days = []
    for duty in plan.days:
        r = duty.reception
        days.append({
            "date": r.day.isoformat(),
            "weekday": weekday_label(r.day, "zh"),
            "window": f"{r.start:%H:%M}-{r.end:%H:%M}",
            "shifted_from": r.shifted_from.isoformat() if r.shifted_from else None,
            "reason": r.reason or None,
            "notice_date": r.notice_date.isoformat(),
            "deputies": [{"name": d.name, "level": d.level} for d in duty.deputies],
            "missing_deputies": duty.missing,
            "estimated": r.estimated,
        })  # fmt: skip
    return {
        "site_code": config.site_code,
        "year": plan.year,
        "estimated": plan.estimated,
        "estimated_years": list(plan.estimated_years),
        "warning": plan.estimate_warning() or None,
        "rule": {
            "day_of_month": config.reception.day_of_month,
            "postponement": config.reception.postponement.value,
            "notice_lead_days": config.reception.notice_lead_days,
            "notice_on_day_off": config.reception.notice_on_day_off.value,
            "deputies_per_day": config.reception.deputies_per_day,
        },
        "days": days,
        "deputies": [
            {
                "name": q.deputy.name,
                "level": q.deputy.level,
                "count": q.count,
                "quota": q.quota,
                "shortfall": q.shortfall,
                "below_quota": q.below_quota,
            }
            for q in plan.quota_lines
        ],
    }


def _pad(text: str, cells: int) -> str:
    """``text`` padded to ``cells`` terminal columns (a Chinese character takes two)."""
    width = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, cells - width)


def _print_text(plan: YearPlan, config: SiteConfig, days: WorkingDays) -> None:
    from reception_tui.calendar import level_label, weekday_label

    lang = language()
    policy = t(f"calendar.policy.{config.reception.postponement.value}")
    print(t("calendar.cli.header", year=plan.year, site=config.site_name))
    print(t("calendar.cli.columns"))
    for duty in plan.days:
        r = duty.reception
        names = "、".join(d.name for d in duty.deputies)
        mark = t("calendar.cli.estimated_mark") if r.estimated else ""
        if r.day.weekday() >= 5 and r.shifted_from is None and days.is_working_day(r.day):
            mark += t("calendar.cli.adjusted_mark")
        print(f"{r.day.isoformat()}  {_pad(weekday_label(r.day, lang), 4)}  {r.start:%H:%M}-{r.end:%H:%M}  "
              f"{r.notice_date.isoformat()}  {names}{mark}")  # fmt: skip
        if r.shifted_from:
            nominal = r.shifted_from.isoformat()
            print(t("calendar.cli.shifted", nominal=nominal, reason=r.reason, policy=policy))
        if duty.missing:
            print(t("calendar.cli.missing", count=duty.missing))
    print()
    print(t("calendar.cli.counts"))
    for q in plan.quota_lines:
        level = level_label(q.deputy.level, lang)
        if q.quota is None:
            print(t("calendar.cli.no_quota", name=q.deputy.name, level=level, count=q.count))
            continue
        note = t("calendar.cli.below", shortfall=q.shortfall) if q.below_quota else ""
        name = q.deputy.name
        print(t("calendar.cli.count_line", name=name, level=level, count=q.count, quota=q.quota, note=note))
    below = [q.deputy.name for q in plan.quota_lines if q.below_quota]
    if below:
        print(t("calendar.cli.below_summary", names="、".join(below)))


def run(args: argparse.Namespace, context: Settings) -> int:
    """Print the year's plan; an estimated year also gets a warning line on stderr."""
    from reception_tui.calendar import CalendarError, plan_year, working_days

    config = context.config
    year = _year(args.year, config)
    if year is None:
        print(t("calendar.cli.bad_year"), file=sys.stderr)
        return 2
    try:
        days = working_days(config)
        plan = plan_year(config, year, days)
    except CalendarError as error:
        print(t("calendar.cli.calendar_error", message=str(error)), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(plan_as_json(plan, config), ensure_ascii=False, indent=2))
    else:
        _print_text(plan, config, days)
    if plan.estimated:
        print(plan.estimate_warning(), file=sys.stderr)
    return 0
