"""The shared layout helpers: escaping user text for reportlab's markup, one-line and cut summaries, dates."""

from __future__ import annotations

from datetime import date

from reception_tui.office.documents import transfer_batch_pdf
from reception_tui.office.documents.render import cut, escape, one_line
from reception_tui.office.documents.wording import cn_date

from .conftest import LETTERHEAD, UNIT, make_case


def test_escape_makes_markup_text_and_keeps_line_breaks() -> None:
    assert escape("<b>x</b> & y &amp;") == "&lt;b&gt;x&lt;/b&gt; &amp; y &amp;amp;"
    assert escape("a\r\nb\rc\nd") == "a<br/>b<br/>c<br/>d"
    assert escape("a\x00b\x0bc\x7fd\te") == "a b c d\te"


def test_one_line_and_cut() -> None:
    assert one_line(" 第一行\n\n第二行  三 ") == "第一行 第二行 三"
    assert cut("一二三四五六", 6) == "一二三四五六"
    assert cut("一二三四五六七", 6) == "一二三四五…"


def test_dates_print_without_leading_zeros() -> None:
    assert cn_date(date(2027, 1, 5)) == "2027年1月5日"
    assert cn_date(date(2026, 12, 21)) == "2026年12月21日"


def test_a_batch_is_byte_identical_when_made_twice() -> None:
    cases = [make_case(1), make_case(2)]
    assert transfer_batch_pdf(UNIT, cases, letterhead=LETTERHEAD, embed_font=False) == transfer_batch_pdf(
        UNIT, cases, letterhead=LETTERHEAD, embed_font=False
    )
