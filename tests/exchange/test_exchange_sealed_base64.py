"""The sealed payload's base64 is decoded in one strict pass; what it accepts is exactly what the schema's
pattern and ``base64.b64decode(validate=True)`` accept, with the same bytes."""

from __future__ import annotations

import base64
import binascii
import itertools
import re

from reception_tui.exchange.reader import _strict_base64

PATTERN = re.compile(r"[A-Za-z0-9+/]*={0,2}")
"""``sealed_payload``'s pattern in schemas/session-export.schema.json."""


def _reference(text: str) -> bytes | None:
    if not PATTERN.fullmatch(text):
        return None
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except binascii.Error:
        return None


def test_strict_decoding_accepts_only_what_the_pattern_and_the_decoder_accept() -> None:
    for length in range(9):
        for letters in itertools.product("QUa+/=", repeat=length):
            text = "".join(letters)
            decoded = _strict_base64(text)
            if decoded is not None:  # accepted: the schema's pattern holds and the bytes are the same
                assert _reference(text) == decoded, text
    for text in ("QQ==", "QUJD", "QUJD=", "", "QUJD\n", "QU JD", "ＱＵＪＤ", "QUJD====", "==", "QQ==QQ=="):
        decoded = _strict_base64(text)
        assert decoded is None or decoded == _reference(text), text
    assert _strict_base64(None) is None and _strict_base64(12) is None
