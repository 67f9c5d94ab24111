"""A report as a workbook: a summary sheet of figures, one data sheet per table, native charts over those cells."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reception_tui.i18n import t
from reception_tui.reports.layout import chart_table, display, header_rows, note_text, series_column, series_label
from reception_tui.reports.model import Cell, Chart, Report, Table, Unit
from reception_tui.reports.words import DASH, change, definition, label
from reception_tui.storage.atomic import write_atomic

NUMBER_FORMATS: dict[Unit, str] = {"count": "0", "rate": "0.0%", "days": "0.0"}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
TITLE_FONT = Font(bold=True, size=14)
MAX_WIDTH = 60
"""A column is at most this many characters wide (a definition wraps beyond it)."""
ROW_CM = 0.5
"""A sheet row's height in centimetres (15 points), to stack charts without overlap."""
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_xlsx(report: Report, path: Path, lang: str) -> None:
    """Write ``report`` as an XLSX workbook at ``path`` durably (a temp file in the same folder, then a rename)."""
    write_atomic(path, xlsx_bytes(report, lang))


def xlsx_bytes(report: Report, lang: str) -> bytes:
    """The workbook of ``report`` in ``lang``."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = t("report_view.sheet.summary", lang)
    _summary(summary, report, lang)
    names = {summary.title}
    sheets: dict[str, Worksheet] = {}
    for data in report.tables:
        sheet = book.create_sheet(_sheet_name(label("table", data.key, lang), names))
        _table_sheet(sheet, data, lang)
        sheets[data.key] = sheet
    loose: Worksheet | None = None
    placed: list[tuple[Chart, _Block]] = []
    for chart in report.charts:
        if not chart.categories or not chart.series:
            continue
        table = chart_table(report, chart)
        if table is not None:
            sheet = sheets[table.key]
            block = _find_in_table(sheet, chart, table) or _write_block(sheet, chart, lang)
        else:
            if loose is None:
                loose = book.create_sheet(_sheet_name(t("report_view.sheet.charts", lang), names))
            block = _write_block(loose, chart, lang)
        placed.append((chart, block))
    next_row: dict[str, int] = {}
    for chart, block in placed:
        sheet = block.sheet
        row = next_row.get(sheet.title, 1)
        drawn = _chart(chart, block, lang)
        sheet.add_chart(drawn, f"{get_column_letter(sheet.max_column + 2)}{row}")
        next_row[sheet.title] = row + int(drawn.height / ROW_CM) + 2
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- sheets ------------------------------------------------------------------------------------------


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, at most 31 characters."""
    base = _SHEET_FORBIDDEN.sub("_", wanted).strip("'") or "Sheet"
    name, number = base[:31], 2
    while name.casefold() in {other.casefold() for other in taken}:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name)
    return name


def _summary(sheet: Worksheet, report: Report, lang: str) -> None:
    sheet["A1"] = t("report_view.title", lang)
    sheet["A1"].font = TITLE_FONT
    row = 2
    for heading, value in header_rows(report, lang):
        sheet.cell(row, 1, heading).font = HEADER_FONT
        sheet.cell(row, 2, value)
        row += 1
    row += 1
    headers = ["figure", "key", "value", "numerator", "denominator", "previous_value", "change", "definition"]
    _header_row(sheet, row, [t(f"report_view.{name}", lang) for name in headers])
    first = row + 1
    for figure in report.figures:
        row += 1
        values: list[Cell] = [
            label("figure", figure.key, lang), figure.key, figure.value, figure.numerator, figure.denominator,
            figure.previous, change(figure, lang), definition(figure.key, lang),
        ]  # fmt: skip
        for column, entry in enumerate(values, start=1):
            cell = sheet.cell(row, column, DASH if entry is None and column in (3, 6) else entry)
            if column in (3, 6) and entry is not None:
                cell.number_format = NUMBER_FORMATS[figure.unit]
            if column in (3, 4, 5, 6, 7):
                cell.alignment = Alignment(horizontal="right")
            if column == 8:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(first, 2)
    _fit_columns(sheet, skip_rows=first - 1)
    row += 2
    sheet.cell(row, 1, t("report_view.notes", lang)).font = HEADER_FONT
    for note in (t("report_view.dash_note", lang), *(note_text(key, lang) for key in report.notes)):
        row += 1
        sheet.cell(row, 1, note)


def _header_row(sheet: Worksheet, row: int, texts: Iterable[str], column: int = 1) -> None:
    for offset, text in enumerate(texts):
        cell = sheet.cell(row, column + offset, text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _table_sheet(sheet: Worksheet, table: Table, lang: str) -> None:
    _header_row(sheet, 1, [label("column", column, lang) for column in table.columns])
    for row, cells in enumerate(table.rows, start=2):
        for column, value in enumerate(cells, start=1):
            cell = sheet.cell(
                row, column, DASH if value is None else display(value, lang) if isinstance(value, str) else value
            )
            if isinstance(value, int | float) and not isinstance(value, bool):
                rate = column - 1 in table.rate_columns
                whole = isinstance(value, int) or float(value).is_integer()
                cell.number_format = "0.0%" if rate else ("0" if whole else "0.0")
            elif value is None:
                cell.alignment = Alignment(horizontal="right")
    sheet.freeze_panes = "A2"
    _fit_columns(sheet)


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet cell: two for a wide (CJK) character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _fit_columns(sheet: Worksheet, skip_rows: int = 0) -> None:
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=skip_rows + 1):
        for cell in row:
            if cell.value is None:
                continue
            text = _shown(cell.value, cell.number_format)
            widths[cell.column] = max(widths.get(cell.column, 0), display_width(text))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, max(8, width + 2))


