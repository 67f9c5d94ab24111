"""What the PDF, the XLSX and the 统计 screen say alike about a report: its header lines and series names."""

from __future__ import annotations

from reception_tui.i18n import t
from reception_tui.reports.model import Cell, Chart, Period, Report, Table
from reception_tui.reports.words import format_cell, label, text

COLUMN_PREFIX = "report.column."


def period_text(period: Period, lang: str | None = None) -> str:
    """``2026-11（2026-11-01 至 2026-11-30）``."""
    return t("report_view.range", lang, label=period.label, start=period.start.isoformat(), end=period.end.isoformat())


def header_rows(report: Report, lang: str | None = None) -> list[tuple[str, str]]:
    """(heading, value) lines of a report's title block: office, period, previous period, site, generated time."""
    return [
        (t("report_view.office", lang), report.office_name),
        (t("report_view.period", lang), period_text(report.period, lang)),
        (t("report_view.previous", lang), period_text(report.previous, lang)),
        (t("report_view.site", lang), report.site or t("report_view.all_sites", lang)),
        (t("report_view.generated", lang), report.generated_at.strftime("%Y-%m-%d %H:%M")),
    ]


display = text
"""A text cell or chart category: a message key (``report.value.other``) in words, anything else (a unit's name,
a category) as it is: :func:`reception_tui.reports.words.text` under the name the renderers use."""


def cell_text(value: Cell, rate: bool = False, lang: str | None = None) -> str:
    """A table cell as it reads: ``—`` for none, a percentage in a rate column, a message key in words
    (:func:`reception_tui.reports.words.format_cell`)."""
    return format_cell(value, rate, lang)


def series_column(name: str) -> str:
    """The table column a series is named after (``report.column.issues`` and ``issues`` are both ``issues``)."""
    return name.removeprefix(COLUMN_PREFIX)


def series_label(name: str, lang: str | None = None) -> str:
    """A series' name: a column's label (``issues`` or ``report.column.issues`` → 事项), another message key in
    words, or the literal as it is (a column the catalogue lacks reads as its bare name)."""
    column = series_column(name)
    text = label("column", column, lang)
    if text != column:
        return text
    if name.startswith("report.") and not name.startswith(COLUMN_PREFIX):
        return display(name, lang)
    return column


def note_text(key: str, lang: str | None = None) -> str:
    """A note of the report (a message key; a literal passes through)."""
    return t(key, lang)


def chart_table(report: Report, chart: Chart) -> Table | None:
    """The table a chart is drawn from (``None`` when the report has no such table)."""
    try:
        return report.table(chart.table)
    except KeyError:
        return None
