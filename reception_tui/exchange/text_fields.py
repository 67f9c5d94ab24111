"""Every text field of imported records cleaned by the domain's one text rule (``clean_text``).

A laptop cleans what is typed, but the office cannot know that a file came from an unmodified
laptop: a signed file may still carry terminal escapes or bidirectional overrides in a name. The
signature and the payload hash are checked on the bytes as received; what the office stores, and
every ledger it writes, holds the cleaned text.
"""

from __future__ import annotations

import re
from typing import Any

from reception_tui.domain.text import clean_text, is_clean

MULTILINE_FIELDS = frozenset({"own_words", "summary", "note", "explanation"})
"""Fields whose line breaks are kept (the visitor's own words, summaries, notes), as at the desk."""


_KEEP_SUSPECT_BYTES = bytes(
    b for b in range(256) if not (b <= 0x20 or b in b"\\\x7f\xc2\xea\xef" or 0xCC <= b <= 0xE3 or b >= 0xF0)
)
"""Bytes deleted by the first look: what is left starts an escape, a space, DEL, or a character
from a block that holds something :func:`clean_text` changes (controls, bidirectional marks, spaces
other than U+0020, characters NFC rewrites); Chinese ideographs (lead bytes E4-E9), ASCII letters
and the Latin and fullwidth letters go."""
_SUSPECT_IN_FREQUENT_BLOCKS = (
    # U+2000-200F, 2028-202F, 205F-206F, 20D0-20FF, 2126, 212A-212B, 2329-232A, 2ADC, 2CEF-2CF1, 2D7F, 2DE0-2DFF
    re.compile(
        rb"\xe2(?:\x80[\x80-\x8f\xa8-\xaf]|\x81[\x9f-\xaf]|\x83[\x90-\xbf]|\x84[\xa6\xaa\xab]|\x8c[\xa9\xaa]"
        rb"|\xab\x9c|\xb3[\xaf-\xb1]|\xb5\xbf|\xb7[\xa0-\xbf])"
    ),
    re.compile(rb"\xe3(?:\x80[\x80\xaa-\xaf]|\x82[\x99\x9a])"),  # U+3000, 302A-302F, 3099-309A
    re.compile(rb"\xef(?:[\xa4-\xab]|\xac[\x9d-\xbf]|\xad|\xb8[\xa0-\xaf])"),  # F900-FAFF, FB1D-FB4F, FE20-FE2F
)


def may_need_cleaning(canonical: bytes) -> bool:
    """False only when no text in this UTF-8 (canonical JSON, or texts each in quotes) can change
    under :func:`clean_text`.

    A look at C speed over the whole payload (a file from a genuine laptop is already clean): no
    escape (JSON writes every control character as one), no control character, no space at either
    end of a text, no DEL, and no character from the
    blocks that hold controls, bidirectional marks, other spaces or characters NFC rewrites; in the
    three blocks Chinese punctuation shares with those (U+2000, U+3000, U+FF00) only the exact
    sequences count. Any hit sends the file through the check of each text.
    """
    leftover = canonical.translate(None, _KEEP_SUSPECT_BYTES)
    if not leftover:
        return False
    if leftover.translate(None, b" \xe2\xe3\xef"):
        return True
    if b" " in leftover and _space_at_a_text_end(canonical):
        return True
    return any(
        lead in leftover and pattern.search(canonical)
        for lead, pattern in zip((b"\xe2", b"\xe3", b"\xef"), _SUSPECT_IN_FREQUENT_BLOCKS, strict=True)
    )


_SPACES_LOOKED_AT = 64


def _space_at_a_text_end(data: bytes) -> bool:
    """Whether a space touches a quote (a text starts or ends with it: :func:`clean_text` trims it);
    past a few dozen spaces the answer is yes, and each text is checked."""
    position = data.find(b" ")
    for _ in range(_SPACES_LOOKED_AT):
        if position < 0:
            return False
        if data[position - 1 : position] == b'"' or data[position + 1 : position + 2] == b'"':
            return True
        position = data.find(b" ", position + 1)
    return position >= 0


def clean_texts(value: Any) -> bool:
    """Clean every text in ``value`` (records: dicts and lists, changed in place); True if any changed."""
    changed = False
    stack = [value]
    while stack:
        item = stack.pop()
        pairs = item.items() if type(item) is dict else enumerate(item)
        for key, child in pairs:
            kind = type(child)
            if kind is str:
                multiline = key in MULTILINE_FIELDS
                if not is_clean(child, multiline=multiline):
                    item[key] = clean_text(child, multiline=multiline)
                    changed = True
            elif kind is dict or kind is list:
                stack.append(child)
    return changed
