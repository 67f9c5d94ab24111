"""The text receipt: cell-measured layout for 58 mm and 80 mm paper, masking, confidentiality, goldens."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from reception_tui.domain.masking import mask_name, mask_phone
from reception_tui.receipts.content import build_receipt
from reception_tui.receipts.layout import labelled, receipt_lines, render_text, unambiguous, wrap

from .conftest import PRINT_TIME, Site

GOLDEN = Path(__file__).parent / "golden"
CLOSING = "，。、；：！？）》」』】"


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs; UPDATE_GOLDEN=1 rewrites it after review"
    )


@pytest.mark.parametrize("width", [32, 48])
def test_golden_text_receipt_of_demo_visitor(demo: Site, width: int) -> None:
    """The receipt of the demo's busiest visitor matches the reviewed golden file, line for line."""
    visitor = demo.richest()
    content = build_receipt(demo.snapshot, demo.config, visitor.id, secret=demo.secret, printed_at=PRINT_TIME)
    _check_golden(f"demo_{width}.txt", render_text(content, width))


@pytest.mark.parametrize("width", [32, 48])
def test_golden_text_receipt_with_confidential_issue_and_reprint(crafted: Site, width: int) -> None:
    """Five issues, one confidential, printed as a reprint: matches the golden file."""
    visitor = crafted.visitor(1)
    content = build_receipt(
        crafted.snapshot,
        crafted.config,
        visitor.id,
        secret=crafted.secret,
        printed_at=PRINT_TIME,
        reprint_of=PRINT_TIME.replace(hour=14, minute=40),
    )
    _check_golden(f"crafted_reprint_{width}.txt", render_text(content, width))


@pytest.mark.parametrize("width", [32, 48])
def test_every_line_fits_the_paper_in_cells(demo: Site, crafted: Site, width: int) -> None:
    for site in (demo, crafted):
        for visitor in site.snapshot.visitors:
            content = build_receipt(site.snapshot, site.config, visitor.id, secret=site.secret)
            for line in receipt_lines(content, width):
                assert cell_len(line.text) <= width, line.text
                assert not line.text or line.text.lstrip()[0] not in CLOSING


def test_case_numbers_and_phones_are_never_broken(crafted: Site) -> None:
    visitor = crafted.visitor(1)
    content = build_receipt(crafted.snapshot, crafted.config, visitor.id, secret=crafted.secret)
    text = render_text(content, 32)
    for issue in content.issues:
        assert issue.case_number in text
    assert "138****1234" in text


def test_visitor_is_masked_and_id_number_absent(crafted: Site) -> None:
    visitor = crafted.visitor(1)
    content = build_receipt(crafted.snapshot, crafted.config, visitor.id, secret=crafted.secret)
    text = render_text(content, 48)
    assert visitor.id_number, "the fixture must carry an ID number to prove it is left out"
    assert "张*明" in text and "138****1234" in text
    assert "张三明" not in text and "13812341234" not in text
    assert visitor.id_number not in text and visitor.id_number[-4:] not in text


def test_confidential_issue_shows_only_its_case_number(crafted: Site) -> None:
    snapshot = crafted.snapshot
    visitor = crafted.visitor(1)
    hidden = next(i for i in snapshot.issues if i.visitor_id == visitor.id and i.confidential)
    content = build_receipt(snapshot, crafted.config, visitor.id, secret=crafted.secret)
    line = next(line for line in content.issues if line.issue_id == hidden.id)
    assert line.confidential and line.category == "" and line.disposition == ""
    block = render_text(content, 48).split(hidden.case_number)[1].split("-" * 48)[0]
    assert "保密事项" in block and hidden.category not in block


def test_confidential_visitor_shows_no_name_phone_or_issue_content(crafted: Site) -> None:
    visitor = crafted.visitor(2)
    content = build_receipt(crafted.snapshot, crafted.config, visitor.id, secret=crafted.secret)
    text = render_text(content, 48)
    assert mask_name(visitor.name) not in text and mask_phone(visitor.phone) not in text
    assert "类别" not in text and all(line.confidential for line in content.issues)
    for issue in content.issues:
        assert issue.case_number in text


def test_anonymous_visitor_reads_anonymous(crafted: Site) -> None:
    content = build_receipt(crafted.snapshot, crafted.config, crafted.visitor(4).id, secret=crafted.secret)
    assert "来访人：匿名" in render_text(content, 32)


def test_transfer_shows_target_and_expected_reply_date(crafted: Site) -> None:
    snapshot = crafted.snapshot
    transfer = next(
        i
        for i in snapshot.issues
        if i.disposition is not None and i.disposition.kind.value == "transfer" and not i.confidential
    )
    content = build_receipt(snapshot, crafted.config, transfer.visitor_id, secret=crafted.secret)
    text = render_text(content, 48)
    assert "处理方式：需转办" in text and "承办单位：北山街道办事处" in text
    assert transfer.expected_reply_date is not None
    assert f"预计答复：{transfer.expected_reply_date.isoformat()} 前" in text


def test_redirect_says_the_channel_and_where_to_go(crafted: Site) -> None:
    """A redirected issue's receipt names the body the visitor was sent to, not only the channel."""
    snapshot = crafted.snapshot
    redirected = next(
        i
        for i in snapshot.issues
        if i.disposition is not None and i.disposition.kind.value == "redirected" and not i.confidential
    )
    content = build_receipt(snapshot, crafted.config, redirected.visitor_id, secret=crafted.secret)
    text = render_text(content, 48)
    assert "引导渠道：诉讼" in text and "请前往：西湖区人民法院诉讼服务中心" in text
    english = build_receipt(snapshot, crafted.config, redirected.visitor_id, secret=crafted.secret, lang="en")
    assert "Go to: 西湖区人民法院诉讼服务中心" in render_text(english, 48).replace("：", ": ")


def test_ambiguous_width_characters_are_replaced() -> None:
    text = unambiguous("“时间”–14:30…·×")
    assert all(ord(c) < 0x80 or unicodedata.east_asian_width(c) != "A" for c in text)


def test_labelled_value_wraps_under_itself() -> None:
    lines = labelled("地点", "北山街道党群服务中心二楼 人大代表工作室", 32)
    assert lines[0].startswith("地点：") and lines[1].startswith(" " * cell_len("地点："))


TOKENS = [*"人大代表接待日回执，。、ABC-0123 ", "BSJD-20261120-007-1-38", "138****1234"]


@given(
    st.lists(st.sampled_from(TOKENS), max_size=60).map("".join),
    st.sampled_from([32, 48]),
    st.sampled_from([0, 6, 10]),
)
def test_wrap_never_exceeds_the_width_and_keeps_every_character(text: str, width: int, indent: int) -> None:
    lines = wrap(text, width, indent=indent)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")


def test_a_closing_mark_after_a_word_that_fills_the_line_stays_within_the_width() -> None:
    """Found by the test above: carrying the case number down with its comma made a 34-cell line."""
    text = "人人人人人BSJD-20261120-007-1-38，"
    lines = wrap(text, 32, indent=10)
    assert all(cell_len(line) <= 32 for line in lines), lines
    assert "".join(line.strip() for line in lines) == text
    assert wrap("人人人人人人人人人人人人人人人人，", 32, indent=0) == ["人人人人人人人人人人人人人人人", "人，"]
