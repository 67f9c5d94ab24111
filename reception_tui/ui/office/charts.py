"""Terminal charts of a report: horizontal bars with CJK labels aligned by cell width, and a sparkline drawn as
coloured cells. Bars and columns are background-coloured spaces (block characters are double width in many CJK
terminals), in the theme's colours, so they read in light and dark themes alike."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

from reception_tui.i18n import t
from reception_tui.reports.layout import display, series_label
from reception_tui.reports.model import Chart, Figure, Report, Unit
from reception_tui.reports.words import change, format_value, fraction, label
from reception_tui.ui.shared.text import literal

SERIES_STYLES = ("on $primary", "on $warning", "on $success", "on $error", "on $secondary")
"""One background per series, from the theme."""
MAX_LABEL_SHARE = 3
"""A bar's label takes at most a third of the width (cut with an ellipsis beyond)."""
SPARK_HEIGHT = 5
"""Rows of a sparkline."""
SPARK_GAP = 3
"""Cells between sparklines side by side."""
MAX_BAR = 64
"""The longest bar, in cells (longer ones read no better on a wide screen)."""


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, an ellipsis marking the cut (a wide character is never split)."""
    if cell_len(text) <= width:
        return text
    kept = ""
    for char in text:
        if cell_len(kept) + cell_len(char) > width - 1:
            break
        kept += char
    return kept + "…"


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` cut or padded with spaces to exactly ``width`` cells (``right``: aligned to the right)."""
    text = cut(text, width)
    room = " " * max(0, width - cell_len(text))
    return room + text if right else text + room


def point(value: float, unit: Unit) -> str:
    """A plotted value as the reports write it (a count without decimals)."""
    if unit == "count":
        return f"{value:g}"
    return format_value(value, unit)


def _scale(chart: Chart) -> float:
    top = max((value for series in chart.series for value in series.values), default=0.0)
    if chart.unit == "rate":
        return max(1.0, top)
    return top if top > 0 else 1.0


def legend(chart: Chart, lang: str | None = None) -> Content:
    """A line naming each series beside its colour (two coloured cells)."""
    parts: list[Content | tuple[str, str] | str] = []
    for index, series in enumerate(chart.series):
        if index:
            parts.append("   ")
        parts.append(("  ", SERIES_STYLES[index % len(SERIES_STYLES)]))
        parts.append(" ")
        parts.append(literal(series_label(series.name, lang)))
    return Content.assemble(*parts)


