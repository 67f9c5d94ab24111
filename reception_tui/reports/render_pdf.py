"""A report as an A4 PDF: the title block, the figures with their definitions, each table, and vector charts."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as GridTable

from reception_tui.i18n import t
from reception_tui.office.documents.render import FRAME_WIDTH, Styles, build, grid_style, para
from reception_tui.pdf.fonts import cjk_font_name
from reception_tui.reports.layout import cell_text, chart_table, display, header_rows, note_text, series_label
from reception_tui.reports.model import Chart, Report, Table, Unit
from reception_tui.reports.words import change, definition, format_value, fraction, label
from reception_tui.storage.atomic import write_atomic

PAGE_WIDTH, PAGE_HEIGHT = A4
CHART_FONT_SIZE = 8.0
SERIES_COLOURS = (
    colors.HexColor("#3b6ea5"),
    colors.HexColor("#e07b39"),
    colors.HexColor("#4f9a5a"),
    colors.HexColor("#a65d9c"),
    colors.HexColor("#8c8c8c"),
)
"""Series colours that stay apart in greyscale print too (dark blue, orange, green, purple, grey)."""
MAX_PLOT_HEIGHT = 560.0
"""A bar chart with more categories than fit this many points is drawn in parts (each fits a page)."""
MAX_LINE_LABELS = 24
"""A line chart names at most this many categories along its axis (every n-th, and the last)."""
MAX_POINT_LABELS = 13
"""A line chart writes its values beside its points for one series of at most this many points."""
MAX_LABEL_WIDTH = 150.0
"""A bar chart's category labels are cut (with an ellipsis) beyond this many points."""


def write_pdf(report: Report, path: Path, lang: str, *, embed_font: bool = True) -> None:
    """Write ``report`` as a PDF at ``path`` durably (a temp file in the same folder, then a rename)."""
    write_atomic(path, pdf_bytes(report, lang, embed_font=embed_font))


def pdf_bytes(report: Report, lang: str, *, embed_font: bool = True) -> bytes:
    """The PDF of ``report`` in ``lang``; the same bytes for the same report."""
    font = cjk_font_name(embed_font)
    styles = Styles(font)
    story: list[Flowable] = [*_title_block(report, lang, styles), *_figures(report, lang, styles)]
    drawn: set[str] = set()
    for table in report.tables:
        charts = [chart for chart in report.charts if chart.table == table.key]
        drawn.update(chart.key for chart in charts)
        story.extend(_table_section(table, charts, report, lang, styles))
    for chart in report.charts:
        if chart.key not in drawn:
            story.append(KeepTogether(_chart_block(chart, report, lang, styles)))
    return build(
        story, title=f"{report.office_name} {t('report_view.title', lang)} {report.period.label}",
        embed_font=embed_font, page_label=lambda page: t("report_view.page", lang, page=page),
    )  # fmt: skip


# -- text --------------------------------------------------------------------------------------------


