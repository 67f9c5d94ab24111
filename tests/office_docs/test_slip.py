"""The transfer slip and a unit's batch: every element printed, privacy kept, user text literal, long text flows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reception_tui.office.documents import transfer_batch_pdf, transfer_slip_pdf
from reception_tui.office.documents.wording import COVER_SUMMARY_CHARS, OUTCOME_LABELS
from reception_tui.office.model import Revealed, RevealField

from .conftest import (
    ADDRESS,
    DUE,
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
)  # fmt: skip


def _slip(**kwargs: object) -> bytes:
    case = kwargs.pop("case", make_case())
    return transfer_slip_pdf(case, unit=UNIT, letterhead=LETTERHEAD, embed_font=False, **kwargs)  # type: ignore[arg-type]


def test_the_slip_prints_every_required_element() -> None:
    case = make_case()
    text = flat("".join(pages_text(_slip(case=case))))
    for expected in (
        "人大代表接待选民来访事项转办单", "编号：ZB-2026-0007", "转办日期：2026年11月23日", f"{UNIT}：",
        "登记编号BSJD-261120-007-1", "接待日期2026年11月20日", "接待代表周建国", "问题类别交通出行",
        "来访人张*明", "事项地点：黄龙社区青芝坞路口", flat(case.desk.summary), "请于2026年12月21日前书面答复",
        flat(f"联系方式：{LETTERHEAD.office_contact}"), "北山街道人大工委2026年11月23日",
        # the tear-off receipt
        "沿此线剪下", "转办单签收回执", "转办单编号：ZB-2026-0007", "登记编号：BSJD-261120-007-1",
        f"承办单位：{UNIT}", "应答复日期：2026年12月21日", "签收单位", "签收人：", "日期：",
    ):  # fmt: skip
        assert expected in text, expected


def test_the_due_date_sentence_uses_the_case_due_date_without_leading_zeros() -> None:
    case = make_case(due=DUE.replace(month=12, day=5))
    assert "请于2026年12月5日前书面答复" in flat("".join(pages_text(_slip(case=case))))


def test_without_a_reveal_only_the_masked_name_is_printed_never_the_phone() -> None:
    text = "".join(pages_text(_slip()))
    assert "张*明" in text
    for secret in (FULL_NAME, PHONE, ADDRESS, "5678"):
        assert secret not in flat(text), secret


def test_a_reveal_prints_the_values_it_holds() -> None:
    text = flat("".join(pages_text(_slip(revealed=REVEALED))))
    assert f"来访人{FULL_NAME}" in text and f"联系电话{PHONE}" in text and flat(f"住址：{ADDRESS}") in text
    assert "张*明" not in text


def test_a_reveal_of_the_name_only_prints_no_phone() -> None:
    text = flat("".join(pages_text(_slip(revealed=Revealed({RevealField.NAME: FULL_NAME})))))
    assert FULL_NAME in text and PHONE not in text and "住址" not in text


def test_an_anonymous_visitor_is_printed_as_anonymous() -> None:
    assert "来访人匿名" in flat("".join(pages_text(_slip(case=make_case(anonymous=True)))))


def test_markup_in_user_text_is_printed_literally() -> None:
    case = make_case(summary="路灯<b>不亮</b> & 井盖 &amp; 缺失<br/>", place="A&B <i>路</i>")
    text = flat("".join(pages_text(_slip(case=case))))
    assert "路灯<b>不亮</b>&井盖&amp;缺失<br/>" in text
    assert "事项地点：A&B<i>路</i>" in text


def test_a_long_summary_flows_onto_the_next_page_without_losing_text() -> None:
    summary = "".join(f"第{n:03d}句小区道路破损积水请求尽快修复。" for n in range(100))
    assert len(summary) == 2000
    pages = pages_text(_slip(case=make_case(summary=summary)))
    assert len(pages) >= 2
    assert flat(summary) in flat(body_text(pages))
    assert "签收人：" in pages[-1] and "请于" in flat(pages[-1])


def test_a_multi_line_summary_keeps_its_line_breaks_as_text() -> None:
    text = flat("".join(pages_text(_slip(case=make_case(summary="第一行\n第二行\r\n第三行")))))
    assert "第一行第二行第三行" in text


def test_a_slip_needs_a_transferred_case() -> None:
    case = make_case()
    with pytest.raises(ValueError, match="transfer"):
        _slip(case=replace(case, followup=replace(case.followup, transferred_on=None, due_on=None)))


def test_the_output_is_deterministic() -> None:
    assert _slip() == _slip()


def test_a_batch_of_14_is_one_cover_list_and_14_slips_each_on_its_own_page() -> None:
    cases = [make_case(n, summary=f"第{n}件：小区门口道路破损积水，影响老人儿童出行，请求尽快修复并加装排水设施。")
             for n in range(1, 15)]  # fmt: skip
    data = transfer_batch_pdf(UNIT, cases, letterhead=LETTERHEAD, embed_font=False)
    pages = pages_text(data)
    assert len(pages) == 15
    cover = flat(pages[0])
    assert "转办事项清单" in cover and f"承办单位：{UNIT}" in cover and "转办日期：2026年11月23日" in cover
    assert "共14件" in cover and "序号登记编号类别摘要应答复日期" in cover
    for number, case in enumerate(cases, start=1):
        cut_summary = flat(case.desk.summary[: COVER_SUMMARY_CHARS - 1]) + "…"
        row = f"{number}{case.desk.case_number}交通出行{cut_summary}2026年12月21日"
        assert row in cover, row
        slip = flat(pages[number])
        assert "转办单" in slip and f"登记编号{case.desk.case_number}" in slip and flat(case.desk.summary) in slip
        assert "签收单位" in slip
    assert "张*明" in flat("".join(pages)) and FULL_NAME not in flat("".join(pages))


def test_a_batch_reveals_only_for_the_cases_it_is_given_values_for() -> None:
    cases = [make_case(1), make_case(2)]
    pages = pages_text(transfer_batch_pdf(UNIT, cases, letterhead=LETTERHEAD, revealed={"case-2": REVEALED},
                                          embed_font=False))  # fmt: skip
    assert len(pages) == 3
    assert PHONE not in flat(pages[1]) and FULL_NAME not in flat(pages[1])
    assert PHONE in flat(pages[2]) and FULL_NAME in flat(pages[2])


def test_a_batch_needs_cases() -> None:
    with pytest.raises(ValueError):
        transfer_batch_pdf(UNIT, [], letterhead=LETTERHEAD, embed_font=False)


def test_slip_and_cover_pages_render_as_a4(tmp_path: Path) -> None:
    width, height, dark = render_first_page(_slip(), tmp_path / "slip.png")
    assert abs(width - 595) <= 1 and abs(height - 842) <= 1 and dark > 1000
    batch = transfer_batch_pdf(UNIT, [make_case(1)], letterhead=LETTERHEAD, embed_font=False)
    assert render_first_page(batch, tmp_path / "cover.png")[2] > 1000
    assert OUTCOME_LABELS  # the wording module is importable on its own


def test_absurdly_long_fields_flow_instead_of_failing() -> None:
    huge = Revealed({RevealField.ADDRESS: "址" * 3000, RevealField.NAME: "名" * 500})
    case = make_case(category="类" * 1500, place="地" * 2000)
    pages = pages_text(_slip(case=case, revealed=huge))
    text = flat(body_text(pages))
    assert len(pages) >= 3 and "请于2026年12月21日前书面答复" in text
    assert "址" * 3000 in text and "地" * 2000 in text
    assert text.count("名") >= 500 and text.count("类") >= 1500  # table cells split across pages: all printed
    batch = pages_text(transfer_batch_pdf(UNIT, [case], letterhead=LETTERHEAD, embed_font=False))
    assert "类" * 11 + "…" in flat(batch[0]) and "类" * 12 not in flat(batch[0])  # the cover list cuts
    assert flat(body_text(batch[1:])).count("类") >= 1500  # the slip after it has it all
