"""A studio's year in one call: reception days, rota and quotas from the site config."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reception_tui.calendar.rota import DutyDay, QuotaLine, Rota, assign_rota
from reception_tui.calendar.schedule import find_reception_day, reception_days
from reception_tui.calendar.workdays import WorkingDays
from reception_tui.domain.site import SiteConfig
from reception_tui.i18n import t


@dataclass(frozen=True)
class YearPlan:
    """Everything the schedule command and screen show for one year."""

    year: int
    days: tuple[DutyDay, ...]
    quota_lines: tuple[QuotaLine, ...]
    estimated: bool
    """Some of this year's dates rest on a holiday schedule that is not published yet."""
    estimated_years: tuple[int, ...]
    """The unpublished years involved (normally just :attr:`year`; a December shift may add the next)."""
    rota: Rota

    def estimate_warning(self, lang: str | None = None) -> str:
        """The sentence that tells the user the dates are an estimate ("" when they are not)."""
        if not self.estimated:
            return ""
        years = "、".join(str(year) for year in self.estimated_years)
        return t("calendar.estimate.warning", lang=lang, years=years)


def working_days(config: SiteConfig) -> WorkingDays:
    """The working-day calendar for this config (China's holidays plus the config's official days)."""
    return WorkingDays(config.official_days)


def make_working_day_test(config: SiteConfig) -> Callable[[date], bool]:
    """A predicate ``is_working_day(day)`` for reply dates (see ``domain.dispositions.reply_due``).

    Counts adjusted working Saturdays and Sundays (调休) as working days and statutory holidays as
    days off, with the config's official days taking precedence.
    """
    return WorkingDays(config.official_days).is_working_day


def plan_year(config: SiteConfig, year: int, days: WorkingDays | None = None) -> YearPlan:
    """The reception days of ``year`` with the rota and each deputy's count against the quota."""
    days = days or working_days(config)
    receptions = reception_days(config.reception, year, days)
    rota = assign_rota(receptions, config.deputies, config.reception.deputies_per_day)
    involved = sorted({r.nominal.year for r in receptions} | {r.day.year for r in receptions})
    estimated_years = tuple(y for y in involved if days.is_estimated(y))
    return YearPlan(
        year=year,
        days=rota.days,
        quota_lines=tuple(rota.quota_lines(config.deputies, config.quotas)),
        estimated=any(r.estimated for r in receptions),
        estimated_years=estimated_years,
        rota=rota,
    )


def duty_for(config: SiteConfig, day: date, days: WorkingDays | None = None) -> DutyDay | None:
    """The reception day held on ``day`` with its deputies, or ``None`` if the rule gives none that day.

    The rota is that of the reception's own year (a December day postponed into January keeps
    December's year and its turn).
    """
    days = days or working_days(config)
    reception = find_reception_day(config.reception, day, days)
    if reception is None:
        return None
    return plan_year(config, reception.nominal.year, days).rota.on(day)
