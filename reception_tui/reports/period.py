"""Report periods as people write them: ``2026-11`` (a month), ``2026Q4`` (a quarter), ``2026`` (a year) and
``2026-01-01..2026-06-30`` (any range of days, both ends included); and the previous period of the same length.

The previous period of a month is the month before, of a quarter the quarter before, of a year the year before;
of any other range, the same number of days just before it.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from reception_tui.reports.model import Period

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})\s*[Qq]([1-4])")
_YEAR = re.compile(r"(\d{4})")
_RANGE = re.compile(r"(\S+?)\s*\.\.\s*(\S+)")

EXAMPLES = "2026-11, 2026Q4, 2026, 2026-01-01..2026-06-30"
MIN_YEAR, MAX_YEAR = 2000, 2100


class PeriodError(ValueError):
    """A period that cannot be read: ``key`` is the message (``report.period.*``), ``params`` its values."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = {"examples": EXAMPLES, **params}

    def text(self, lang: str | None = None) -> str:
        from reception_tui.i18n import t

        return t(self.key, lang, **self.params)


def _year(text: str, given: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError("report.period.bad_year", given=given, low=str(MIN_YEAR), high=str(MAX_YEAR))
    return year


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), f"{year:04d}-{month:02d}")


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    last = calendar.monthrange(year, first + 2)[1]
    return Period(date(year, first, 1), date(year, first + 2, last), f"{year:04d}Q{quarter}")


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), f"{year:04d}")


def range_period(start: date, end: date) -> Period:
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


def _day(text: str, given: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise PeriodError("report.period.bad_day", given=given, day=text) from None
    _year(str(day.year), given)
    return day


def parse_period(text: str) -> Period:
    """The period ``text`` names; :class:`PeriodError` (with a message saying what is accepted) otherwise."""
    given = text.strip()
    if not given:
        raise PeriodError("report.period.empty", given=given)
    if match := _RANGE.fullmatch(given):
        start, end = _day(match.group(1), given), _day(match.group(2), given)
        if end < start:
            raise PeriodError("report.period.reversed", given=given)
        return range_period(start, end)
    if match := _QUARTER.fullmatch(given):
        return quarter_period(_year(match.group(1), given), int(match.group(2)))
    if match := _MONTH.fullmatch(given):
        year, month = _year(match.group(1), given), int(match.group(2))
        if not 1 <= month <= 12:
            raise PeriodError("report.period.bad_month", given=given)
        return month_period(year, month)
    if _YEAR.fullmatch(given):
        return year_period(_year(given, given))
    raise PeriodError("report.period.unknown", given=given)


def _whole_months(period: Period) -> int:
    """How many whole calendar months the period is (0 when it does not start on a 1st and end on a month's end)."""
    start, end = period.start, period.end
    if start.day != 1 or end != month_period(end.year, end.month).end:
        return 0
    return (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1


def _label(start: date, end: date) -> Period:
    """The period ``start..end`` labelled as a month, quarter or year when it is one."""
    if start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        return year_period(start.year)
    if start.day == 1 and (start.month - 1) % 3 == 0 and end == quarter_period(start.year, start.month // 3 + 1).end:
        return quarter_period(start.year, start.month // 3 + 1)
    if start.day == 1 and end == month_period(start.year, start.month).end:
        return month_period(start.year, start.month)
    return range_period(start, end)


def previous_period(period: Period) -> Period:
    """The period of the same length just before ``period``: for whole months (a month, a quarter, a half-year, a
    year) the same number of months before; otherwise the same number of days."""
    months = _whole_months(period)
    if months:
        index = period.start.year * 12 + period.start.month - 1 - months
        start = date(index // 12, index % 12 + 1, 1)
        return _label(start, period.start - timedelta(days=1))
    length = (period.end - period.start).days + 1
    return range_period(period.start - timedelta(days=length), period.start - timedelta(days=1))


def months_of(period: Period) -> list[str]:
    """The months ``YYYY-MM`` the period touches, in order."""
    months = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
