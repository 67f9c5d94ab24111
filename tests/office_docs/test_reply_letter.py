"""The reply letter to the voter: addressed by masked name, the issue, the unit's answer, the outcome in plain words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reception_tui.domain.followup import Outcome
from reception_tui.office.documents import reply_letter_pdf
from reception_tui.office.documents.wording import OUTCOME_LABELS
from reception_tui.office.model import Case

from .conftest import (
    FULL_NAME,
    LETTERHEAD,
    PHONE,
    REVEALED,
    UNIT,
    body_text,
    flat,
    make_case,
    pages_text,
    render_first_page,
    replied,
)

ON = date(2026, 12, 15)
ANSWER = "经现场查看，已安排施工队于12月10日前完成路面修复，并增设排水口两处。"


def _letter(case: Case | None = None, **kwargs: object) -> str:
    data = reply_letter_pdf(
        case or replied(make_case()), unit=UNIT, reply_summary=kwargs.pop("reply_summary", ANSWER),  # type: ignore[arg-type]
        letterhead=LETTERHEAD, on=ON, embed_font=False, **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip
    return flat(body_text(pages_text(data)))


def test_the_letter_holds_every_element() -> None:
    text = _letter()
    for expected in (
        "答复告知书", "张*明：", "您于2026年11月20日在北山街道人大代表联络站反映的",
        "“小区门口道路破损积水，影响老人儿童出行，请求尽快修复。”问题", "登记编号：BSJD-261120-007-1",
        f"已交{UNIT}办理", "办理单位答复：" + flat(ANSWER), "办理结果：正在解决或已列入计划逐步解决（B类）",
        "接待代表：周建国", "如有疑问，请联系：" + flat(LETTERHEAD.office_contact), "北山街道人大工委2026年12月15日",
    ):  # fmt: skip
        assert expected in text, expected
    assert FULL_NAME not in text and PHONE not in text


def test_the_issue_is_printed_on_one_line() -> None:
    assert "“第一行第二行”" in _letter(replied(make_case(summary="第一行\n\n第二行")))


def test_a_revealed_name_addresses_the_voter_by_name_and_no_phone_is_printed() -> None:
    text = _letter(revealed=REVEALED)
    assert f"{FULL_NAME}：" in text and "张*明" not in text and PHONE not in text


def test_an_anonymous_visitor_is_addressed_as_a_member_of_the_public() -> None:
    assert "来访群众：" in _letter(replied(make_case(anonymous=True)))


def test_outcome_labels_default_and_can_be_replaced() -> None:
    assert f"{OUTCOME_LABELS[Outcome.A]}（A类）" in _letter(replied(make_case(), Outcome.A))
    text = _letter(outcome=Outcome.C, outcome_labels={Outcome.C: "需要以后解决"})
    assert "办理结果：需要以后解决（C类）" in text


def test_the_contact_can_be_given() -> None:
    assert "请联系：周建国代表13900001111" in _letter(contact="周建国代表 13900001111")


def test_markup_in_the_answer_and_the_summary_is_printed_literally() -> None:
    text = _letter(replied(make_case(summary="<font size=40>大</font> & 小")), reply_summary="<b>已修复</b> &amp; 验收")
    assert "<fontsize=40>大</font>&小" in text and "<b>已修复</b>&amp;验收" in text


def test_a_long_answer_flows_onto_the_next_page() -> None:
    answer = "".join(f"第{n:03d}条经研究已列入明年计划逐步解决。" for n in range(110))
    data = reply_letter_pdf(replied(make_case()), unit=UNIT, reply_summary=answer, letterhead=LETTERHEAD, on=ON,
                            embed_font=False)  # fmt: skip
    pages = pages_text(data)
    assert len(pages) >= 2 and flat(answer) in flat(body_text(pages))


def test_the_letter_renders(tmp_path: Path) -> None:
    data = reply_letter_pdf(replied(make_case()), unit=UNIT, reply_summary=ANSWER, letterhead=LETTERHEAD, on=ON,
                            embed_font=False)  # fmt: skip
    assert render_first_page(data, tmp_path / "letter.png")[2] > 1000
