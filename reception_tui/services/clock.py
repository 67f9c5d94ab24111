"""Time for the services: aware timestamps in the site's time zone, replaceable in tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def site_clock(timezone: str) -> Clock:
    """A clock giving the current time in ``timezone`` (to the second)."""
    zone = ZoneInfo(timezone)

    def now() -> datetime:
        return datetime.now(zone).replace(microsecond=0)

    return now
