"""The report's words: every key a report uses has a Chinese and an English message, every rate's definition names
its numerator and denominator, and the shared wording turns message keys in cells into words."""

from __future__ import annotations

from reception_tui.domain.site import SiteConfig
from reception_tui.i18n.messages import reports
from reception_tui.reports.compute import FIGURE_KEYS, build_report
from reception_tui.reports.period import parse_period
from reception_tui.reports.words import definition, format_cell, label, text
from tests.reports.conftest import REPORT_NOW, HandOffice


def test_both_languages_have_the_same_keys() -> None:
    assert set(reports.ZH) == set(reports.EN)
    for catalogue in (reports.ZH, reports.EN):
        assert all(value.strip() for value in catalogue.values())


def test_every_key_a_report_uses_is_worded(hand_office: HandOffice, sample_config: SiteConfig) -> None:
    used: set[str] = set()
    for period in ("2026Q4", "2026", "2025"):
        report = build_report(hand_office.store.db, sample_config, parse_period(period), site="ZZZ" if period ==
                              "2025" else None, now=REPORT_NOW)  # fmt: skip
        used |= {f"report.figure.{f.key}" for f in report.figures}
        used |= {f"report.definition.{f.key}" for f in report.figures}
        used |= {f"report.table.{table.key}" for table in report.tables}
        used |= {f"report.column.{column}" for table in report.tables for column in table.columns}
        used |= {f"report.chart.{chart.key}" for chart in report.charts}
        used |= {s.name for chart in report.charts for s in chart.series}
        used |= {c for table in report.tables for row in table.rows for c in row if isinstance(c, str)
                 and c.startswith("report.")}  # fmt: skip
        used |= set(report.notes)
    missing = sorted(key for key in used if key not in reports.ZH or key not in reports.EN)
    assert not missing
    assert {f"report.figure.{key}" for key in FIGURE_KEYS} <= used


def test_every_rate_definition_names_numerator_and_denominator(hand_office: HandOffice,
                                                               sample_config: SiteConfig) -> None:  # fmt: skip
    report = build_report(hand_office.store.db, sample_config, parse_period("2026Q4"), now=REPORT_NOW)
    for figure in report.figures:
        assert definition(figure.key, "zh") and definition(figure.key, "en")
        if figure.unit == "rate":
            assert "÷" in definition(figure.key, "zh"), figure.key
            assert " / " in definition(figure.key, "en"), figure.key
    assert "办结不等于办成" in definition("solved_rate", "zh")


def test_cells_and_labels_in_words() -> None:
    assert format_cell("report.value.other", lang="zh") == "其他"
    assert format_cell("report.value.outcome_A", lang="en") == "A solved or basically solved"
    assert format_cell("北山街道办事处", lang="en") == "北山街道办事处"
    assert format_cell("report.not.a.key", lang="zh") == "report.not.a.key"
    assert format_cell(None, rate=True) == "—" and format_cell(0.5, rate=True) == "50.0%"
    assert text("report.column.issues", "zh") == "事项数"
    assert label("figure", "solved_rate", "en") == "Solved rate (class A)"
