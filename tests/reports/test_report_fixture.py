"""Every figure of a report over the hand-built office (tests/reports/conftest.py), against numbers worked out by
hand and written here.

Working days by hand (2026: 10-01..10-07 off; no adjusted days in these ranges):
- I1 transferred 10-21 (Wed), replied 11-05 (Thu): 10-22, 23, 26-30, 11-02..05 = 2 + 5 + 4 = 11
- I2 round 2 from the re-handling 11-26 (Thu) to 12-10 (Thu): 11-27, 11-30..12-04, 12-07..10 = 1 + 5 + 4 = 10
- I4 transferred 10-22 (Thu), replied 11-09 (Mon): 10-23, 26-30, 11-02..06, 11-09 = 1 + 5 + 5 + 1 = 12
- I8 transferred 11-23 (Mon), replied 12-22 (Tue): 4 + 5 + 5 + 5 + 2 = 21
Sorted 10, 11, 12, 21: median (11 + 12) / 2 = 11.5; 90th percentile by nearest rank: ceil(0.9 x 4) = 4th = 21.
"""

from __future__ import annotations

from datetime import date

import pytest

from reception_tui.domain.followup import CaseState, Outcome, Step, StepKind
from reception_tui.domain.site import SiteConfig
from reception_tui.reports.compute import FIGURE_KEYS, build_report
from reception_tui.reports.model import Report
from reception_tui.reports.period import parse_period
from tests.reports.conftest import D1, D2, D3, D4, REPORT_NOW, STEP_AT, HandOffice

Q4 = {
    # reception days: planned 10-20, 11-20, 12-21 (12-20 is a Sunday); all three held; 12-21 postponed
    "reception_days_planned": 3, "reception_days_held": 3, "reception_days_on_time": 2,
    "reception_days_postponed": 1, "reception_days_unplanned": 0, "reception_days_missed": 0,
    "visitors": 6,  # V1..V6 (the anonymous V3 included)
    "issues": 9,  # I1..I9
    "on_the_spot_rate": (2, 9),  # I3, I9
    "transferred": 6,  # I1, I2, I4, I5, I6, I8
    "reply_rate": (4, 5),  # due in Q4: I1, I2 (12-26 after re-handling), I4, I5 (no reply), I8; I6 due 2027-02-24
    "replied": 4,  # I1 11-05, I4 11-09, I2 12-10, I8 12-22
    "on_time_reply_rate": (3, 4),  # I4 replied 11-09 after its due date 11-05; I8 on time by its extension
    "reply_time_median": 11.5,
    "reply_time_p90": 21.0,
    "solved_rate": (3, 4),  # A: I1, I2, I8; I4 is C (and closed: closed is not solved)
    "survey_rate": (4, 6),  # surveyed I1, I2, I3, I8 / answerable I1, I2, I3, I7, I8, I9 (I4 anonymous; I5, I6 open)
    "satisfaction_rate": (3, 4),  # latest: I1 满意, I2 满意 (round 2), I3 不满意, I8 基本满意
    "first_time_satisfaction_rate": (2, 4),  # first: I1 满意, I2 不满意, I3 不满意, I8 基本满意
    "rehandled": 1,  # I2
    "overdue": 1,  # I5 (QZF, due 12-04) on 12-28; I6 is due in 2027
}  # fmt: skip

Q3 = {
    # planned 07-20, 08-20, 09-20 (a Sunday, but an adjusted working day); only 09-20 held
    "reception_days_planned": 3, "reception_days_held": 1, "reception_days_on_time": 1,
    "reception_days_postponed": 0, "reception_days_unplanned": 0, "reception_days_missed": 2,
    "visitors": 1, "issues": 1, "on_the_spot_rate": 1.0, "transferred": 0, "reply_rate": None, "replied": 0,
    "on_time_reply_rate": None, "reply_time_median": None, "reply_time_p90": None, "solved_rate": None,
    "survey_rate": 0.0,  # I11 could be answered (explained, named) but was not surveyed: 0 / 1
    "satisfaction_rate": None, "first_time_satisfaction_rate": None, "rehandled": 0, "overdue": 0,
}  # fmt: skip


def _report(office: HandOffice, config: SiteConfig, period: str = "2026Q4", site: str | None = None) -> Report:
    return build_report(office.store.db, config, parse_period(period), site=site, now=REPORT_NOW,
                        is_working_day=office.store.is_working_day)  # fmt: skip


