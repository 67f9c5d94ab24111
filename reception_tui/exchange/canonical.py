"""Canonical JSON bytes (UTF-8, keys sorted, no white space): what is hashed, signed and sealed."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

CANONICALIZATION = "json-utf8-sorted-keys-compact"


def canonical_bytes(value: Any) -> bytes:
    """The canonical encoding of a JSON value; ``ValueError`` for what JSON cannot carry exactly
    (floats, lone surrogates, non-string keys)."""
    _reject_floats(value)
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError as error:
        raise ValueError(str(error)) from None


def _reject_floats(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, float):
            raise ValueError("floating-point numbers are not allowed")


def canonical_with_parts(
    value: dict[str, Any], records: frozenset[str]
) -> tuple[bytes, dict[str, list[bytes]]]:
    """:func:`orjson.dumps` of ``value`` with sorted keys (no float check), built from the canonical
    bytes of the records under the top-level keys named in ``records`` (an object is one record, an
    array a list of them), which are returned too.

    Sorted-key compact JSON of an object is ``{`` + ``"key":value`` pairs in key order, joined by
    commas, + ``}``, and of an array ``[`` + elements joined by commas + ``]``; orjson orders keys by
    code point, as :func:`sorted` does. The import hashes the payload and stores each record's
    bytes: this encodes every record once for both.
    """
    parts: dict[str, list[bytes]] = {}
    pieces: list[bytes] = []
    for key in sorted(value):
        item = value[key]
        if key in records and type(item) is list:
            encoded = [orjson.dumps(element, option=orjson.OPT_SORT_KEYS) for element in item]
            parts[key] = encoded
            body = b"[" + b",".join(encoded) + b"]"
        else:
            body = orjson.dumps(item, option=orjson.OPT_SORT_KEYS)
            if key in records and type(item) is dict:
                parts[key] = [body]
        pieces.append(orjson.dumps(key) + b":" + body)
    return b"{" + b",".join(pieces) + b"}", parts


def sha256_hex(data: bytes) -> str:
    """Lower-case hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()
