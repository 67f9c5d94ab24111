"""Parsing untrusted JSON: size, values and nesting bounded before parsing; NaN, Infinity, fractions,
duplicate keys and bytes that are not UTF-8 refused.

Python's ``json`` accepts ``NaN``, keeps the last of duplicate keys and recurses about a thousand
levels deep; a hostile or damaged file must get a clear refusal instead. Before parsing, a scan at
C speed keeps only the structure outside strings: its brackets give the number of arrays and
objects and the nesting depth, its commas the number of values and its colons the number of keys
written. Those counts bound what parsing can build: a parsed value costs some 60 to 100 bytes of
memory, so a 16 MiB file of ``[[],[],…]`` (five million lists, a gigabyte once parsed) is refused
before parsing, at the speed of reading it. orjson (strict: no NaN, no lone surrogates) then
parses; one walk over the parsed value counts its keys (fewer than were written: a key was named
twice) and finds floating-point numbers (the formats read here use integers only, which keeps
their canonical bytes the same in every language).
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import orjson

from reception_tui.exchange.errors import RejectedFile
from reception_tui.i18n import Message

MAX_FILE_BYTES = 16 * 1024 * 1024
"""A session file's size bound: some 4,000 visitors with their issues (an afternoon's file is well
under 1 MiB). Any file up to it is accepted or refused within 256 MiB of memory."""
MAX_DEPTH = 32
MAX_CONTAINERS = 150_000
"""Arrays and objects in one file: a real file has about 3,000 per MiB (48,000 at the size bound;
60,000 written compactly)."""
MAX_VALUES = 800_000
"""Values in one file (its commas plus its arrays and objects): a real file has about 28,000 per MiB
(450,000 at the size bound; 600,000 written compactly)."""

_DELETE_ALL_BUT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}:,')
_QUOTED = re.compile(rb'"[^"]*"')
_UTF8_CHUNK = 1 << 20
_OPENERS = frozenset(b"[{")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def structure_outside_strings(raw: bytes) -> bytes:
    """The brackets, colons and commas of ``raw`` outside strings.

    In JSON a backslash only occurs inside a string and starts a two-character escape, so removing
    ``\\\\`` pairs and then ``\\"`` pairs leaves quotes that are exactly the string delimiters. Of
    the rest only quotes, brackets, colons and commas are kept. Two quotes with nothing kept
    between them are either an empty-looking string or the end of one string and the start of the
    next with nothing outside between them: dropping them both changes nothing outside strings, and
    removes most strings at C speed. The few left (holding a colon, comma or bracket, such as a
    time of day) are cut out by a regular expression (at C speed, with no piece per string: a file
    of millions of ``"a:b"`` costs no more than its own size).
    """
    if b"\\" in raw:  # one byte is found at memchr speed; most files hold no escapes at all
        if b"\\\\" in raw:
            raw = raw.replace(b"\\\\", b"")
        if b'\\"' in raw:
            raw = raw.replace(b'\\"', b"")
    kept = raw.translate(None, _DELETE_ALL_BUT_STRUCTURE).replace(b'""', b"")
    if b'"' not in kept:
        return kept
    return _QUOTED.sub(b"", kept)


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
        too_large = Message("exchange.detail.size", {"size": len(raw), "limit": max_bytes})
        raise RejectedFile("exchange.reject.too_large", too_large)
    structure = structure_outside_strings(raw)
    containers = structure.count(b"[") + structure.count(b"{")
    if containers > MAX_CONTAINERS:
        raise RejectedFile(
            "exchange.reject.too_many_values",
            Message("exchange.detail.containers", {"count": containers, "limit": MAX_CONTAINERS}),
        )
    values = structure.count(b",") + containers
    if values > MAX_VALUES:
        raise RejectedFile(
            "exchange.reject.too_many_values", Message("exchange.detail.values", {"count": values, "limit": MAX_VALUES})
        )
    depth = nesting_depth(structure)
    if depth > max_depth:
        raise RejectedFile(
            "exchange.reject.too_deep", Message("exchange.detail.depth", {"depth": depth, "limit": max_depth})
        )
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        bad_byte = first_non_utf8(raw)
        if bad_byte is not None:
            at_byte = Message("exchange.detail.byte", {"offset": bad_byte})
            raise RejectedFile("exchange.reject.not_utf8", at_byte) from None
        # orjson's own words (English) stay as a value, framed by where it stopped
        where = {"line": error.lineno, "column": error.colno, "problem": error.msg}
        raise RejectedFile("exchange.reject.not_json", Message("exchange.detail.line_column", where)) from None
    kind = type(value)
    if kind is dict or kind is list:
        keys, has_float = _keys_and_floats(value)
    else:
        keys, has_float = 0, kind is float
    if has_float:
        raise RejectedFile("exchange.reject.not_json", Message("exchange.detail.float"))
    if keys != structure.count(b":"):
        raise RejectedFile("exchange.reject.duplicate_key", Message("exchange.detail.duplicate_key"))
    return value


def first_non_utf8(raw: bytes) -> int | None:
    """The offset of the first byte that is not UTF-8, or None; decoded a megabyte at a time, so
    checking a large file costs no more memory than one chunk's text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for start in range(0, len(raw), _UTF8_CHUNK):
        pending = len(decoder.getstate()[0])  # the end of the last chunk, decoded with this one
        try:
            decoder.decode(raw[start : start + _UTF8_CHUNK], final=start + _UTF8_CHUNK >= len(raw))
        except UnicodeDecodeError as error:
            return start - pending + error.start
    return None
