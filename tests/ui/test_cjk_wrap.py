"""Chinese lines break between characters, never before closing or after opening punctuation."""

from __future__ import annotations

import itertools

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line
from rich.cells import cell_len

import reception_tui.ui  # noqa: F401  (importing the UI package applies the line breaker)
from reception_tui.ui.patches import cjk_wrap


def _lines(text: str, width: int) -> list[str]:
    offsets = divide_line(text, width)
    return [text[start:end] for start, end in zip([0, *offsets], [*offsets, len(text)], strict=True)]


def test_the_line_breaker_is_installed() -> None:
    assert cjk_wrap.applied()


def test_a_sentence_with_a_space_fills_its_lines() -> None:
    lines = _lines("1 个文件已写入并读回核对：可以安全移除U盘", 20)
    assert lines[0] == "1 个文件已写入并读回"  # not "1 " alone, as when only spaces were break points
    assert all(cell_len(line.rstrip()) <= 20 for line in lines)


def test_help_text_breaks_where_the_width_runs_out() -> None:
    text = "来访人到场按 N 登记，选中来访人按 I 记录事项，按 D 设置处理方式，按 P 打印回执；接待结束按 X。"
    lines = _lines(text, 30)
    assert all(26 <= cell_len(line.rstrip()) <= 30 for line in lines[:-1]), lines


def test_latin_words_still_break_at_spaces() -> None:
    assert _lines("reception desk export", 12) == ["reception ", "desk export"]


UNITS = st.sampled_from(
    list("来访人登记事项处理回执") + list(cjk_wrap.OPENING) + list(cjk_wrap.CLOSING) + ["N", "13", " "]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(UNITS, min_size=1, max_size=60).map("".join), st.integers(6, 30))
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(text: str, width: int) -> None:
    # a unit longer than a line (many brackets round one character) is folded where it must be
    assume(all(cell_len(unit.group().rstrip()) <= width for unit in cjk_wrap.WORD.finditer(text)))
    lines = _lines(text, width)
    assert "".join(lines) == text
    for before, after in itertools.pairwise(lines):
        assert after[:1] not in cjk_wrap.CLOSING or before.endswith(" "), (before, after)
        assert before[-1:] not in cjk_wrap.OPENING, (before, after)


def test_the_text_areas_soft_wrap_breaks_chinese_the_same_way() -> None:
    from textual._wrap import compute_wrap_offsets

    text = "物业收了停车费，晚上外来车还是随便停，消防通道被占 A 栋门口（每天）尤其严重。"
    offsets = compute_wrap_offsets(text, 20, 4)
    lines = [text[start:end] for start, end in zip([0, *offsets], [*offsets, len(text)], strict=True)]
    assert "".join(lines) == text
    assert all(cell_len(line.rstrip()) <= 20 for line in lines)
    assert all(cell_len(line) >= 18 for line in lines[:-1]), lines  # full lines, not broken at the one space
    assert not any(line.startswith(tuple(cjk_wrap.CLOSING)) for line in lines)
