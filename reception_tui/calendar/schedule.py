"""Reception days of a year from the studio's rule: postponed past days off, each shift explained."""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, time, timedelta

from reception_tui.calendar.workdays import WorkingDays
from reception_tui.domain.site import NoticeOnDayOff, Postponement, ReceptionRule
from reception_tui.i18n import t

SEARCH_LIMIT = 62
"""How far a postponement may look for a working day before the config is declared impossible."""


class CalendarError(ValueError):
    """The rule and the official days leave no working day to move a reception day to."""


@dataclass(frozen=True)
class ReceptionDay:
    """One reception afternoon as it will actually happen."""

    day: date
    """The actual date (after postponement)."""
    nominal: date
    """The date the rule gives (the configured day of the month, clamped to the month's end)."""
    start: time
    end: time
    notice_date: date
    """When the public notice goes up: ``notice_lead_days`` calendar days before :attr:`day`, moved back
    to the working day before when that is a day off (unless the rule's ``notice_on_day_off`` is ``keep``)."""
    reason: str = ""
    """Why the day moved, in Chinese (the festival, or 周六/周日); empty when it did not."""
    estimated: bool = False
    """The year's official holiday schedule is not published yet: this date may still change."""

    @property
    def shifted_from(self) -> date | None:
        """The rule's date when the day was moved, else ``None``."""
        return self.nominal if self.nominal != self.day else None


def weekday_label(day: date, lang: str = "zh", long: bool = False) -> str:
    """``周五`` / ``星期五`` / ``Fri``: the weekday in the catalogue's words."""
    return t(f"calendar.weekday.{'long.' if long else ''}{day.weekday()}", lang=lang)


def nominal_day(rule: ReceptionRule, year: int, month: int) -> date:
    """The rule's date in a month; a day 29–31 falls on the month's last day when the month is shorter."""
    last = month_calendar.monthrange(year, month)[1]
    return date(year, month, min(rule.day_of_month, last))


def _reason(nominal: date, days: WorkingDays) -> str:
    """Why ``nominal`` is not a working day: the holiday period's name, else the weekday."""
    return days.holiday_period_name(nominal) or weekday_label(nominal, "zh")


def actual_day(rule: ReceptionRule, nominal: date, days: WorkingDays) -> date:
    """Where the postponement policy puts a reception day that falls on a day off."""
    if rule.postponement is Postponement.NONE or days.is_working_day(nominal):
        return nominal
    step = timedelta(days=-1 if rule.postponement is Postponement.PREVIOUS_WORKING_DAY else 1)
    day = nominal
    for _ in range(SEARCH_LIMIT):
        day += step
        if days.is_working_day(day):
            return day
    raise CalendarError(t("calendar.error.no_working_day", day=nominal.isoformat(), limit=SEARCH_LIMIT))


def notice_day(rule: ReceptionRule, actual: date, days: WorkingDays) -> date:
    """When the notice for a reception on ``actual`` goes up: lead days before, on a day the office works."""
    day = actual - timedelta(days=rule.notice_lead_days)
    if rule.notice_on_day_off is NoticeOnDayOff.KEEP or days.is_working_day(day):
        return day
    for _ in range(SEARCH_LIMIT):
        day -= timedelta(days=1)
        if days.is_working_day(day):
            return day
    raise CalendarError(t("calendar.error.no_working_day", day=day.isoformat(), limit=SEARCH_LIMIT))


def reception_day_for(rule: ReceptionRule, nominal: date, days: WorkingDays) -> ReceptionDay:
    """The reception day the rule gives for ``nominal``."""
    actual = actual_day(rule, nominal, days)
    low, high = min(nominal, actual), max(nominal, actual)
    estimated = days.is_estimated(low.year) or days.is_estimated(high.year)
    return ReceptionDay(
        day=actual,
        nominal=nominal,
        start=rule.start,
        end=rule.end,
        notice_date=notice_day(rule, actual, days),
        reason=_reason(nominal, days) if actual != nominal else "",
        estimated=estimated,
    )


def reception_days(rule: ReceptionRule, year: int, days: WorkingDays) -> list[ReceptionDay]:
    """The twelve reception days of ``year`` (a postponed December day may land in January)."""
    return [reception_day_for(rule, nominal_day(rule, year, month), days) for month in range(1, 13)]


def find_reception_day(rule: ReceptionRule, day: date, days: WorkingDays) -> ReceptionDay | None:
    """The reception day held on ``day`` under the rule, or ``None`` if ``day`` is not one."""
    for candidate in _around(rule, day.year, days):
        if candidate.day == day:
            return candidate
    return None


def _edge(rule: ReceptionRule, year: int, days: WorkingDays) -> list[ReceptionDay]:
    """The reception days of a neighbouring year that could cross the year boundary (January, December)."""
    return [reception_day_for(rule, nominal_day(rule, year, month), days) for month in (1, 12)]


def _around(rule: ReceptionRule, year: int, days: WorkingDays) -> list[ReceptionDay]:
    """Every reception day that may fall in ``year``: its own, and its neighbours' edge months."""
    return [*_edge(rule, year - 1, days), *reception_days(rule, year, days), *_edge(rule, year + 1, days)]


def nearest_reception_day(rule: ReceptionRule, day: date, days: WorkingDays) -> ReceptionDay:
    """The reception day closest to ``day`` (for a helpful message when a date is not one)."""
    return min(_around(rule, day.year, days), key=lambda c: (abs((c.day - day).days), c.day))


def upcoming_reception_days(
    rule: ReceptionRule, today: date, days: WorkingDays, count: int = 12
) -> list[ReceptionDay]:
    """The next ``count`` reception days from ``today`` (today's included), across the year's end."""
    found = [d for d in _edge(rule, today.year - 1, days) if d.day >= today and d.nominal.month == 12]
    year = today.year
    while len(found) < count + 1 and year <= today.year + 2:
        found.extend(d for d in reception_days(rule, year, days) if d.day >= today)
        year += 1
    return sorted(found, key=lambda d: d.day)[:count]
