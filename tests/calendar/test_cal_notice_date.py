"""Notice dates land on days the office works: moved to the working day before, unless the config keeps them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from reception_tui.calendar import WorkingDays, build_notice, duty_for, plan_year, reception_days
from reception_tui.config import ConfigError, parse_config_text, sample_config_path
from reception_tui.domain.site import NoticeOnDayOff, OfficialDay, SiteConfig

DAYS = WorkingDays()
SAMPLE = sample_config_path().read_text(encoding="utf-8")


def _notice_dates(config: SiteConfig, year: int) -> dict[date, date]:
    days = WorkingDays(config.official_days)
    return {r.day: r.notice_date for r in reception_days(config.reception, year, days)}


def test_a_notice_in_the_spring_festival_goes_up_on_the_adjusted_saturday_before(sample_config: SiteConfig) -> None:
    notices = _notice_dates(sample_config, 2026)
    # 2026-02-24 minus 5 days is 2-19, inside the Spring Festival holiday (2-15..2-23); 2-14 is a 调休 Saturday
    assert notices[date(2026, 2, 24)] == date(2026, 2, 14)
    assert DAYS.status(date(2026, 2, 14)).adjusted


def test_a_notice_on_a_sunday_goes_up_on_the_friday_before(sample_config: SiteConfig) -> None:
    assert _notice_dates(sample_config, 2026)[date(2026, 3, 20)] == date(2026, 3, 13)  # 3-15 is a Sunday


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_notice_date_is_a_working_day_no_later_than_the_lead_days(sample_config: SiteConfig, year: int) -> None:
    for reception in reception_days(sample_config.reception, year, DAYS):
        assert DAYS.is_working_day(reception.notice_date), reception
        assert (reception.day - reception.notice_date).days >= sample_config.reception.notice_lead_days


def test_a_notice_date_on_a_working_day_stays(sample_config: SiteConfig) -> None:
    assert _notice_dates(sample_config, 2026)[date(2026, 1, 20)] == date(2026, 1, 15)


def test_the_config_can_keep_notice_dates_on_days_off(with_rule: Callable[..., SiteConfig]) -> None:
    notices = _notice_dates(with_rule(notice_on_day_off=NoticeOnDayOff.KEEP), 2026)
    assert notices[date(2026, 2, 24)] == date(2026, 2, 19)
    assert notices[date(2026, 3, 20)] == date(2026, 3, 15)


def test_a_closed_day_from_the_config_moves_the_notice(with_rule: Callable[..., SiteConfig]) -> None:
    closed = (OfficialDay(date(2026, 1, 15), "holiday", "区人民代表大会会议"),)
    config = with_rule(official_days=closed)
    assert _notice_dates(config, 2026)[date(2026, 1, 20)] == date(2026, 1, 14)


def test_the_notice_itself_and_the_plan_carry_the_moved_date(sample_config: SiteConfig) -> None:
    duty = duty_for(sample_config, date(2026, 3, 20))
    assert duty is not None
    assert build_notice(sample_config, duty).issued == "2026年3月13日"
    assert plan_year(sample_config, 2026).days[1].reception.notice_date == date(2026, 2, 14)


def test_the_setting_is_read_from_yaml_and_checked_against_the_schema() -> None:
    assert parse_config_text(SAMPLE).reception.notice_on_day_off is NoticeOnDayOff.PREVIOUS_WORKING_DAY
    kept = SAMPLE.replace("notice_on_day_off: previous_working_day", "notice_on_day_off: keep")
    assert parse_config_text(kept).reception.notice_on_day_off is NoticeOnDayOff.KEEP
    without = SAMPLE.replace("  notice_on_day_off: previous_working_day\n", "")
    assert parse_config_text(without).reception.notice_on_day_off is NoticeOnDayOff.PREVIOUS_WORKING_DAY
    with pytest.raises(ConfigError, match="notice_on_day_off"):
        parse_config_text(SAMPLE.replace("notice_on_day_off: previous_working_day", "notice_on_day_off: later"))
