"""The duty rota (轮值): deputies take turns fairly around the dates they cannot attend; quotas per level."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from reception_tui.calendar.schedule import ReceptionDay
from reception_tui.domain.site import Deputy


@dataclass(frozen=True)
class DutyDay:
    """A reception day with the deputies on duty."""

    reception: ReceptionDay
    deputies: tuple[Deputy, ...]
    missing: int = 0
    """Seats left empty because too few deputies are available that day."""


@dataclass(frozen=True)
class QuotaLine:
    """One deputy's reception days in the year against the yearly activity quota of their level."""

    deputy: Deputy
    count: int
    quota: int | None
    """Days a year the level requires (``None``: the config sets no quota for this level)."""

    @property
    def shortfall(self) -> int:
        """Days still needed from other activities to reach the quota (0 when reached or no quota)."""
        return max(0, self.quota - self.count) if self.quota is not None else 0

    @property
    def below_quota(self) -> bool:
        """Whether the rota alone leaves the deputy below their quota."""
        return self.shortfall > 0


@dataclass(frozen=True)
class Rota:
    """The whole year's rota."""

    days: tuple[DutyDay, ...]
    counts: Mapping[str, int]
    """Reception days per deputy name (every configured deputy, zero included)."""

    def on(self, day: date) -> DutyDay | None:
        """The duty of the reception day held on ``day``."""
        for duty in self.days:
            if duty.reception.day == day:
                return duty
        return None

    def quota_lines(self, deputies: Sequence[Deputy], quotas: Mapping[str, int]) -> list[QuotaLine]:
        """Each deputy's count against the quota for their level, in config order."""
        return [QuotaLine(d, self.counts.get(d.name, 0), quotas.get(d.level)) for d in deputies]


def assign_rota(days: Sequence[ReceptionDay], deputies: Sequence[Deputy], per_day: int) -> Rota:
    """Fill each day with ``per_day`` deputies: fewest days so far first, then longest since last on duty,
    then config order (stable, so the same config always gives the same rota).

    A deputy is never put on a date listed in their ``unavailable`` dates; when fewer than
    ``per_day`` are available, the day keeps the seats it could fill and reports the rest missing.
    """
    counts = {deputy.name: 0 for deputy in deputies}
    last: dict[str, date] = {}
    order = {deputy.name: index for index, deputy in enumerate(deputies)}
    duties = []
    for reception in sorted(days, key=lambda d: d.day):
        available = [d for d in deputies if reception.day not in d.unavailable]
        available.sort(key=lambda d: (counts[d.name], last.get(d.name, date.min), order[d.name]))
        chosen = available[:per_day]
        for deputy in chosen:
            counts[deputy.name] += 1
            last[deputy.name] = reception.day
        chosen.sort(key=lambda d: order[d.name])
        duties.append(DutyDay(reception, tuple(chosen), per_day - len(chosen)))
    return Rota(tuple(duties), counts)
