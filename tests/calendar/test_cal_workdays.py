"""China's working days from the holidays package: statutory holidays, 调休 days, overrides and estimates."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from cal_support import UNPUBLISHED_2027

from reception_tui.calendar import WorkingDays, make_working_day_test
from reception_tui.domain.dispositions import reply_due
from reception_tui.domain.site import LimitUnit, OfficialDay, SiteConfig, TargetKind, TransferTarget

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def days() -> WorkingDays:
    return WorkingDays()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 14), True),  # Saturday worked before the Spring Festival
        (date(2026, 2, 16), False),  # 除夕
        (date(2026, 2, 23), False),  # Monday given off (调休)
        (date(2026, 2, 28), True),  # Saturday worked after it
        (date(2026, 9, 20), True),  # Sunday worked before National Day
        (date(2026, 10, 7), False),
        (date(2026, 10, 10), True),
        (date(2025, 1, 26), True),
        (date(2025, 10, 8), False),
        (date(2025, 10, 11), True),
        (date(2026, 3, 21), False),  # a plain Saturday
        (date(2026, 3, 20), True),  # a plain Friday
    ],
)
def test_official_days_off_and_adjusted_working_days(days: WorkingDays, day: date, working: bool) -> None:
    assert days.is_working_day(day) is working


def test_status_names_the_festival_in_chinese(days: WorkingDays) -> None:
    assert days.status(date(2026, 10, 1)).name == "国庆节"
    assert days.status(date(2026, 4, 6)).name == "清明节"  # the package says 清明节（补假）
    assert days.status(date(2026, 2, 23)).name == ""  # a bare substituted day names no festival
    sunday = days.status(date(2026, 9, 20))
    assert sunday.working and sunday.adjusted


def test_holiday_period_is_named_by_its_festivals(days: WorkingDays) -> None:
    assert days.holiday_period_name(date(2026, 2, 22)) == "春节"
    assert days.holiday_period_name(date(2025, 10, 8)) == "国庆节、中秋节"
    assert days.holiday_period_name(date(2026, 6, 20)) == "端午节"  # the weekend after a Friday festival
    assert days.holiday_period_name(date(2026, 3, 21)) == ""  # a plain weekend
    assert days.holiday_period_name(date(2026, 3, 20)) == ""  # a working day


def test_published_years_come_from_the_package_data(days: WorkingDays) -> None:
    from holidays.countries.china import ChinaStaticHolidays

    assert days.is_published(2025) and days.is_published(2026)
    assert days.latest_published_year() == max(ChinaStaticHolidays.special_public_holidays)
    unpublished = days.latest_published_year() + 1
    assert days.is_estimated(unpublished)
    assert days.status(date(unpublished, 3, 2)).estimated
    assert not days.status(date(2026, 3, 2)).estimated


def test_config_overrides_take_precedence() -> None:
    days = WorkingDays(
        (OfficialDay(date(2026, 3, 20), "holiday", "区人代会"), OfficialDay(date(2026, 3, 22), "workday"))
    )
    assert not days.is_working_day(date(2026, 3, 20))
    assert days.status(date(2026, 3, 20)).name == "区人代会"
    assert days.is_working_day(date(2026, 3, 22))  # a Sunday the office declared a working day
    unnamed = WorkingDays((OfficialDay(date(2026, 3, 19), "holiday"),))
    assert unnamed.status(date(2026, 3, 19)).name == "放假"


@UNPUBLISHED_2027
def test_a_year_listed_in_the_config_is_no_longer_an_estimate() -> None:
    # The office typed in a (hypothetical) 2027 notice: 春节 Feb 5–13 off, Saturday Feb 20 worked.
    listed = (
        *tuple(OfficialDay(date(2027, 2, d), "holiday", "春节") for d in range(5, 14)),
        OfficialDay(date(2027, 2, 20), "workday"),
    )
    days = WorkingDays(listed)
    assert days.is_published(2027) and not days.is_estimated(2027)
    assert not days.is_working_day(date(2027, 2, 12))  # listed
    assert days.is_working_day(date(2027, 2, 20))  # listed Saturday
    assert not days.is_working_day(date(2027, 10, 1))  # statutory, from the package
    # the package's own guess (国庆节（补假） on Monday Oct 4) is not applied to a listed year
    assert not WorkingDays().is_working_day(date(2027, 10, 4))
    assert days.is_working_day(date(2027, 10, 4))


def test_working_day_test_for_reply_dates_counts_adjusted_days(sample_config: SiteConfig) -> None:
    is_working_day = make_working_day_test(sample_config)
    target = TransferTarget("JD", "街道", TargetKind.TOWNSHIP, 15, LimitUnit.WORKING_DAYS)
    # Sep 29, 30, Oct 8, 9, 10 (Saturday, worked), then two full weeks.
    assert reply_due(date(2026, 9, 28), target, is_working_day) == date(2026, 10, 23)
    # plain weekdays would have counted the National Day holiday
    assert reply_due(date(2026, 9, 28), target) == date(2026, 10, 19)


def test_the_calendar_package_does_not_import_textual() -> None:
    code = "import sys, reception_tui.calendar; print('textual' in sys.modules, 'reportlab' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
    )
    assert result.stdout.split() == ["False", "False"]
