"""Chinese text wraps between any two characters, as Chinese is set, instead of only at spaces.

Rich (and Textual's ``Content``, which uses Rich's line breaker, and the text area's soft wrap) breaks lines
only at white space:
a Chinese sentence with a space in it, such as "1 个文件已写入并读回核对：可以安全移除U盘", broke
after the "1" and left the rest on the next line, and a help paragraph broke at the one space
before a key letter however short the line before it. Here every CJK character is a word of its
own, so a line breaks wherever the width runs out, except before closing punctuation (，。、：）」
…) and after opening punctuation (（「…), which stay with their neighbours. Latin words and
numbers still break only at spaces.

Applied once, when the UI package is imported (the CLI's output is not wrapped by Rich).
"""

from __future__ import annotations

import re

import rich._wrap
import textual._wrap

_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u33ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
OPENING = "（［｛〔〈《「『【〖“‘"
"""Never at the end of a line."""
CLOSING = "）］｝〕〉》」』】〗”’，。、；：！？…—·％"
"""Never at the start of a line."""

_UNIT = rf"(?:[{OPENING}]*(?:(?![{OPENING}])[{_CJK}]|[^\s{_CJK}{OPENING}]+)|[{OPENING}]+|\S)[{CLOSING}]*"
WORD = re.compile(rf"\s*{_UNIT}\s*")
"""One breakable unit and the white space around it: a CJK character, or a run of other characters
up to a space, a CJK character or opening punctuation, with the opening punctuation before it and the
closing after (opening punctuation with nothing to open, and any other single character, is a unit of its own,
so every character belongs to a unit: Rich stops breaking at the first that does not)."""

CHUNK = re.compile(rf"{_UNIT}\s*|\s+")
"""The same units for Textual's own breaker (the text area's soft wrap), which keeps leading space apart."""


def apply() -> None:
    """Make Rich's and Textual's line breakers use these units."""
    rich._wrap.re_word = WORD
    textual._wrap.re_chunk = CHUNK


def applied() -> bool:
    """True when both line breakers use these units."""
    return rich._wrap.re_word is WORD and textual._wrap.re_chunk is CHUNK