def test_every_figure_of_the_quarter_is_the_hand_computed_one(
    hand_office: HandOffice, sample_config: SiteConfig
) -> None:
    report = _report(hand_office, sample_config)
    assert [f.key for f in report.figures] == list(FIGURE_KEYS)
    assert report.previous == parse_period("2026Q3")
    for figure in report.figures:
        expected = Q4[figure.key]
        if isinstance(expected, tuple):
            numerator, denominator = expected
            assert figure.unit == "rate", figure.key
            assert (figure.numerator, figure.denominator) == (numerator, denominator), figure.key
            assert figure.value == pytest.approx(numerator / denominator), figure.key
        else:
            assert figure.value == expected, figure.key
        previous = Q3[figure.key]
        assert figure.previous == (pytest.approx(previous) if previous is not None else None), figure.key


def test_the_previous_quarter_on_its_own(hand_office: HandOffice, sample_config: SiteConfig) -> None:
    report = _report(hand_office, sample_config, "2026Q3")
    assert {f.key: f.value for f in report.figures} == Q3
    reply_rate = report.figure("reply_rate")
    assert (reply_rate.numerator, reply_rate.denominator, reply_rate.value) == (0, 0, None)


def test_every_table_of_the_quarter(hand_office: HandOffice, sample_config: SiteConfig) -> None:
    report = _report(hand_office, sample_config)
    assert report.table("reception_days").rows == (
        ("2026-10-20", "2026-10-20", None, "report.value.yes"),
        ("2026-11-20", "2026-11-20", None, "report.value.yes"),
        ("2026-12-21", "2026-12-20", "周日", "report.value.yes"),
    )
    ninth = 1 / 9
    assert report.table("categories").rows == (
        ("交通出行", 3, 3 * ninth), ("市政公用", 1, ninth), ("教育", 1, ninth), ("民政与养老", 1, ninth),
        ("法治/涉诉", 1, ninth), ("环境保护与环境卫生", 1, ninth), ("report.value.other", 1, ninth),
    )  # fmt: skip
    assert {row[0]: row[1] for row in report.table("request_types").rows} == {
        "投诉": 3, "咨询": 2, "求助": 2, "建议": 1, "表扬": 1}  # fmt: skip
    assert {row[0]: row[1] for row in report.table("districts").rows} == {D1: 3, D2: 1, D3: 4, D4: 1}
    assert report.table("sites").rows == (("BSJD", 9, 1.0),)
    assert [row[:2] for row in report.table("dispositions").rows] == [
        ("report.value.explained", 2), ("report.value.transfer", 5), ("report.value.suggestion", 1),
        ("report.value.redirected", 1), ("report.value.undecided", 0),
    ]  # fmt: skip
    # unit, transferred (received in Q4), replied in Q4, on-time rate, solved rate, overdue
    assert report.table("units").rows == (
        ("西湖区人民政府", 3, 2, 1.0, 1.0, 1),
        ("北山街道人大工委（代表建议）", 1, 0, None, None, 0),
        ("北山街道办事处", 1, 1, 1.0, 1.0, 0),
        ("西湖区住房和城乡建设局", 1, 1, 0.0, 0.0, 0),
    )
    assert report.table("outcomes").rows == (
        ("report.value.outcome_A", 3, 0.75), ("report.value.outcome_B", 0, 0.0),
        ("report.value.outcome_C", 1, 0.25), ("report.value.outcome_D", 0, 0.0),
    )  # fmt: skip
    assert report.table("satisfaction").rows == (
        ("report.value.satisfied", 2, 1), ("report.value.basically", 1, 1), ("report.value.unsatisfied", 1, 2),
    )
    i5 = hand_office.store.get(hand_office.ids["I5"]).desk.case_number
    assert report.table("overdue").rows == (("西湖区人民政府", i5, "2026-11-23", "2026-12-04", 24),)
    # deputy, level, days in Q4, days in 2026 to the end of Q4, yearly quota, issues received, suggestions
    assert report.table("deputies").rows == (
        ("周建国", "report.value.level_city", 2, 2, 10, 3, 0),
        ("林晓梅", "report.value.level_district", 2, 2, 10, 2, 0),
        ("陈志远", "report.value.level_district", 1, 1, 10, 3, 1),
        ("王秀英", "report.value.level_district", 1, 1, 10, 1, 0),
        ("赵海峰", "report.value.level_district", 0, 1, 10, 0, 0),
        ("孙丽华", "report.value.level_district", 0, 1, 10, 0, 0),
        ("吴国平", "report.value.level_city", 0, 0, 10, 0, 0),
    )
    # month, visitors, issues, explained on the spot, replies received
    assert report.table("monthly").rows == (
        ("2026-10", 3, 4, 1, 0), ("2026-11", 2, 4, 0, 2), ("2026-12", 1, 1, 1, 2),
    )


