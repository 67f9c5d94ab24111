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


def sha256_hex(data: bytes) -> str:
    """Lower-case hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()
