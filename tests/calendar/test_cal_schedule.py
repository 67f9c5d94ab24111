"""Reception days of a year: postponement past each festival, 调休 days, year ends, overrides, estimates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from cal_support import UNPUBLISHED_2027

from reception_tui.calendar import (
    CalendarError,
    WorkingDays,
    find_reception_day,
    nearest_reception_day,
    plan_year,
    reception_days,
    upcoming_reception_days,
)
from reception_tui.domain.site import OfficialDay, Postponement, SiteConfig

DAYS = WorkingDays()


def day_in(config: SiteConfig, year: int, month: int):  # type: ignore[no-untyped-def]
    return reception_days(config.reception, year, DAYS)[month - 1]


def test_sample_year_2026(sample_config: SiteConfig) -> None:
    days = reception_days(sample_config.reception, 2026, DAYS)
    assert [d.day for d in days] == [
        date(2026, 1, 20),
        date(2026, 2, 24),
        date(2026, 3, 20),
        date(2026, 4, 20),
        date(2026, 5, 20),
        date(2026, 6, 22),
        date(2026, 7, 20),
        date(2026, 8, 20),
        date(2026, 9, 20),
        date(2026, 10, 20),
        date(2026, 11, 20),
        date(2026, 12, 21),
    ]
    assert [(d.shifted_from, d.reason) for d in days if d.shifted_from] == [
        (date(2026, 2, 20), "春节"),
        (date(2026, 6, 20), "端午节"),
        (date(2026, 12, 20), "周日"),
    ]
    assert all(DAYS.is_working_day(d.notice_date) for d in days)
    assert days[1].notice_date == date(2026, 2, 14)  # 5 days back is 2-19, in the holiday: the 调休 Saturday before
    assert not any(d.estimated for d in days)


@pytest.mark.parametrize(
    ("day_of_month", "year", "month", "actual", "reason"),
    [
        (20, 2026, 2, date(2026, 2, 24), "春节"),
        (30, 2025, 1, date(2025, 2, 5), "春节"),  # Jan 28 – Feb 4, 2025
        (4, 2025, 4, date(2025, 4, 7), "清明节"),
        (5, 2026, 4, date(2026, 4, 7), "清明节"),  # Sunday Apr 5, Monday Apr 6 observed
        (1, 2025, 5, date(2025, 5, 6), "劳动节"),
        (3, 2026, 5, date(2026, 5, 6), "劳动节"),
        (2, 2025, 6, date(2025, 6, 3), "端午节"),
        (20, 2026, 6, date(2026, 6, 22), "端午节"),
        (25, 2026, 9, date(2026, 9, 28), "中秋节"),
        (1, 2026, 10, date(2026, 10, 8), "国庆节"),
        (6, 2025, 10, date(2025, 10, 9), "国庆节、中秋节"),  # Mid-Autumn inside the National Day week
    ],
)
def test_postponed_past_each_festival(
    with_rule: Callable[..., SiteConfig], day_of_month: int, year: int, month: int, actual: date, reason: str
) -> None:
    reception = day_in(with_rule(day_of_month=day_of_month), year, month)
    assert reception.day == actual
    assert reception.shifted_from == date(year, month, day_of_month)
    assert reception.reason == reason
    assert DAYS.is_working_day(reception.day)


def test_previous_working_day_policy(with_rule: Callable[..., SiteConfig]) -> None:
    config = with_rule(day_of_month=1, postponement=Postponement.PREVIOUS_WORKING_DAY)
    october = day_in(config, 2026, 10)
    assert (october.day, october.reason) == (date(2026, 9, 30), "国庆节")
    may = day_in(config, 2025, 5)
    assert may.day == date(2025, 4, 30)


def test_no_postponement_keeps_the_rule_date(with_rule: Callable[..., SiteConfig]) -> None:
    october = day_in(with_rule(day_of_month=1, postponement=Postponement.NONE), 2026, 10)
    assert october.day == date(2026, 10, 1) and october.shifted_from is None and october.reason == ""


def test_a_date_on_an_adjusted_working_sunday_stays(
    sample_config: SiteConfig, with_rule: Callable[..., SiteConfig]
) -> None:
    september = day_in(sample_config, 2026, 9)
    assert september.day == date(2026, 9, 20) and september.day.weekday() == 6
    assert september.shifted_from is None and september.reason == ""
    january = day_in(with_rule(day_of_month=26), 2025, 1)
    assert january.day == date(2025, 1, 26) and january.shifted_from is None
    # 元旦 Jan 1–3 2026 is followed by a worked Sunday: the postponed day lands on it
    new_year = day_in(with_rule(day_of_month=1), 2026, 1)
    assert new_year.day == date(2026, 1, 4) and new_year.day.weekday() == 6
    assert new_year.reason == "元旦"


def test_days_29_to_31_fall_on_the_month_end(with_rule: Callable[..., SiteConfig]) -> None:
    days = reception_days(with_rule(day_of_month=31).reception, 2026, DAYS)
    assert days[1].nominal == date(2026, 2, 28)
    assert days[1].day == date(2026, 2, 28)  # a Saturday worked after the Spring Festival
    assert days[3].nominal == date(2026, 4, 30)
    leap = reception_days(with_rule(day_of_month=30).reception, 2028, DAYS)
    assert leap[1].nominal == date(2028, 2, 29)


def test_december_day_postponed_into_the_next_year(with_rule: Callable[..., SiteConfig]) -> None:
    config = with_rule(day_of_month=31)
    plan = plan_year(config, 2022)
    december = plan.days[-1].reception
    assert december.nominal == date(2022, 12, 31)
    assert december.day == date(2023, 1, 3)  # Sat 31, Sun 1 元旦, Mon 2 observed
    assert december.reason == "元旦"
    assert december.notice_date == date(2022, 12, 29)
    found = find_reception_day(config.reception, date(2023, 1, 3), DAYS)
    assert found is not None and found.nominal == date(2022, 12, 31)
    coming = upcoming_reception_days(config.reception, date(2023, 1, 1), DAYS, count=2)
    assert [d.day for d in coming] == [date(2023, 1, 3), date(2023, 1, 31)]


def test_january_day_brought_forward_into_the_previous_year(with_rule: Callable[..., SiteConfig]) -> None:
    config = with_rule(day_of_month=1, postponement=Postponement.PREVIOUS_WORKING_DAY)
    january = plan_year(config, 2026).days[0].reception
    assert january.day == date(2025, 12, 31) and january.nominal == date(2026, 1, 1)
    assert find_reception_day(config.reception, date(2025, 12, 31), DAYS) == january


def test_overrides_from_the_config(with_rule: Callable[..., SiteConfig]) -> None:
    config = with_rule(
        official_days=(
            OfficialDay(date(2026, 3, 20), "holiday", "区人民代表大会会议"),
            OfficialDay(date(2026, 12, 20), "workday", "调休上班"),
        )
    )
    days = WorkingDays(config.official_days)
    plan = reception_days(config.reception, 2026, days)
    assert plan[2].day == date(2026, 3, 23) and plan[2].reason == "区人民代表大会会议"
    assert plan[11].day == date(2026, 12, 20) and plan[11].shifted_from is None


def test_an_unpublished_year_is_marked_and_explained(sample_config: SiteConfig) -> None:
    year = DAYS.latest_published_year() + 1
    plan = plan_year(sample_config, year)
    assert plan.estimated and plan.estimated_years == (year,)
    assert all(d.reception.estimated for d in plan.days)
    warning = plan.estimate_warning("zh")
    assert str(year) in warning and "推算" in warning and "official_days" in warning
    assert str(year) in plan.estimate_warning("en")
    assert plan_year(sample_config, 2026).estimate_warning() == ""


@UNPUBLISHED_2027
def test_2027_is_an_estimate_with_the_installed_package(sample_config: SiteConfig) -> None:
    """holidays 0.109 carries schedules up to 2026: the State Council had not yet published 2027's."""
    plan = plan_year(sample_config, 2027)
    assert plan.estimated
    assert plan.days[0].reception.day == date(2027, 1, 20)