def bar_lines(chart: Chart, width: int, lang: str | None = None) -> list[Content]:
    """Horizontal bars, one line per category and series: the label (aligned by cell width), the bar, the value."""
    if not chart.categories or not chart.series:
        return []
    labels = [display(category, lang) for category in chart.categories]
    label_width = min(max(cell_len(text) for text in labels), max(6, width // MAX_LABEL_SHARE))
    values = [[point(value, chart.unit) for value in series.values] for series in chart.series]
    value_width = max(cell_len(text) for texts in values for text in texts)
    room = max(1, min(MAX_BAR, width - label_width - value_width - 3))
    top = _scale(chart)
    lines: list[Content] = []
    if len(chart.series) > 1:
        lines.append(Content.assemble(" " * (label_width + 1), legend(chart, lang)))
    for row, name in enumerate(labels):
        for index, series in enumerate(chart.series):
            value = series.values[row] if row < len(series.values) else 0.0
            cells = round(value / top * room) if value > 0 else 0
            cells = max(cells, 1) if value > 0 else 0
            text = values[index][row] if row < len(values[index]) else ""
            lines.append(Content.assemble(
                literal(pad(name if index == 0 else "", label_width)), " ",
                (" " * cells, SERIES_STYLES[index % len(SERIES_STYLES)]), " ", literal(text),
            ))  # fmt: skip
    return lines


def spark_lines(chart: Chart, width: int, lang: str | None = None, height: int = SPARK_HEIGHT) -> list[Content]:
    """A sparkline per series, side by side when the width allows: columns of coloured cells, the highest value on
    the axis, the values under the columns when they fit, the first and last category under the ends."""
    if not chart.categories or not chart.series:
        return []
    top = _scale(chart)
    axis = max(cell_len(point(top, chart.unit)), 1)
    count, series = len(chart.categories), len(chart.series)
    per_row = next((k for k in range(series, 0, -1) if (width - SPARK_GAP * (k - 1)) // k - axis - 1 >= count * 2), 1)
    block = (width - SPARK_GAP * (per_row - 1)) // per_row
    blocks = [_spark_block(chart, index, block, axis, top, height, lang) for index in range(series)]
    lines: list[Content] = []
    for first in range(0, series, per_row):
        group = blocks[first : first + per_row]
        for row in range(max(len(lines_) for lines_ in group)):
            parts: list[Content | tuple[str, str] | str] = []
            for number, lines_ in enumerate(group):
                line = lines_[row] if row < len(lines_) else Content("")
                if number:
                    parts.append(" " * SPARK_GAP)
                parts.append(line)
                if number < len(group) - 1:
                    parts.append(" " * max(0, block - line.cell_length))
            lines.append(Content.assemble(*parts))
    return lines


def _spark_block(
    chart: Chart, index: int, width: int, axis: int, top: float, height: int, lang: str | None
) -> list[Content]:
    series = chart.series[index]
    style = SERIES_STYLES[index % len(SERIES_STYLES)]
    room = max(1, width - axis - 1)
    count = len(chart.categories)
    gap = 1 if count * 2 <= room else 0
    column = max(1, min(4, room // count - gap))
    shown = min(count, room // (column + gap) or 1)
    first = count - shown
    values = list(series.values[first:count])
    latest = point(series.values[-1], chart.unit) if series.values else ""
    name = cut(f"{series_label(series.name, lang)}  {latest}", max(1, width - 3))
    lines = [Content.assemble(("  ", style), " ", literal(name))]
    levels = [max(round(value / top * height), 1) if value > 0 else 0 for value in values]
    for row in range(height, 0, -1):
        tick = point(top, chart.unit) if row == height else ("0" if row == 1 else "")
        parts: list[Content | tuple[str, str] | str] = [pad(tick, axis, right=True), "│"]
        for level in levels:
            parts.append((" " * column, style) if level >= row else " " * column)
            parts.append(" " * gap)
        lines.append(Content.assemble(*parts))
    texts = [point(value, chart.unit) for value in values]
    if all(cell_len(text) <= column + gap for text in texts):
        lines.append(Content.assemble(" " * (axis + 1), ("".join(pad(text, column + gap) for text in texts),
                                                           "$text-muted")))  # fmt: skip
    span = shown * (column + gap) - gap
    start, end = display(chart.categories[first], lang), display(chart.categories[-1], lang)
    if shown > 1 and cell_len(start) + cell_len(end) + 1 <= span:
        ends = start + " " * (span - cell_len(start) - cell_len(end)) + end
    elif shown > 1:
        ends = cut(f"{start}…{end}", room)
    else:
        ends = cut(end, room)
    lines.append(Content.assemble(" " * (axis + 1), literal(ends)))
    return lines


def chart_lines(chart: Chart, width: int, lang: str | None = None) -> list[Content]:
    """The chart as terminal lines: bars for ``bar``, a sparkline for ``line``; one line saying so when the period
    has nothing to draw (a heading over blank space reads as a broken screen)."""
    lines = spark_lines(chart, width, lang) if chart.kind == "line" else bar_lines(chart, width, lang)
    return lines or [Content(t("report_view.chart.empty", lang))]


def figure_cells(figure: Figure, lang: str | None = None) -> tuple[str, str, str, str]:
    """A figure's label, value, numerator / denominator and change, as the reports write them."""
    return (
        label("figure", figure.key, lang),
        format_value(figure.value, figure.unit),
        fraction(figure),
        change(figure, lang),
    )


def figure_lines(report: Report, width: int, lang: str | None = None) -> list[Content]:
    """The figures, one a line (label, value, fraction, change), in two columns when the width allows."""
    rows = [figure_cells(figure, lang) for figure in report.figures]
    if not rows:
        return []
    widths = [max(cell_len(row[column]) for row in rows) for column in range(4)]
    widths[0] = min(widths[0], 26)
    line_width = sum(widths) + 6
    columns = 2 if width >= 2 * line_width + 3 else 1
    if columns == 1 and line_width > width:  # narrow: the label gives way
        widths[0] = max(8, widths[0] - (line_width - width))
    lines: list[Content] = []
    per_column = (len(rows) + columns - 1) // columns
    for index in range(per_column):
        parts: list[Content | tuple[str, str] | str] = []
        for column in range(columns):
            number = column * per_column + index
            if number >= len(rows):
                continue
            name, value, ratio, delta = rows[number]
            if column:
                parts.append("   ")
            parts.append(literal(pad(name, widths[0])))
            parts.append(" ")
            parts.append((pad(value, widths[1], right=True), "bold"))
            parts.append(literal("  " + pad(ratio, widths[2], right=True)))
            parts.append(("  " + pad(delta, widths[3]), "$text-muted"))
        lines.append(Content.assemble(*parts))
    return lines
