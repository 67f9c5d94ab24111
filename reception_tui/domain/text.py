"""The one rule for user text: escape sequences and control characters are removed at the domain boundary."""

from __future__ import annotations

import re
import unicodedata

_ANSI_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]              # CSI ... final byte (colours, cursor moves)
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)? # OSC ... BEL or ST (titles, hyperlinks, clipboard)
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?      # DCS, SOS, PM, APC strings
    | \x1b[@-Z\\-_]                      # other two-byte escapes
    | \x9b[0-?]*[ -/]*[@-~]              # 8-bit CSI
    """,
    re.VERBOSE,
)

# Bidirectional overrides can make a name display differently from how it is stored.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def is_bidi_control(char: str) -> bool:
    """Whether ``char`` is a bidirectional override or mark that :func:`clean_text` removes."""
    return char in _BIDI_CONTROLS


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Return ``value`` safe to store and display.

    Terminal escape sequences are removed whole, other control characters (C0, C1, DEL) and
    bidirectional overrides are dropped, ``\\r\\n`` becomes ``\\n``, and surrounding white space is
    trimmed. Line breaks survive only in ``multiline`` fields (the visitor's own words, summaries);
    elsewhere they and tabs become a single space. Printable text, including ``[b]`` style
    brackets, is kept exactly as typed: showing it literally is the UI's job.
    """
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _ANSI_SEQUENCE.sub("", text)
    kept: list[str] = []
    for char in text:
        if char == "\n":
            kept.append("\n" if multiline else " ")
        elif char == "\t":
            kept.append(" ")
        elif char in _BIDI_CONTROLS or unicodedata.category(char) == "Cc":
            continue
        else:
            kept.append(char)
    cleaned = unicodedata.normalize("NFC", "".join(kept))
    if multiline:
        lines = [line.rstrip() for line in cleaned.split("\n")]
        return "\n".join(lines).strip()
    return " ".join(cleaned.split(" ")).strip()


def is_clean(value: str, *, multiline: bool = False) -> bool:
    """True when :func:`clean_text` would return ``value`` unchanged, found at C speed for the usual
    text (printable, NFC, no space at either end): the office checks every text of every imported
    file with it and calls :func:`clean_text` only on the rest."""
    if value.isprintable():  # no control, format (bidi) or separator character but the space
        if not value or value[0] == " " or value[-1] == " ":
            return not value
        return value.isascii() or unicodedata.is_normalized("NFC", value)
    return clean_text(value, multiline=multiline) == value  # line breaks, unassigned characters


def normalise_digits(value: str) -> str:
    """Fold full-width digits, letters and punctuation from Chinese input methods to ASCII (NFKC)."""
    return unicodedata.normalize("NFKC", value)