@UNPUBLISHED_2027
def test_a_december_shift_into_an_unpublished_year_is_an_estimate(
    with_rule: Callable[..., SiteConfig],
) -> None:
    config = with_rule(day_of_month=31, official_days=(OfficialDay(date(2026, 12, 31), "holiday", "闭馆"),))
    plan = plan_year(config, 2026, WorkingDays(config.official_days))
    december = plan.days[-1].reception
    assert december.day == date(2027, 1, 4)  # 元旦 2027 is a Friday
    assert december.estimated and plan.estimated and plan.estimated_years == (2027,)
    assert not plan.days[0].reception.estimated


def test_nearest_reception_day(sample_config: SiteConfig) -> None:
    assert find_reception_day(sample_config.reception, date(2026, 2, 20), DAYS) is None
    assert nearest_reception_day(sample_config.reception, date(2026, 2, 20), DAYS).day == date(2026, 2, 24)


def test_a_rule_with_no_working_day_left_is_an_error(with_rule: Callable[..., SiteConfig]) -> None:
    closed = tuple(
        OfficialDay(date.fromordinal(date(2026, 3, 1).toordinal() + i), "holiday", "闭馆") for i in range(120)
    )
    config = with_rule(official_days=closed)
    with pytest.raises(CalendarError, match="official_days"):
        reception_days(config.reception, 2026, WorkingDays(config.official_days))
