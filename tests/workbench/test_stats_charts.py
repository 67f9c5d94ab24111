"""The 统计 screen's terminal charts and periods, without a screen: bars aligned by cell width whatever the label's
script, coloured spaces rather than block characters, every line within the width, user text literal."""

from __future__ import annotations

from datetime import date

import pytest
from rich.cells import cell_len
from textual.content import Content

from reception_tui.reports.model import Chart, Period, Series
from reception_tui.ui.office.charts import MAX_BAR, bar_lines, cut, figure_lines, pad, spark_lines
from reception_tui.ui.office.stats_period import next_length, period_for, shift
from tests.reports.sample_report import sample_report

BLOCKS = set("█▀▄▌▐▁▂▃▄▅▆▇")


def bar_start(line: Content) -> int:
    """The cell where a line's bar (its first background-coloured span) starts."""
    span = next(span for span in line.spans if str(span.style).startswith("on "))
    return cell_len(line.plain[: span.start])


def bar_cells(line: Content) -> int:
    return sum(span.end - span.start for span in line.spans if str(span.style).startswith("on "))


MIXED = Chart(
    "units",
    "bar",
    ("区住房和城乡建设局", "ABC unit", "[b]局[/b]", "镇"),
    (Series("issues", (12.0, 7.0, 0.0, 0.2)),),
    "units",
)


@pytest.mark.parametrize("width", [40, 78, 118])
def test_bars_start_in_one_column_whatever_the_labels_script(width: int) -> None:
    lines = bar_lines(MIXED, width, "zh")
    drawn = [line for line in lines if bar_cells(line)]
    assert len({bar_start(line) for line in drawn}) == 1
    assert all(line.cell_length <= width for line in lines)
    assert not BLOCKS & set("".join(line.plain for line in lines))


def test_bar_lengths_follow_the_values() -> None:
    lines = bar_lines(MIXED, 78, "zh")
    cells = [bar_cells(line) for line in lines]
    assert cells[0] == max(cells) <= MAX_BAR
    assert cells[1] == round(7 / 12 * cells[0])
    assert cells[2] == 0 and cells[3] == 1  # nothing for zero, a sliver for a small value
    assert lines[2].plain.startswith("[b]局[/b]")  # literal, never markup
    assert [line.plain.rstrip().split()[-1] for line in lines] == ["12", "7", "0", "0.2"]


def test_a_long_label_is_cut_by_cells_with_an_ellipsis() -> None:
    chart = Chart("c", "bar", ("市住房和城乡建设局物业管理处第一科室",), (Series("issues", (3.0,)),), "c")
    (line,) = bar_lines(chart, 40, "zh")
    label = line.plain[: line.plain.index(" ")]
    assert label.endswith("…") and cell_len(label) <= 40 // 3
    assert (
        cut("区住房", 5) == "区住…"
        and cut("区住房", 4) == "区…"
        and cell_len(pad("区住房", 5)) == 5
        and pad("7", 3, right=True) == "  7"
    )


def test_two_series_have_a_legend_and_a_line_each() -> None:
    chart = sample_report().charts[1]
    lines = bar_lines(chart, 78, "zh")
    assert "交办" in lines[0].plain and "答复" in lines[0].plain
    assert len(lines) == 1 + 2 * len(chart.categories)
    assert {str(s.style) for line in lines[1:] for s in line.spans if str(s.style).startswith("on ")} == {
        "on $primary", "on $warning"
    }  # fmt: skip


def test_a_rate_chart_is_scaled_to_one_hundred_percent() -> None:
    chart = Chart("r", "bar", ("甲", "乙"), (Series("reply_rate", (0.5, 1.0)),), "r", unit="rate")
    lines = bar_lines(chart, 60, "zh")
    assert bar_cells(lines[0]) * 2 == pytest.approx(bar_cells(lines[1]), abs=1)
    assert lines[0].plain.rstrip().endswith("50.0%")


