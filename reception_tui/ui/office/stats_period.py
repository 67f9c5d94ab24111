"""The 统计 screen's periods: the month, quarter or year holding a day, and the one before or after it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from reception_tui.reports.model import Period
from reception_tui.reports.period import month_period, quarter_period, year_period

Length = Literal["month", "quarter", "year"]
LENGTHS: tuple[Length, ...] = ("month", "quarter", "year")


def period_for(day: date, length: Length) -> Period:
    """The period of ``length`` holding ``day``, labelled as the report command writes it (2026-11, 2026Q4, 2026)."""
    if length == "year":
        return year_period(day.year)
    if length == "quarter":
        return quarter_period(day.year, (day.month - 1) // 3 + 1)
    return month_period(day.year, day.month)


def shift(day: date, length: Length, steps: int) -> date:
    """The first day of the period ``steps`` periods of ``length`` after the one holding ``day`` (back when < 0)."""
    months = {"month": 1, "quarter": 3, "year": 12}[length] * steps
    start = period_for(day, length).start
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def next_length(length: Length) -> Length:
    """Month → quarter → year → month."""
    return LENGTHS[(LENGTHS.index(length) + 1) % len(LENGTHS)]
