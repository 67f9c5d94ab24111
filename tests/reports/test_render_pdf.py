"""The report as a PDF: every figure's label, value, fraction and definition in the text, "—" for a rate with no
denominator, Chinese labels, vector charts (no images), a durable write."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from reception_tui.reports.layout import display
from reception_tui.reports.model import Chart, Figure, Report, Series, Table
from reception_tui.reports.render_pdf import chart_drawing, chart_drawings, write_pdf
from reception_tui.reports.words import definition, format_value, fraction, label

from .sample_report import sample_report


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def report() -> Report:
    return sample_report()


def test_every_figure_shows_its_label_value_fraction_and_definition(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    write_pdf(report, path, "zh")
    text = squeeze(pdf_text(path))
    assert squeeze("接待工作统计报告") in text and "北山街道人大工委" in text
    assert "2026-11-01" in text and "2026-10-31" in text and "BSJD" in text and "2026-12-0309:30" in text
    for figure in report.figures:
        assert squeeze(label("figure", figure.key, "zh")) in text
        assert squeeze(format_value(figure.value, figure.unit)) in text
        if fraction(figure):
            assert squeeze(fraction(figure)) in text
        if definition(figure.key, "zh"):
            assert squeeze(definition(figure.key, "zh")) in text
    assert "41.7%" in text and "20/48" in text and "+1.7个百分点" in text


def test_a_rate_with_no_denominator_reads_a_dash(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    write_pdf(report, path, "zh")
    text = squeeze(pdf_text(path))
    row = text[text.index("满意率") : text.index(squeeze(definition("satisfaction_rate", "zh")))]
    assert row == "满意率—0/0—"  # label, value, fraction, change: no 0% or 100%


def test_tables_and_chart_labels_are_in_the_text(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    write_pdf(report, path, "zh")
    text = squeeze(pdf_text(path))
    for table in report.tables:
        assert squeeze(label("table", table.key, "zh")) in text
        for row in table.rows:
            assert squeeze(display(str(row[0]), "zh")) in text
    for chart in report.charts:
        assert squeeze(label("chart", chart.key, "zh")) in text
    assert "区人力资源和社会保障局" in text and "2026-06" in text
    assert "其他" in text and "report.value" not in text


def test_charts_are_vector_drawings_not_images(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    write_pdf(report, path, "zh")
    reader = pypdf.PdfReader(path)
    for page in reader.pages:
        objects = page.get("/Resources", {}).get("/XObject", {}) or {}
        assert not [name for name, ref in objects.items() if ref.get_object().get("/Subtype") == "/Image"]
    second = reader.pages[1].get_contents()
    assert second is not None
    content = second.get_data()
    assert content.count(b" re") > 10  # the bars are rectangles drawn in the page itself


def test_english_labels_and_a_durable_write(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "out" / "report.pdf"
    path.parent.mkdir()
    path.write_bytes(b"old")
    write_pdf(report, path, "en")
    assert path.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.pdf"]  # no temp file left behind
    text = squeeze(pdf_text(path))
    assert "Receptionworkreport" in text and "Definition" in text and "Changevs" in text


def test_markup_like_names_print_literally(tmp_path: Path) -> None:
    report = sample_report()
    table = Table("by_unit", ("unit", "transferred"), (("[b]局[/b] <i>&</i>", 3),))
    chart = Chart("by_unit", "bar", ("[b]局[/b] <i>&</i>",), (Series("transferred", (3.0,)),), "by_unit")
    report = replace(report, tables=(table,), charts=(chart,))
    path = tmp_path / "report.pdf"
    write_pdf(report, path, "zh")
    assert "[b]局[/b]<i>&</i>" in squeeze(pdf_text(path))


def test_empty_and_zero_charts_draw(tmp_path: Path) -> None:
    report = sample_report()
    charts = (
        Chart("none", "bar", (), (), "none"),
        Chart("zeros", "bar", ("甲", "乙"), (Series("issues", (0.0, 0.0)),), "none"),
        Chart("rates", "line", tuple(f"2026-{m:02d}" for m in range(1, 13)),
              (Series("a", tuple(m / 12 for m in range(12))), Series("b", (0.5,) * 12)), "none", unit="rate"),
    )  # fmt: skip
    report = replace(report, figures=(Figure("x", "rate", None, 0, 0),), tables=(), charts=charts)
    write_pdf(report, tmp_path / "report.pdf", "zh")
    for chart in charts:
        assert chart_drawing(chart, "zh", "STSong-Light").height > 0
    assert "—" in pdf_text(tmp_path / "report.pdf")


def test_a_chart_too_tall_for_a_page_is_drawn_in_parts_on_one_scale(tmp_path: Path) -> None:
    names = tuple(f"第{number}选区（某某社区）" for number in range(1, 61))
    values = tuple(float(number) for number in range(60, 0, -1))
    chart = Chart("districts", "bar", names, (Series("issues", values), Series("replied", values)), "districts")
    months = tuple(f"{2024 + m // 12}-{m % 12 + 1:02d}" for m in range(36))
    trend = Chart("monthly", "line", months, (Series("issues", tuple(float(m % 7) for m in range(36))),), "monthly")
    rows = tuple((name, int(value), int(value)) for name, value in zip(names, values, strict=True))
    table = Table("districts", ("district", "issues", "replied"), rows)
    report = replace(sample_report(), tables=(table,), charts=(chart, trend))
    parts = chart_drawings(chart, "zh", "STSong-Light")
    assert len(parts) > 1 and all(part.height < 700 for part in parts)
    path = tmp_path / "report.pdf"
    write_pdf(report, path, "zh")  # no "flowable too large"
    text = squeeze(pdf_text(path))
    assert "第60选区" in text and "第1选区" in text and "2026-12" in text


def test_every_page_is_numbered_at_its_foot_in_the_report_language(report: Report, tmp_path: Path) -> None:
    for lang, first, last in (("zh", "第1页", "第{n}页"), ("en", "Page1", "Page{n}")):
        path = tmp_path / f"report-{lang}.pdf"
        write_pdf(report, path, lang)
        pages = pypdf.PdfReader(path).pages
        assert len(pages) >= 2
        assert first in squeeze(pages[0].extract_text())
        assert last.format(n=len(pages)) in squeeze(pages[-1].extract_text())
