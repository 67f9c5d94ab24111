"""The report as a workbook, opened again with openpyxl: the summary's figures as numbers (rates with a
percentage format, "—" for no value), one data sheet per table, and native charts over the cells they plot."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart.bar_chart import BarChart
from openpyxl.chart.line_chart import LineChart
from openpyxl.worksheet.worksheet import Worksheet

from reception_tui.reports.layout import display, series_label
from reception_tui.reports.model import Chart, Report, Series, Table
from reception_tui.reports.render_xlsx import display_width, write_xlsx
from reception_tui.reports.words import definition, label

from .sample_report import sample_report


@pytest.fixture
def report() -> Report:
    return sample_report()


def opened(report: Report, tmp_path: Path, lang: str = "zh") -> openpyxl.Workbook:
    path = tmp_path / "report.xlsx"
    write_xlsx(report, path, lang)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]  # no temp file left behind
    return openpyxl.load_workbook(path)


def cells(book: openpyxl.Workbook, reference: str) -> list[object]:
    """The values of a chart reference such as ``'按类别'!$B$2:$B$7``."""
    sheet_name, cell_range = reference.rsplit("!", 1)
    sheet = book[sheet_name.strip("'")]
    cell_range = cell_range.replace("$", "")
    if ":" not in cell_range:
        return [sheet[cell_range].value]
    return [cell.value for row in sheet[cell_range] for cell in row]


def test_the_summary_holds_every_figure_as_a_number(report: Report, tmp_path: Path) -> None:
    book = opened(report, tmp_path)
    assert book.sheetnames == ["概览", "按类别", "按承办单位", "按月趋势"]
    summary = book["概览"]
    values = [cell.value for row in summary.iter_rows(max_row=6) for cell in row]
    assert "北山街道人大工委" in values and "BSJD" in values
    by_key = {row[1].value: row for row in summary.iter_rows() if row[1].value in {f.key for f in report.figures}}
    for figure in report.figures:
        row = by_key[figure.key]
        assert row[0].value == label("figure", figure.key, "zh")
        if figure.value is None:
            assert row[2].value == "—"
        else:
            assert row[2].value == pytest.approx(figure.value)
            assert row[2].number_format == {"rate": "0.0%", "days": "0.0", "count": "0"}[figure.unit]
        assert row[3].value == figure.numerator and row[4].value == figure.denominator
    assert by_key["satisfaction_rate"][2].value == "—" and by_key["satisfaction_rate"][4].value == 0
    assert by_key["reply_rate"][7].value == definition("reply_rate", "zh") and "÷" in by_key["reply_rate"][7].value
    assert by_key["on_the_spot_rate"][6].value == "+1.7 个百分点"


def test_each_table_is_a_sheet_with_the_reports_values(report: Report, tmp_path: Path) -> None:
    book = opened(report, tmp_path)
    for table in report.tables:
        sheet = book[label("table", table.key, "zh")]
        header = [cell.value for cell in sheet[1]]
        assert header == [label("column", column, "zh") for column in table.columns]
        for number, row in enumerate(table.rows, start=2):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(number, column)
                if value is None:
                    assert cell.value == "—"
                elif isinstance(value, str):
                    assert cell.value == display(value, "zh")
                elif isinstance(value, float):
                    assert cell.value == pytest.approx(value)
                else:
                    assert cell.value == value
                if column - 1 in table.rate_columns and value is not None:
                    assert cell.number_format == "0.0%"
    unit_sheet = book["按承办单位"]
    assert unit_sheet.column_dimensions["A"].width >= display_width("区人力资源和社会保障局")


def test_every_chart_plots_cells_holding_its_numbers(report: Report, tmp_path: Path) -> None:
    book = opened(report, tmp_path)
    for chart in report.charts:
        sheet: Worksheet = book[label("table", chart.table, "zh")]
        (drawn,) = sheet._charts
        if chart.kind == "bar":
            assert isinstance(drawn, BarChart) and drawn.type == "bar"
            assert drawn.x_axis.scaling.orientation == "maxMin" and drawn.y_axis.crosses == "max"
        else:
            assert isinstance(drawn, LineChart)
        assert len(drawn.series) == len(chart.series)
        for plotted, series in zip(drawn.series, chart.series, strict=True):
            assert plotted.val.numRef.f.startswith(f"'{sheet.title}'!")
            assert cells(book, plotted.val.numRef.f) == pytest.approx(list(series.values))
            assert cells(book, plotted.cat.strRef.f) == [display(name, "zh") for name in chart.categories]
            assert cells(book, plotted.tx.strRef.f) == [series_label(series.name, "zh")]
    by_unit = book["按承办单位"]._charts[0]
    assert [s.val.numRef.f for s in by_unit.series] == ["'按承办单位'!$B$2:$B$5", "'按承办单位'!$C$2:$C$5"]
    assert [cells(book, s.tx.strRef.f) for s in by_unit.series] == [["交办"], ["答复"]]
    assert book["按类别"]["A7"].value == "其他"


def test_a_chart_without_matching_table_cells_gets_its_own(report: Report, tmp_path: Path) -> None:
    rates = Chart("reply_trend", "line", ("2026-09", "2026-10", "2026-11"), (Series("reply_rate", (0.5, 0.8, 0.82)),),
                  "by_month", unit="rate")  # fmt: skip
    loose = Chart("elsewhere", "bar", ("甲", "乙"), (Series("issues", (1.0, 2.0)),), "no_such_table")
    book = opened(replace(report, charts=(*report.charts, rates, loose)), tmp_path)
    trend = book["按月趋势"]._charts[1]
    assert cells(book, trend.series[0].val.numRef.f) == pytest.approx([0.5, 0.8, 0.82])
    assert cells(book, trend.series[0].cat.strRef.f) == ["2026-09", "2026-10", "2026-11"]
    assert trend.y_axis.scaling.max == 1 and trend.y_axis.numFmt.formatCode == "0%"
    other = book["图表"]._charts[0]
    assert cells(book, other.series[0].val.numRef.f) == [1, 2]


def test_sheet_names_are_valid_and_unique(tmp_path: Path) -> None:
    report = sample_report()
    tables = (Table("a/b:[c]?*", ("x",), (("1",),)), Table("概览", ("x",), ()), Table("x" * 40, ("x",), ()))
    book = opened(replace(report, tables=tables, charts=()), tmp_path)
    assert book.sheetnames == ["概览", "a_b__c___", "概览 (2)", "x" * 31]


def test_english(report: Report, tmp_path: Path) -> None:
    book = opened(report, tmp_path, "en")
    assert book.sheetnames[0] == "Summary"
    assert book["Summary"]["A1"].value == "Reception work report"


def test_data_labels_show_the_value_only(report: Report, tmp_path: Path) -> None:
    """Spreadsheet programs print the category and series names beside every bar unless told not to (LibreOffice
    did: "教育；事项数；6" over the neighbouring bars); every chart's labels say the value and nothing else."""
    import re
    import zipfile

    path = tmp_path / "report.xlsx"
    write_xlsx(report, path, "zh")
    with zipfile.ZipFile(path) as book:
        charts = [book.read(name).decode("utf-8") for name in book.namelist() if name.startswith("xl/charts/chart")]
    assert charts
    for xml in charts:
        labels = re.search(r"<(?:c:)?dLbls>(.*?)</(?:c:)?dLbls>", xml, re.S)
        assert labels is not None
        for flag, value in (("showVal", "1"), ("showCatName", "0"), ("showSerName", "0"), ("showLegendKey", "0")):
            assert re.search(rf'<(?:c:)?{flag} val="{value}"\s*/>', labels.group(1)), (flag, labels.group(1))
