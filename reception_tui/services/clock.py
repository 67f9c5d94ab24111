"""Time for the program: the one place that reads the wall clock; everything else is handed a clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def site_clock(timezone: str) -> Clock:
    """A clock giving the current time in ``timezone`` (to the second)."""
    zone = ZoneInfo(timezone)

    def now() -> datetime:
        return datetime.now(zone).replace(microsecond=0)

    return now


def site_today(timezone: str) -> date:
    """Today's date in ``timezone``."""
    return site_clock(timezone)().date()


def machine_now() -> datetime:
    """The current time in this computer's zone, with its offset (to the second): export, import and purge
    stamps."""
    return datetime.now(UTC).astimezone().replace(microsecond=0)
