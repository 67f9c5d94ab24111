"""China's working days: statutory holidays and 调休 working days from ``holidays``, plus config overrides."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import holidays

from reception_tui.domain.site import OfficialDay
from reception_tui.i18n import t

COUNTRY = "CN"
LANGUAGE = "zh_CN"
HOLIDAY_KIND, WORKDAY_KIND = "holiday", "workday"

# The package's own labels for substituted days off (休息日（由 2025-01-26 调休）) and observed
# days (春节（补假）): the festival name is what a notice and a shift reason want.
_LABEL_SUFFIX = re.compile(r"（[^）]*）$")
_SUBSTITUTED_DAY = "休息日"
_SPRING_FESTIVAL, _NEW_YEARS_EVE = "春节", "农历除夕"
_BLOCK_LIMIT = 20
"""How far we look for the ends of a holiday period (official ones last at most 10 days)."""


def _package_published_years() -> frozenset[int]:
    """Years whose official schedule (with its 调休 substitutions) the installed package carries.

    The State Council publishes each year's arrangement in November or December; the package
    records it in ``ChinaStaticHolidays.special_public_holidays``, keyed by year. Every year since
    2001 has substitutions, so a year without an entry is one the package only computes by rule.
    """
    from holidays.countries.china import ChinaStaticHolidays

    return frozenset(int(year) for year in ChinaStaticHolidays.special_public_holidays)


def festival_name(label: str) -> str:
    """The festival a package label names: ``春节（补假）`` → ``春节``; a bare substituted day → ``""``."""
    names = []
    for part in label.split(";"):
        name = _LABEL_SUFFIX.sub("", part.strip())
        if name and name != _SUBSTITUTED_DAY and name not in names:
            names.append(name)
    return "、".join(names)


@dataclass(frozen=True)
class DayStatus:
    """What the calendar says about one date."""

    day: date
    working: bool
    name: str = ""
    """The holiday's Chinese name for a day off that is a holiday (empty for a plain weekend)."""
    adjusted: bool = False
    """A Saturday or Sunday that is an official working day (调休上班)."""
    from_config: bool = False
    estimated: bool = False


class WorkingDays:
    """Working-day test for China, with the office's overrides; safe to share between threads.

    A year is *published* when the installed ``holidays`` package carries its official schedule, or
    when the config lists official days in it (the office has typed in that year's State Council
    notice). For any other year the package's rule-based guess is used and the year is an
    *estimate*: its days say so and the user is told.
    """

    def __init__(self, official_days: Iterable[OfficialDay] = ()) -> None:
        self._overrides: dict[date, OfficialDay] = {day.day: day for day in official_days}
        self._config_years = frozenset(day.year for day in self._overrides)
        self.package_years = _package_published_years()
        self._lock = threading.Lock()
        self._by_rule: Any = holidays.country_holidays(COUNTRY, language=LANGUAGE)
        self._statutory: Any = holidays.country_holidays(COUNTRY, language=LANGUAGE, observed=False)

    # -- years ---------------------------------------------------------------------------------

    def is_published(self, year: int) -> bool:
        """Whether the official schedule of ``year`` is known (package or config)."""
        return year in self.package_years or year in self._config_years

    def is_estimated(self, year: int) -> bool:
        """Whether ``year``'s holidays are only the package's rule-based guess."""
        return not self.is_published(year)

    def latest_published_year(self) -> int:
        """The last year the package has an official schedule for."""
        return max(self.package_years)

    # -- days ----------------------------------------------------------------------------------

    def status(self, day: date) -> DayStatus:
        """Whether ``day`` is a working day, and why."""
        estimated = self.is_estimated(day.year)
        override = self._overrides.get(day)
        weekend = day.weekday() >= 5
        if override is not None:
            working = override.kind == WORKDAY_KIND
            name = "" if working else (override.name or t("calendar.reason.official_day_off", lang="zh"))
            return DayStatus(day, working, name, adjusted=working and weekend, from_config=True)
        with self._lock:
            if day.year in self._config_years and day.year not in self.package_years:
                # The office listed this year's schedule: the package adds only the statutory days.
                label = self._statutory.get(day)
                return DayStatus(day, not weekend and label is None, festival_name(label or ""))
            label = self._by_rule.get(day)
            working = bool(self._by_rule.is_working_day(day))
        return DayStatus(
            day, working, "" if working else festival_name(label or ""),
            adjusted=working and weekend, estimated=estimated,
        )

    def is_working_day(self, day: date) -> bool:
        """Whether the office works on ``day`` (调休 Saturdays and Sundays count as working days)."""
        return self.status(day).working

    def __call__(self, day: date) -> bool:
        return self.is_working_day(day)

    def holiday_period_name(self, day: date) -> str:
        """The festival(s) of the run of days off around ``day``, e.g. ``国庆节、中秋节``; ``""`` if none.

        A weekend joined to a festival belongs to its holiday period (the State Council's notice
        says 端午节 6月19日至21日放假), so the weekend is explained by the festival.
        """
        if self.status(day).working:
            return ""
        first = day
        for _ in range(_BLOCK_LIMIT):
            previous = first - timedelta(days=1)
            if self.status(previous).working:
                break
            first = previous
        names: list[str] = []
        current = first
        for _ in range(2 * _BLOCK_LIMIT):
            status = self.status(current)
            if status.working:
                break
            for name in status.name.split("、"):
                if name and name not in names:
                    names.append(name)
            current += timedelta(days=1)
        if _SPRING_FESTIVAL in names and _NEW_YEARS_EVE in names:
            names.remove(_NEW_YEARS_EVE)  # 除夕 is part of the 春节 holiday in every notice
        return "、".join(names)
