"""The quick check of clean text agrees with the rule itself on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reception_tui.domain.text import clean_text, is_clean

TRICKY = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(" \t\n\r\x1b[]2J\x07\x9b\u202e\u2066\u200f\u3000\xa0\u0301e\u00e9字，。")),
        st.characters(),
    ),
    max_size=12,
)


@settings(max_examples=800, deadline=None)
@given(TRICKY, st.booleans())
def test_is_clean_is_true_exactly_when_cleaning_changes_nothing(value: str, multiline: bool) -> None:
    assert is_clean(value, multiline=multiline) is (clean_text(value, multiline=multiline) == value)


def test_typical_text_is_clean() -> None:
    assert is_clean("张三") and is_clean("") and is_clean("BSJD-20261120-001-1-25")
    assert is_clean("第一行\n第二行", multiline=True) and not is_clean("第一行\n第二行")
    assert not is_clean("恶意\u202e名字") and not is_clean(" 张三") and not is_clean("e\u0301")
