"""Parsing untrusted JSON: size and nesting bounded before parsing; NaN, Infinity and duplicate keys refused.

Python's ``json`` accepts ``NaN``, keeps the last of duplicate keys and recurses about a thousand
levels deep; a hostile or damaged file must get a clear refusal instead. Before parsing, a scan at
C speed drops escaped characters and string contents, leaving the structure outside strings: its
brackets give the nesting depth, its colons the number of keys written, and a ``.`` or an
exponent a floating-point number (the formats read here use integers only, which keeps their
canonical bytes the same in every language). orjson (strict: no NaN, no lone surrogates) then
parses, and a parse that yields fewer keys than were written had duplicate keys.
"""

from __future__ import annotations

from typing import Any

import orjson

from reception_tui.exchange.errors import RejectedFile

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32

_STRUCTURE = frozenset(b'"[]{}:.eEtf')
_DELETE_ALL_BUT_STRUCTURE = bytes(b for b in range(256) if b not in _STRUCTURE)
_OPENERS = frozenset(b"[{")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def structure_outside_strings(raw: bytes) -> bytes:
    """The brackets, colons and number/literal markers (``.eEtf``) of ``raw`` outside strings.

    In JSON a backslash only occurs inside a string and starts a two-character escape, so removing
    ``\\\\`` pairs and then ``\\"`` pairs leaves quotes that are exactly the string delimiters.
    """
    if b"\\" in raw:  # one byte is found at memchr speed; most files hold no escapes at all
        if b"\\\\" in raw:
            raw = raw.replace(b"\\\\", b"")
        if b'\\"' in raw:
            raw = raw.replace(b'\\"', b"")
    kept = raw.translate(None, _DELETE_ALL_BUT_STRUCTURE)
    return b"".join(kept.split(b'"')[::2])


def nesting_depth(structure: bytes) -> int:
    """The deepest nesting of arrays and objects in a :func:`structure_outside_strings` result."""
    depth = deepest = 0
    for byte in structure.translate(None, _NOT_BRACKETS):
        if byte in _OPENERS:
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    return deepest


def _key_count(value: Any) -> int:
    """Keys in every object of a parsed value (a tight loop: it runs on every imported file)."""
    total = 0
    stack = [value]
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        kind = type(item)
        if kind is dict:
            total += len(item)
            children = item.values()
        elif kind is list:
            children = item
        else:
            continue
        for child in children:
            child_kind = type(child)
            if child_kind is dict or child_kind is list:
                push(child)
    return total


def parse_untrusted(raw: bytes, *, max_bytes: int = MAX_FILE_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """Parse ``raw`` as strict JSON; :class:`RejectedFile` names the problem."""
    if len(raw) > max_bytes:
        raise RejectedFile("exchange.reject.too_large", f"{len(raw)} bytes, at most {max_bytes}")
    structure = structure_outside_strings(raw)
    depth = nesting_depth(structure)
    if depth > max_depth:
        raise RejectedFile("exchange.reject.too_deep", f"nested {depth} levels, at most {max_depth}")
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise RejectedFile(
            "exchange.reject.not_json", f"line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    exponents = structure.count(b"e") + structure.count(b"E") - structure.count(b"t") - structure.count(b"f")
    if b"." in structure or exponents:
        raise RejectedFile(
            "exchange.reject.not_json", "a number with a fraction or exponent (only integers are used)"
        )
    written = structure.count(b":")
    if _key_count(value) != written:
        raise RejectedFile("exchange.reject.duplicate_key", "an object names the same key twice")
    return value