def test_charts_point_at_their_tables(hand_office: HandOffice, sample_config: SiteConfig) -> None:
    report = _report(hand_office, sample_config)
    kinds = {chart.key: chart.kind for chart in report.charts}
    assert kinds == {"categories": "bar", "units": "bar", "outcomes": "bar", "satisfaction": "bar", "monthly": "line"}
    for chart in report.charts:
        table = report.table(chart.table)
        assert chart.categories == tuple(str(row[0]) for row in table.rows)
        for series in chart.series:
            assert len(series.values) == len(chart.categories)
            column = table.columns.index(series.name.removeprefix("report.column."))
            assert series.values == tuple(float(row[column] or 0) for row in table.rows)
    monthly = next(chart for chart in report.charts if chart.key == "monthly")
    assert monthly.series[1].values == (4.0, 4.0, 1.0)


def test_a_month_a_range_and_a_site(hand_office: HandOffice, sample_config: SiteConfig) -> None:
    november = _report(hand_office, sample_config, "2026-11")
    values = {f.key: f.value for f in november.figures}
    assert values["issues"] == 4 and values["visitors"] == 2 and values["reception_days_held"] == 1
    assert november.previous == parse_period("2026-10")
    assert november.figure("issues").previous == 4
    # replies in November: I1 (A, on time) and I4 (C, late)
    assert (november.figure("solved_rate").numerator, november.figure("solved_rate").denominator) == (1, 2)
    assert november.figure("on_time_reply_rate").value == 0.5
    days = _report(hand_office, sample_config, "2026-10-20..2026-10-20")
    assert days.figure("issues").value == 4
    assert days.previous == parse_period("2026-10-19..2026-10-19")
    other_site = _report(hand_office, sample_config, site="XXX")
    assert other_site.figure("issues").value == 0
    assert other_site.figure("on_the_spot_rate").value is None  # 0 / 0: "—", never 0%
    assert other_site.figure("reception_days_planned").value == 0
    assert "report.note.no_plan_for_site" in other_site.notes
    assert _report(hand_office, sample_config, site="BSJD").figures == _report(hand_office, sample_config).figures


def test_a_closed_but_unsolved_case_never_counts_as_solved(
    hand_office: HandOffice, sample_config: SiteConfig
) -> None:
    store = hand_office.store
    i4 = store.get(hand_office.ids["I4"])
    assert i4.state is CaseState.CLOSED and i4.followup.outcome is Outcome.C
    # close the two open replied cases (I2, I8, both A): closing changes no count
    before = _report(hand_office, sample_config)
    for label in ("I2", "I8"):
        case = store.get(hand_office.ids[label])
        store.apply(case.case_id, Step(StepKind.CLOSE, "王芳", STEP_AT, {"on": date(2026, 12, 27), "note": ""}),
                    revision=case.revision)  # fmt: skip
    after = _report(hand_office, sample_config)
    assert after.figure("solved_rate") == before.figure("solved_rate")
    solved = after.figure("solved_rate")
    closed = int(store.db.scalar("SELECT COUNT(*) FROM cases WHERE status = 'closed' AND replied_on >= '2026-10-01'"))
    # every reply of the quarter is now closed (I1, I2, I8 class A; I4 class C): "closed / replied" would be
    # 4 / 4, the solved rate stays 3 / 4
    assert closed == 4 and (solved.numerator, solved.denominator) == (3, 4)
    # a report whose only reply is closed with class C: 0 solved out of 1, never 1 out of 1
    i4_month = _report(hand_office, sample_config, "2026-11-09..2026-11-09")
    assert (i4_month.figure("solved_rate").numerator, i4_month.figure("solved_rate").denominator) == (0, 1)
    assert i4_month.figure("solved_rate").value == 0.0
