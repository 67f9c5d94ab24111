"""Parsing untrusted JSON: size and nesting bounded before parsing; NaN, Infinity, fractions and
duplicate keys refused.

Python's ``json`` accepts ``NaN``, keeps the last of duplicate keys and recurses about a thousand
levels deep; a hostile or damaged file must get a clear refusal instead. Before parsing, a scan at
C speed keeps only the structure outside strings: its brackets give the nesting depth and its
colons the number of keys written. orjson (strict: no NaN, no lone surrogates) then parses; one
walk over the parsed value counts its keys (fewer than were written: a key was named twice) and
finds floating-point numbers (the formats read here use integers only, which keeps their
canonical bytes the same in every language).
"""

from __future__ import annotations

from typing import Any

import orjson

from reception_tui.exchange.errors import RejectedFile

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32

_DELETE_ALL_BUT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}:')
_OPENERS = frozenset(b"[{")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def structure_outside_strings(raw: bytes) -> bytes:
    """The brackets and colons of ``raw`` outside strings.

    In JSON a backslash only occurs inside a string and starts a two-character escape, so removing
    ``\\\\`` pairs and then ``\\"`` pairs leaves quotes that are exactly the string delimiters. Of
    the rest only quotes, brackets and colons are kept. Two quotes with nothing kept between them
    are either an empty-looking string or the end of one string and the start of the next with
    nothing outside between them: dropping them both changes nothing outside strings, and removes
    most strings at C speed. The few left (holding a colon or bracket, such as a time of day)
    are cut out by splitting at the quotes.
    """
    if b"\\" in raw:  # one byte is found at memchr speed; most files hold no escapes at all
        if b"\\\\" in raw:
            raw = raw.replace(b"\\\\", b"")
        if b'\\"' in raw:
            raw = raw.replace(b'\\"', b"")
    kept = raw.translate(None, _DELETE_ALL_BUT_STRUCTURE).replace(b'""', b"")
    if b'"' not in kept:
        return kept
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


def _keys_and_floats(value: Any) -> tuple[int, bool]:
    """Keys in every object of a parsed value, and whether it holds a float (a tight loop: it runs
    on every imported file)."""
    total = 0
    stack = [value]
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        if type(item) is dict:
            total += len(item)
            children = item.values()
        else:
            children = item
        for child in children:
            kind = type(child)
            if kind is dict or kind is list:
                push(child)
            elif kind is float:
                return total, True
    return total, False


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
    kind = type(value)
    if kind is dict or kind is list:
        keys, has_float = _keys_and_floats(value)
    else:
        keys, has_float = 0, kind is float
    if has_float:
        raise RejectedFile("exchange.reject.not_json", "a number with a fraction or exponent (only integers are used)")
    if keys != structure.count(b":"):
        raise RejectedFile("exchange.reject.duplicate_key", "an object names the same key twice")
    return value