def _shown(value: object, number_format: str) -> str:
    if isinstance(value, float) and "%" in number_format:
        return f"{value * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


# -- charts ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    """Where a chart's numbers are: the categories' cells and, per series, a header cell above its values."""

    sheet: Worksheet
    category_column: int
    series_columns: tuple[int, ...]
    header_row: int
    first_row: int
    last_row: int


def _find_in_table(sheet: Worksheet, chart: Chart, table: Table) -> _Block | None:
    """The table's own cells when they hold exactly what the chart plots (categories in the first column, in
    order, each series a column named like it)."""
    count = len(chart.categories)
    if len(table.rows) < count or [str(row[0]) for row in table.rows[:count]] != list(chart.categories):
        return None
    columns: list[int] = []
    for series in chart.series:
        if series_column(series.name) not in table.columns:
            return None
        index = table.columns.index(series_column(series.name))
        cells = [row[index] for row in table.rows[:count]]
        if any(
            not isinstance(cell, int | float) or float(cell) != value
            for cell, value in zip(cells, series.values, strict=False)
        ):
            return None
        columns.append(index + 1)
    return _Block(sheet, 1, tuple(columns), 1, 2, 1 + count)


def _write_block(sheet: Worksheet, chart: Chart, lang: str) -> _Block:
    """The chart's numbers written beside what the sheet holds (two columns to the right), so each is in a cell."""
    left = (sheet.max_column + 2) if sheet.max_row > 1 or sheet.max_column > 1 else 1
    top = 1
    _header_row(sheet, top, [label("chart", chart.key, lang), *(series_label(s.name, lang) for s in chart.series)],
                column=left)  # fmt: skip
    for offset, category in enumerate(chart.categories, start=1):
        sheet.cell(top + offset, left, display(category, lang))
        for index, series in enumerate(chart.series, start=1):
            value = series.values[offset - 1] if offset - 1 < len(series.values) else None
            cell = sheet.cell(top + offset, left + index, value)
            cell.number_format = NUMBER_FORMATS[chart.unit]
    _fit_columns(sheet)
    columns = tuple(left + index for index in range(1, len(chart.series) + 1))
    return _Block(sheet, left, columns, top, top + 1, top + len(chart.categories))


def _chart(chart: Chart, block: _Block, lang: str) -> BarChart | LineChart:
    """A native chart over the block's cells: horizontal bars (long Chinese labels read along the axis) or a line."""
    horizontal = chart.kind == "bar"
    drawn: BarChart | LineChart
    if horizontal:
        drawn = BarChart()
        drawn.type = "bar"
        drawn.x_axis.scaling.orientation = "maxMin"  # the first category on top, as in the table
        drawn.y_axis.crosses = "max"  # and the value axis stays at the bottom (it crosses at the last category)
        drawn.gapWidth = 60
    else:
        drawn = LineChart()
    drawn.title = label("chart", chart.key, lang)
    drawn.style = 10
    for column in block.series_columns:
        data = Reference(block.sheet, min_col=column, min_row=block.header_row, max_row=block.last_row)
        drawn.add_data(data, titles_from_data=True)
    categories = Reference(block.sheet, min_col=block.category_column, min_row=block.first_row,
                           max_row=block.last_row)  # fmt: skip
    for series in drawn.series:  # categories are text: a string reference, as Excel itself writes them
        series.cat = AxDataSource(strRef=StrRef(f=str(categories)))
    drawn.x_axis.delete = False  # openpyxl 3.1 hides both axes unless told otherwise
    drawn.y_axis.delete = False
    drawn.y_axis.number_format = "0%" if chart.unit == "rate" else "General"
    drawn.y_axis.scaling.min = 0
    if chart.unit == "rate":
        drawn.y_axis.scaling.max = 1
    # the value only: left unset, LibreOffice and WPS also print the category and series names beside every bar
    # (seen in LibreOffice 7.4: "教育；事项数；6" over the neighbouring bars)
    drawn.dataLabels = DataLabelList(
        showVal=True, showCatName=False, showSerName=False, showLegendKey=False, showPercent=False
    )
    if len(chart.series) == 1:
        drawn.legend = None
    elif drawn.legend is not None:
        drawn.legend.position = "b"
    rows = len(chart.categories) * len(chart.series) if horizontal else 8
    drawn.height = max(7.5, min(20.0, 2.5 + rows * 0.6))
    drawn.width = 18.0
    return drawn