def _title_block(report: Report, lang: str, styles: Styles) -> list[Flowable]:
    rows = [[para(heading, styles.cell), para(value, styles.cell)] for heading, value in header_rows(report, lang)]
    grid = GridTable(rows, colWidths=[FRAME_WIDTH * 0.25, FRAME_WIDTH * 0.75])
    grid.setStyle(TableStyle([*grid_style(styles.font, header=False),
                              ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0f0f0"))]))  # fmt: skip
    return [
        para(t("report_view.title", lang), styles.title),
        para(f"{report.office_name}\u3000{report.period.label}", styles.subtitle),
        grid,
        Spacer(1, 12),
    ]


def _heading(text: str, styles: Styles) -> Paragraph:
    return para(text, styles.emphasis)


def _right(styles: Styles) -> ParagraphStyle:
    return ParagraphStyle("cell_right", parent=styles.cell, alignment=TA_RIGHT)


def _figures(report: Report, lang: str, styles: Styles) -> list[Flowable]:
    right = _right(styles)
    header = [para(t(key, lang), styles.cell_center) for key in
              ("report_view.figure", "report_view.value", "report_view.fraction", "report_view.change",
               "report_view.definition")]  # fmt: skip
    rows: list[list[Flowable]] = [header]
    for figure in report.figures:
        rows.append([
            para(label("figure", figure.key, lang), styles.cell),
            para(format_value(figure.value, figure.unit), right),
            para(fraction(figure), right),
            para(change(figure, lang), right),
            para(definition(figure.key, lang), styles.cell),
        ])  # fmt: skip
    widths = [w * FRAME_WIDTH for w in (0.22, 0.12, 0.14, 0.14, 0.38)]
    grid = GridTable(rows, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle(grid_style(styles.font, header=True)))
    notes = [t("report_view.dash_note", lang), *(note_text(key, lang) for key in report.notes)]
    return [
        _heading(t("report_view.figures", lang), styles),
        grid,
        Spacer(1, 6),
        para(t("report_view.notes", lang), styles.small),
        *(para(f"{number}. {note}", styles.small) for number, note in enumerate(notes, start=1)),
    ]


def _table_section(table: Table, charts: Sequence[Chart], report: Report, lang: str, styles: Styles) -> list[Flowable]:
    title = label("table", table.key, lang)
    grid = _grid(table, lang, styles)
    if not charts:
        return (
            [KeepTogether([_heading(title, styles), grid])] if len(table.rows) < 20 else [_heading(title, styles), grid]
        )
    first, *rest = charts
    story: list[Flowable] = [KeepTogether([_heading(title, styles), *_chart_block(first, report, lang, styles)])]
    story.extend(KeepTogether(_chart_block(chart, report, lang, styles)) for chart in rest)
    story.append(grid)
    return story


def _grid(table: Table, lang: str, styles: Styles) -> GridTable:
    right = _right(styles)
    header = [para(label("column", column, lang), styles.cell_center) for column in table.columns]
    rows: list[list[Flowable]] = [header]
    for cells in table.rows:
        rows.append([
            para(cell_text(cell, index in table.rate_columns, lang), styles.cell if isinstance(cell, str) else right)
            for index, cell in enumerate(cells)
        ])  # fmt: skip
    count = max(len(table.columns), 1)
    if count == 1:
        widths = [FRAME_WIDTH]
    else:
        first = min(FRAME_WIDTH * 0.4, FRAME_WIDTH * 2 / (count + 1))
        widths = [first, *[(FRAME_WIDTH - first) / (count - 1)] * (count - 1)]
    grid = GridTable(rows, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle(grid_style(styles.font, header=True)))
    return grid


# -- charts ------------------------------------------------------------------------------------------


def _chart_block(chart: Chart, report: Report, lang: str, styles: Styles) -> list[Flowable]:
    title = label("chart", chart.key, lang)
    drawings = chart_drawings(chart, lang, styles.font)
    source = chart_table(report, chart)
    block: list[Flowable] = [para(title, styles.body), *drawings]
    if source is not None:
        block.append(para(t("report_view.chart_source", lang, table=label("table", source.key, lang)), styles.small))
    block.append(Spacer(1, 8))
    return block


def _value_format(unit: Unit) -> Callable[[float], str]:
    def text(value: float) -> str:
        if unit == "rate":
            return f"{value * 100:.0f}%"
        return f"{value:g}"

    return text


def _point_format(unit: Unit) -> Callable[[float], str]:
    def text(value: float) -> str:
        if unit == "count":
            return f"{value:g}"
        return format_value(value, unit)

    return text


def _cut(text: str, font: str, width: float) -> str:
    if stringWidth(text, font, CHART_FONT_SIZE) <= width:
        return text
    while text and stringWidth(text + "…", font, CHART_FONT_SIZE) > width:
        text = text[:-1]
    return text + "…"


def chart_drawings(chart: Chart, lang: str, font: str, width: float = FRAME_WIDTH) -> list[Drawing]:
    """Vector drawings of ``chart``: horizontal bars (Chinese category labels read along the left), in parts on one
    scale when there are too many categories for a page, or a line."""
    if not chart.categories or not chart.series:
        drawing = Drawing(width, 30)
        drawing.add(String(0, 10, t("report_view.screen.empty", lang), fontName=font, fontSize=CHART_FONT_SIZE + 1))
        return [drawing]
    if chart.kind == "line":
        return [_line_drawing(chart, lang, font, width)]
    per_part = max(1, int(MAX_PLOT_HEIGHT // _group_height(chart)))
    scale = _value_range(chart)
    return [
        _bar_drawing(_part(chart, first, first + per_part), lang, font, width, scale, legend=first == 0)
        for first in range(0, len(chart.categories), per_part)
    ]


def chart_drawing(chart: Chart, lang: str, font: str, width: float = FRAME_WIDTH) -> Drawing:
    """The first (for most charts, the only) drawing of :func:`chart_drawings`."""
    return chart_drawings(chart, lang, font, width)[0]


def _part(chart: Chart, first: int, last: int) -> Chart:
    series = tuple(replace(s, values=s.values[first:last]) for s in chart.series)
    return replace(chart, categories=chart.categories[first:last], series=series)


def _group_height(chart: Chart) -> float:
    return 8.0 + 11.0 * len(chart.series)


def _value_range(chart: Chart) -> tuple[float, float, float]:
    """The value axis from 0 to a round number above the highest value, and its step (about five steps)."""
    if chart.unit == "rate":
        return 0.0, 1.0, 0.2
    top = max((value for series in chart.series for value in series.values), default=0.0)
    if top <= 0:
        return 0.0, 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(top / 5))
    multiples = (1, 2, 5, 10) if chart.unit == "count" else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in multiples if m * magnitude * 5 >= top)
    if chart.unit == "count":
        step = max(step, 1.0)
    return 0.0, step * math.ceil(top / step + (0.15 if top % step == 0 else 0)), step


def _legend(chart: Chart, lang: str, font: str, x: float, y: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 0
    legend.dx = legend.dy = 8
    legend.fontName, legend.fontSize = font, CHART_FONT_SIZE
    legend.boxAnchor = "ne"
    legend.colorNamePairs = [
        (SERIES_COLOURS[index % len(SERIES_COLOURS)], series_label(series.name, lang))
        for index, series in enumerate(chart.series)
    ]
    legend.variColumn = 1
    legend.dxTextSpace = 4
    legend.autoXPadding = 12
    legend.columnMaximum = 1
    return legend


def _bar_drawing(
    chart: Chart, lang: str, font: str, width: float, scale: tuple[float, float, float], *, legend: bool
) -> Drawing:
    names = [_cut(display(name, lang), font, MAX_LABEL_WIDTH) for name in chart.categories]
    label_width = max(stringWidth(name, font, CHART_FONT_SIZE) for name in names) + 12
    count, series = len(chart.categories), len(chart.series)
    legend_room = 16 if series > 1 and legend else 0
    plot_height = count * _group_height(chart)
    height = plot_height + 24 + legend_room
    drawing = Drawing(width, height)
    bars = HorizontalBarChart()
    bars.x, bars.y = label_width, 18
    bars.width, bars.height = width - label_width - 40, plot_height
    # reportlab draws the first category (and a group's first series) at the bottom: both reversed, the chart
    # reads top-down like the table and the legend
    bars.data = [tuple(reversed(s.values)) for s in reversed(chart.series)]
    bars.categoryAxis.categoryNames = list(reversed(names))
    bars.categoryAxis.labels.fontName = font
    bars.categoryAxis.labels.fontSize = CHART_FONT_SIZE
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.labels.dx = -6
    bars.categoryAxis.strokeColor = colors.black
    bars.groupSpacing = 6
    bars.barSpacing = 1
    low, high, step = scale
    bars.valueAxis.valueMin, bars.valueAxis.valueMax, bars.valueAxis.valueStep = low, high, step
    bars.valueAxis.labels.fontName = font
    bars.valueAxis.labels.fontSize = CHART_FONT_SIZE
    bars.valueAxis.labelTextFormat = _value_format(chart.unit)
    bars.valueAxis.visibleGrid = True
    bars.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    bars.valueAxis.strokeColor = colors.black
    bars.barLabelFormat = _point_format(chart.unit)
    bars.barLabels.fontName = font
    bars.barLabels.fontSize = CHART_FONT_SIZE - 1
    bars.barLabels.boxAnchor = "w"
    bars.barLabels.dx = 3
    bars.bars.strokeColor = None
    for index in range(series):
        bars.bars[series - 1 - index].fillColor = SERIES_COLOURS[index % len(SERIES_COLOURS)]
    drawing.add(bars)
    if series > 1 and legend:
        drawing.add(_legend(chart, lang, font, width, height))
    return drawing


def _line_drawing(chart: Chart, lang: str, font: str, width: float) -> Drawing:
    names = [display(name, lang) for name in chart.categories]
    count, series = len(names), len(chart.series)
    every = math.ceil(count / MAX_LINE_LABELS)
    shown = {index for index in range(0, count, every) if count - 1 - index >= every} | {count - 1}
    names = [name if index in shown else "" for index, name in enumerate(names)]
    widest = max(stringWidth(name, font, CHART_FONT_SIZE) for name in names)
    slot = (width - 60) / max(count, 1) * every
    tilt = widest + 4 > slot
    axis_room = (widest * 0.7 + 14) if tilt else 18
    legend_room = 16 if series > 1 else 0
    plot_height = 150.0
    drawing = Drawing(width, plot_height + axis_room + legend_room + 12)
    line = HorizontalLineChart()
    line.x, line.y = 40, axis_room
    line.width, line.height = width - 60, plot_height
    line.data = [tuple(s.values) for s in chart.series]
    line.categoryAxis.categoryNames = names
    line.categoryAxis.labels.fontName = font
    line.categoryAxis.labels.fontSize = CHART_FONT_SIZE
    if tilt:
        line.categoryAxis.labels.angle = 45
        line.categoryAxis.labels.boxAnchor = "ne"
        line.categoryAxis.labels.dy = -2
    line.categoryAxis.labels.dy = -4
    low, high, step = _value_range(chart)
    line.valueAxis.valueMin, line.valueAxis.valueMax, line.valueAxis.valueStep = low, high, step
    line.valueAxis.labels.fontName = font
    line.valueAxis.labels.fontSize = CHART_FONT_SIZE
    line.valueAxis.labelTextFormat = _value_format(chart.unit)
    line.valueAxis.visibleGrid = True
    line.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    if series == 1 and count <= MAX_POINT_LABELS:  # else the labels would fall on each other: the table has them
        line.lineLabelFormat = _point_format(chart.unit)
    line.lineLabels.fontName = font
    line.lineLabels.fontSize = CHART_FONT_SIZE - 1
    line.lineLabels.dy = 6
    line.joinedLines = 1
    for index in range(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        line.lines[index].strokeColor = colour
        line.lines[index].strokeWidth = 1.5
        line.lines[index].symbol = makeMarker("FilledCircle", size=4, fillColor=colour, strokeColor=colour)
    drawing.add(line)
    if series > 1:
        drawing.add(_legend(chart, lang, font, width, drawing.height))
    return drawing


# -- the document ------------------------------------------------------------------------------------
