"""Periods as people write them, the previous period of the same length, and clear refusals."""

from __future__ import annotations

from datetime import date

import pytest

from reception_tui.reports.model import Period
from reception_tui.reports.period import PeriodError, months_of, parse_period, previous_period


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30), "2026-11"),
        ("2026-2", date(2026, 2, 1), date(2026, 2, 28), "2026-02"),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29), "2028-02"),
        ("2026Q4", date(2026, 10, 1), date(2026, 12, 31), "2026Q4"),
        ("2026q1", date(2026, 1, 1), date(2026, 3, 31), "2026Q1"),
        (" 2026 ", date(2026, 1, 1), date(2026, 12, 31), "2026"),
        ("2026-01-01..2026-06-30", date(2026, 1, 1), date(2026, 6, 30), "2026-01-01..2026-06-30"),
        ("2026-03-05 .. 2026-03-05", date(2026, 3, 5), date(2026, 3, 5), "2026-03-05..2026-03-05"),
    ],
)
def test_periods_read(text: str, start: date, end: date, label: str) -> None:
    assert parse_period(text) == Period(start, end, label)


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2026-11", "2026-10"),
        ("2026-01", "2025-12"),
        ("2026-03", "2026-02"),
        ("2026Q1", "2025Q4"),
        ("2026Q3", "2026Q2"),
        ("2026", "2025"),
        ("2026-01-01..2026-06-30", "2025-07-01..2025-12-31"),
        ("2026-01-01..2026-06-29", "2025-07-05..2025-12-31"),
        ("2026-12-01..2027-02-28", "2026-09-01..2026-11-30"),
        ("2026-03-10..2026-03-19", "2026-02-28..2026-03-09"),
        ("2026-01-01..2026-03-31", "2025Q4"),
        ("2026-02-01..2026-02-28", "2026-01"),
    ],
)
def test_the_previous_period_has_the_same_length(text: str, previous: str) -> None:
    period = parse_period(text)
    before = previous_period(period)
    assert before == parse_period(previous)
    assert before.end.toordinal() + 1 == period.start.toordinal()
    assert before.label == previous


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "report.period.empty"),
        ("november", "report.period.unknown"),
        ("2026-13", "report.period.bad_month"),
        ("2026-00", "report.period.bad_month"),
        ("2026Q5", "report.period.unknown"),
        ("2026-02-30..2026-03-01", "report.period.bad_day"),
        ("2026-06-30..2026-01-01", "report.period.reversed"),
        ("1899", "report.period.bad_year"),
        ("2026-11-01", "report.period.unknown"),
    ],
)
def test_bad_periods_say_what_is_accepted(text: str, key: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.key == key
    for lang in ("zh", "en"):
        message = caught.value.text(lang)
        assert "report.period" not in message and "{" not in message
    if key in ("report.period.unknown", "report.period.empty"):
        assert "2026Q4" in caught.value.text("en")


def test_months_of_a_period() -> None:
    assert months_of(parse_period("2026Q4")) == ["2026-10", "2026-11", "2026-12"]
    assert months_of(parse_period("2026-12-15..2027-01-10")) == ["2026-12", "2027-01"]
    assert len(months_of(parse_period("2026"))) == 12
