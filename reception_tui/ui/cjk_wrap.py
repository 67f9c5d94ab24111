"""Chinese text wraps between any two characters, as Chinese is set, instead of only at spaces.

Rich (and Textual's ``Content``, which uses Rich's line breaker) breaks lines only at white space:
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

_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u33ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
OPENING = "（［｛〔〈《「『【〖“‘"
"""Never at the end of a line."""
CLOSING = "）］｝〕〉》」』】〗”’，。、；：！？…—·％"
"""Never at the start of a line."""

WORD = re.compile(rf"\s*[{OPENING}]*(?:[{_CJK}]|[^\s{_CJK}]+)[{CLOSING}]*\s*")
"""One breakable unit and the white space around it: a CJK character, or a run of other characters
up to a space or a CJK character, with the opening punctuation before it and the closing after."""

_ORIGINAL = rich._wrap.re_word


def apply() -> None:
    """Make Rich's line breaker use :data:`WORD` (once)."""
    rich._wrap.re_word = WORD


def applied() -> bool:
    """True when Rich breaks lines with :data:`WORD`."""
    return rich._wrap.re_word is WORD
