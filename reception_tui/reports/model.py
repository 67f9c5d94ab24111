"""What a report is made of: plain, immutable data that every renderer (screen, Markdown, JSON, PDF, XLSX) reads.

A report never holds personal data: only counts, rates, units, categories, districts, sites and deputies' names
(deputies are public office holders). Labels are message keys (``report.*`` in ``i18n/messages/reports.py``), so the
same report renders in Chinese or English; values that come from the data (a unit's name, a category) are literal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Unit = Literal["count", "rate", "days"]
"""How a figure's value reads: a count, a rate in [0, 1] (shown as a percentage), or a number of working days."""

Cell = str | int | float | None
"""A table cell: text, a number, or ``None`` (shown as "—")."""


@dataclass(frozen=True)
class Period:
    """A closed range of days ``start..end`` (both included) and how a person wrote it (``2026-11``, ``2026Q4``)."""

    start: date
    end: date
    label: str


@dataclass(frozen=True)
class Figure:
    """One headline figure.

    ``key`` names it: its label is the message ``report.figure.<key>`` and its definition ``report.definition.<key>``.
    A rate carries its ``numerator`` and ``denominator``; its ``value`` is ``None`` when the denominator is 0 (shown
    as "—", never 0% or 100%). ``previous`` is the same figure over the previous period of the same length (``None``
    when it has no value there)."""

    key: str
    unit: Unit
    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None
    previous: float | int | None = None


@dataclass(frozen=True)
class Table:
    """A breakdown: a title (message key ``report.table.<key>``), column headers (message keys) and rows.

    Rows hold literal data values (a unit's name) and numbers; a rate cell is a float in [0, 1] or ``None``.
    ``rate_columns`` are the indices of columns to show as percentages."""

    key: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    rate_columns: tuple[int, ...] = ()


@dataclass(frozen=True)
class Series:
    """One series of a chart: its name (a message key or a literal) and one value per category."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A chart: ``bar`` (categories along one axis) or ``line`` (a trend, categories are periods).

    Its title is the message ``report.chart.<key>``; ``table`` names the :class:`Table` it is drawn from, so a
    reader can find every plotted number in the data."""

    key: str
    kind: Literal["bar", "line"]
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    table: str
    unit: Unit = "count"


@dataclass(frozen=True)
class Report:
    """A whole report: the period and the previous one, what it covers, and its figures, tables and charts."""

    period: Period
    previous: Period
    site: str | None
    office_name: str
    generated_at: datetime
    figures: tuple[Figure, ...]
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    notes: tuple[str, ...] = field(default=())
    """Message keys of remarks about the data (for example, sessions planned but never imported)."""

    def figure(self, key: str) -> Figure:
        """The figure named ``key`` (KeyError when the report has none)."""
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)

    def table(self, key: str) -> Table:
        """The table named ``key`` (KeyError when the report has none)."""
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)
