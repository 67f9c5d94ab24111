"""The arithmetic of the report figures: plain Python, no I/O, so each rule can be tested on its own.

- :func:`rate`: a numerator over a denominator, ``None`` when the denominator is 0 (shown "—", never 0% or 100%).
- :func:`median` and :func:`percentile` over *weighted* values (value, how many times): the store hands over
  ``(reply time, count)`` groups rather than one row per case. The median of an even number of values is the
  mean of the two middle ones; the 90th percentile is the nearest rank: the smallest value with at least 90% of
  the values at or below it.
- :func:`top_n`: the largest groups and one "other" group holding the rest, so the rows still add up.
- :class:`WorkdayIndex`: working days between two dates by a prefix sum, one look-up per pair.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta


def rate(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator``; ``None`` for a zero denominator."""
    if denominator <= 0:
        return None
    return numerator / denominator


def _sorted_weights(values: Iterable[tuple[float, int]]) -> list[tuple[float, int]]:
    return sorted((value, count) for value, count in values if count > 0)


def _nth(pairs: list[tuple[float, int]], index: int) -> float:
    """The value at 0-based position ``index`` of the expanded, sorted list."""
    seen = 0
    for value, count in pairs:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)


def median(values: Iterable[tuple[float, int]]) -> float | None:
    """The median of weighted values; ``None`` when there are none."""
    pairs = _sorted_weights(values)
    total = sum(count for _, count in pairs)
    if total == 0:
        return None
    if total % 2:
        return float(_nth(pairs, total // 2))
    return (_nth(pairs, total // 2 - 1) + _nth(pairs, total // 2)) / 2


def percentile(values: Iterable[tuple[float, int]], share: float) -> float | None:
    """The nearest-rank percentile (``share`` in (0, 1]): the smallest value with at least ``share`` of the values
    at or below it; ``None`` when there are none."""
    pairs = _sorted_weights(values)
    total = sum(count for _, count in pairs)
    if total == 0:
        return None
    rank = max(1, math.ceil(share * total - 1e-9))
    return float(_nth(pairs, rank - 1))


def top_n(counts: Mapping[str, int], n: int, other: str) -> list[tuple[str, int]]:
    """The ``n`` largest groups (ties by name), then ``other`` with the rest (and with any group already named
    ``other``); empty groups left out. The counts add up to the total of ``counts``."""
    items = sorted(((name, count) for name, count in counts.items() if count > 0), key=lambda i: (-i[1], i[0]))
    named = [(name, count) for name, count in items if name != other]
    rest = sum(count for name, count in items if name == other) + sum(count for _, count in named[n:])
    shown = named[:n]
    if rest:
        shown.append((other, rest))
    return shown


class WorkdayIndex:
    """Working days after ``start`` up to and including ``end`` (the reply time of a case transferred on ``start``
    and answered on ``end``), as :func:`reception_tui.domain.followup.working_days_between` counts them, but by a
    prefix sum over the days involved: one subtraction per pair."""

    def __init__(self, first: date, last: date, is_working_day: Callable[[date], bool]) -> None:
        self.first = first
        self.prefix = [0]
        day = first
        while day <= last:
            self.prefix.append(self.prefix[-1] + (1 if is_working_day(day) else 0))
            day += timedelta(days=1)

    def _upto(self, day: date) -> int:
        """Working days from ``first`` up to and including ``day``."""
        index = (day - self.first).days + 1
        return self.prefix[max(0, min(index, len(self.prefix) - 1))]

    def by_iso(self) -> dict[str, int]:
        """Working days from ``first`` up to and including each day, keyed by the day's ISO text (so that pairs
        of stored dates need no parsing: ``by_iso[end] - by_iso[start]``)."""
        return {
            (self.first + timedelta(days=offset)).isoformat(): self.prefix[offset + 1]
            for offset in range(len(self.prefix) - 1)
        }

    def between(self, start: date, end: date) -> int:
        if end <= start:
            return 0
        return self._upto(end) - self._upto(start)
