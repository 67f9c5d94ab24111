"""How a report's figures and cells read, the same on screen, in Markdown, PDF and XLSX.

A rate with no denominator reads "—" (never 0% or 100%); a rate reads as a percentage with one decimal; a number
of working days with one decimal; a count as an integer. Labels come from the message catalogue
(``report.figure.<key>``, ``report.definition.<key>``, ``report.table.<key>``, ``report.chart.<key>``,
``report.column.<name>``); a key the catalogue lacks reads as itself, so a literal (a unit's name) passes through.
"""

from __future__ import annotations

from reception_tui.i18n import t
from reception_tui.reports.model import Cell, Figure, Unit

DASH = "—"


def format_value(value: float | int | None, unit: Unit) -> str:
    """A value as a person reads it: ``—`` when there is none, ``45.0%`` for a rate, ``3.5`` days, ``12`` items."""
    if value is None:
        return DASH
    if unit == "rate":
        return f"{value * 100:.1f}%"
    if unit == "days":
        return f"{value:.1f}"
    return str(int(value))


def text(value: str, lang: str | None = None) -> str:
    """A text cell, chart category or series name: a message key (``report.value.other``, ``report.column.issues``)
    in words, anything else (a unit's name, a category) as it is."""
    if value.startswith("report."):
        found = t(value, lang)
        return value if found == value else found
    return value


def format_cell(value: Cell, rate: bool = False, lang: str | None = None) -> str:
    """A table cell: ``—`` for ``None``, a percentage in a rate column, numbers plainly, text as it is (a message
    key such as ``report.value.other`` in words, see :func:`text`)."""
    if value is None:
        return DASH
    if isinstance(value, str):
        return text(value, lang)
    if rate:
        return format_value(value, "rate")
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return str(int(value))


def fraction(figure: Figure) -> str:
    """A rate's numerator over its denominator (``12 / 30``); empty for a figure that is not a ratio."""
    if figure.numerator is None or figure.denominator is None:
        return ""
    return f"{figure.numerator} / {figure.denominator}"


def change(figure: Figure, lang: str | None = None) -> str:
    """The change against the previous period: ``+3``, ``-2.5 个百分点`` / ``-2.5 pp``; ``—`` when a side is missing."""
    if figure.value is None or figure.previous is None:
        return DASH
    delta = figure.value - figure.previous
    if figure.unit == "rate":
        return t("report.change.points", lang, points=f"{delta * 100:+.1f}")
    if figure.unit == "days":
        return f"{delta:+.1f}"
    return f"{int(delta):+d}"


def label(kind: str, key: str, lang: str | None = None) -> str:
    """The label of a figure, table, chart or column (``kind`` is ``figure``, ``table``, ``chart``, ``column``)."""
    message = f"report.{kind}.{key}"
    text = t(message, lang)
    return key if text == message else text


def definition(key: str, lang: str | None = None) -> str:
    """How the figure ``key`` is counted, in words (empty when the catalogue has no definition for it)."""
    message = f"report.definition.{key}"
    text = t(message, lang)
    return "" if text == message else text
