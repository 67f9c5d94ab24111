"""Every text field of imported records cleaned by the domain's one text rule (``clean_text``).

A laptop cleans what is typed, but the office cannot know that a file came from an unmodified
laptop: a signed file may still carry terminal escapes or bidirectional overrides in a name. The
signature and the payload hash are checked on the bytes as received; what the office stores, and
every ledger it writes, holds the cleaned text.
"""

from __future__ import annotations

from typing import Any

from reception_tui.domain.text import clean_text, is_clean

MULTILINE_FIELDS = frozenset({"own_words", "summary", "note", "explanation"})
"""Fields whose line breaks are kept (the visitor's own words, summaries, notes), as at the desk."""


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