@pytest.mark.parametrize("width", [30, 78, 118])
def test_the_sparkline_fits_and_shows_the_latest_value(width: int) -> None:
    chart = sample_report().charts[2]
    lines = spark_lines(chart, width, "zh")
    assert all(line.cell_length <= width for line in lines)
    assert "48" in lines[0].plain  # the latest month
    assert lines[1].plain.startswith("48│") and lines[5].plain.startswith(" 0│")
    assert "2026-06" in lines[-1].plain and "2026-11" in lines[-1].plain
    assert not BLOCKS & set("".join(line.plain for line in lines))


def test_a_long_trend_keeps_its_latest_months() -> None:
    months = tuple(f"{2020 + m // 12}-{m % 12 + 1:02d}" for m in range(60))
    chart = Chart("t", "line", months, (Series("issues", tuple(float(m) for m in range(60))),), "t")
    lines = spark_lines(chart, 40, "zh")
    assert all(line.cell_length <= 40 for line in lines)
    assert lines[-1].plain.rstrip().endswith(months[-1])


def test_empty_charts_draw_nothing() -> None:
    assert bar_lines(Chart("e", "bar", (), (), "e"), 80) == []
    assert spark_lines(Chart("e", "line", (), (), "e"), 80) == []
    zeros = Chart("z", "bar", ("甲",), (Series("issues", (0.0,)),), "z")
    assert bar_cells(bar_lines(zeros, 80)[0]) == 0


def test_figures_one_column_at_80_and_two_at_120() -> None:
    report = sample_report()
    narrow, wide = figure_lines(report, 78, "zh"), figure_lines(report, 118, "zh")
    assert len(narrow) == len(report.figures) and len(wide) == (len(report.figures) + 1) // 2
    assert all(line.cell_length <= 78 for line in narrow) and all(line.cell_length <= 118 for line in wide)
    satisfaction = next(line.plain for line in narrow if line.plain.startswith("满意率"))
    assert satisfaction.split()[1:4] == ["—", "0", "/"] and "%" not in satisfaction
    values = {line.plain.split()[0]: line.plain for line in narrow}
    assert (
        cell_len(values["来访人数"].split("41")[0]) == cell_len(values["当场解释率"].split("41.7%")[0]) + 3
    )  # right-aligned


def test_periods_by_month_quarter_and_year() -> None:
    day = date(2026, 11, 15)
    assert period_for(day, "month") == Period(date(2026, 11, 1), date(2026, 11, 30), "2026-11")
    assert period_for(day, "quarter") == Period(date(2026, 10, 1), date(2026, 12, 31), "2026Q4")
    assert period_for(day, "year") == Period(date(2026, 1, 1), date(2026, 12, 31), "2026")
    assert period_for(date(2024, 2, 10), "month").end == date(2024, 2, 29)
    assert shift(day, "month", 2) == date(2027, 1, 1) and shift(day, "month", -11) == date(2025, 12, 1)
    assert shift(day, "quarter", -4) == date(2025, 10, 1) and shift(day, "year", 1) == date(2027, 1, 1)
    assert [next_length("month"), next_length("quarter"), next_length("year")] == ["quarter", "year", "month"]


@pytest.mark.parametrize(("width", "per_row"), [(118, 4), (78, 2), (40, 1)])
def test_several_trends_sit_side_by_side_when_they_fit(width: int, per_row: int) -> None:
    months = tuple(f"2026-{m:02d}" for m in range(1, 13))
    names = ("report.column.visitors", "report.column.issues", "report.column.explained", "report.column.replied")
    chart = Chart("monthly", "line", months, tuple(Series(n, tuple(float(m) for m in range(12))) for n in names),
                  "monthly")  # fmt: skip
    lines = spark_lines(chart, width, "zh")
    assert all(line.cell_length <= width for line in lines)
    axes = [line.plain.count("│") for line in lines if "│" in line.plain]
    assert set(axes) == {per_row}
    assert len(axes) == 4 // per_row * 5


def test_a_chart_with_nothing_to_draw_says_so() -> None:
    from reception_tui.reports.model import Chart
    from reception_tui.ui.office.charts import chart_lines

    empty = Chart("units", "bar", (), (), table="units")
    assert [line.plain for line in chart_lines(empty, 80, "zh")] == ["（本期没有可画的数据）"]
    assert [line.plain for line in chart_lines(empty, 80, "en")] == ["(nothing to draw in this period)"]
