"""The reminder: a unit's overdue cases with the days overdue counted from ``today``, and the new date asked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reception_tui.domain.followup import CaseState, Outcome
from reception_tui.office.documents import reminder_pdf
from reception_tui.office.documents.reminder import days_overdue
from reception_tui.office.model import Case

from .conftest import LETTERHEAD, UNIT, body_text, flat, make_case, pages_text, render_first_page

TODAY = date(2027, 1, 5)
NEW_DUE = date(2027, 1, 15)


def _cases() -> list[Case]:
    return [
        make_case(2, transferred=date(2026, 12, 1), due=date(2026, 12, 31)),  # 5 days
        make_case(1, due=date(2026, 12, 21)),  # 15 days
        make_case(3, due=TODAY),  # due today: not overdue
        make_case(4, state=CaseState.REPLIED, due=date(2026, 12, 1), outcome=Outcome.A),  # answered
        make_case(5, state=CaseState.EXTENDED, transferred=date(2026, 10, 9), due=date(2027, 1, 4)),  # 1 day
    ]


def _reminder(cases: list[Case]) -> bytes:
    return reminder_pdf(UNIT, cases, letterhead=LETTERHEAD, today=TODAY, new_due=NEW_DUE, embed_font=False)


def test_days_overdue_are_counted_from_today() -> None:
    cases = _cases()
    assert [days_overdue(case, TODAY) for case in cases] == [5, 15, 0, 0, 1]


def test_the_reminder_lists_the_overdue_cases_oldest_due_first() -> None:
    text = flat(body_text(pages_text(_reminder(_cases()))))
    for expected in (
        "催办通知", f"{UNIT}：", "至2027年1月5日尚未收到书面答复", "请抓紧办理，并于2027年1月15日前书面答复",
        "序号登记编号转办日期应答复日期逾期天数",
        "1BSJD-261120-001-12026年11月23日2026年12月21日15天",
        "2BSJD-261120-002-12026年12月1日2026年12月31日5天",
        "3BSJD-261120-005-12026年10月9日2027年1月4日1天",
        "共3件", flat(LETTERHEAD.office_contact), "北山街道人大工委2027年1月5日",
    ):  # fmt: skip
        assert expected in text, expected
    assert "BSJD-261120-003-1" not in text and "BSJD-261120-004-1" not in text


def test_no_overdue_case_is_an_error() -> None:
    with pytest.raises(ValueError, match="overdue"):
        _reminder([make_case(3, due=TODAY)])


def test_a_long_list_runs_onto_more_pages_with_every_case() -> None:
    cases = [make_case(n, due=date(2026, 12, 1)) for n in range(1, 61)]
    pages = pages_text(_reminder(cases))
    assert len(pages) >= 2
    text = flat(body_text(pages))
    assert all(case.desk.case_number in text for case in cases) and "共60件" in text
    assert "逾期天数" in flat(pages[1])  # the header row repeats


def test_the_reminder_renders(tmp_path: Path) -> None:
    assert render_first_page(_reminder(_cases()), tmp_path / "reminder.png")[2] > 1000
