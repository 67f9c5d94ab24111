"""The published export schema: jsonschema validators (with a format checker that knows RFC 3339
timestamps) and the compiled checker the import runs on every file (see :mod:`compiled_schema`).

Messages name the JSON path and the rule that failed, never the offending value (it may be a
visitor's name or phone).
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match

from reception_tui.config.schemas import load_schema
from reception_tui.exchange.compiled_schema import Check, Invalid, compile_schema
from reception_tui.exchange.errors import RejectedFile

SCHEMA_NAME = "session-export.schema.json"

_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)")


def is_rfc3339(value: object) -> bool:
    """True for an RFC 3339 timestamp with a UTC offset (non-strings pass: ``type`` checks those).

    The verdict is :func:`datetime.fromisoformat`'s on the whole text. It checks the date, the clock
    and the offset each on its own, so the date's and the offset's verdicts are remembered: a
    session's timestamps share their day and offset, and the import checks some 150 per file.
    """
    if not isinstance(value, str):
        return True
    if not _RFC3339.fullmatch(value):
        return False
    # hour, minute and second are two digits each here: fromisoformat wants 0..23, 0..59, 0..59
    if value[11:13] > "23" or value[14:16] > "59" or value[17:19] > "59":
        return False
    date_ok = _DATES.get(value[:10])
    if date_ok is None:
        date_ok = _learn(_DATES, value[:10], "{}T00:00:00+00:00")
    tail = value[19:]
    tail_ok = _TAILS.get(tail)
    if tail_ok is None:
        tail_ok = _learn(_TAILS, tail, "2000-01-01T00:00:00{}") if tail[0] != "." else _fraction_ok(tail)
    return date_ok and tail_ok


_DATES: dict[str, bool] = {}
_TAILS: dict[str, bool] = {}
_CACHE_LIMIT = 4096


def _fraction_ok(tail: str) -> bool:
    """A fraction (any digits are valid) and an offset: the verdict on the offset alone."""
    offset = tail.lstrip(".0123456789")
    verdict = _TAILS.get(offset)
    return verdict if verdict is not None else _learn(_TAILS, offset, "2000-01-01T00:00:00{}")


def _learn(cache: dict[str, bool], part: str, template: str) -> bool:
    """Whether ``part``, put into an otherwise valid timestamp, passes :func:`datetime.fromisoformat`
    (which checks date, clock and offset each on its own); remembered in ``cache``."""
    try:
        datetime.fromisoformat(template.format(part).replace("Z", "+00:00"))
        verdict = True
    except ValueError:
        verdict = False
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[part] = verdict
    return verdict


def format_checker() -> FormatChecker:
    """jsonschema's format checker plus ``date-time`` (which otherwise needs an extra package)."""
    checker = FormatChecker()
    checker.checks("date-time")(is_rfc3339)
    return checker


def export_schema() -> dict[str, Any]:
    """The parsed ``schemas/session-export.schema.json``."""
    return load_schema(SCHEMA_NAME)


@functools.cache
def document_validator() -> Draft202012Validator:
    """Validator of a whole export file."""
    return Draft202012Validator(export_schema(), format_checker=format_checker())


@functools.cache
def payload_validator() -> Draft202012Validator:
    """Validator of a payload on its own (after a sealed payload is opened)."""
    schema = export_schema()
    sub = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/payload"}
    return Draft202012Validator(sub, format_checker=format_checker())


@functools.cache
def document_check() -> Check:
    """Compiled checker of a whole export file."""
    return compile_schema(export_schema(), format_checker())


@functools.cache
def payload_check() -> Check:
    """Compiled checker of a payload on its own."""
    return compile_schema(export_schema(), format_checker(), start="payload")


def check(checker: Check, instance: Any, prefix: str = "$") -> None:
    """Raise :class:`RejectedFile` naming where ``instance`` breaks the schema and which rule."""
    try:
        checker(instance)
    except Invalid as error:
        raise RejectedFile(
            "exchange.reject.schema", f"{prefix}{error.json_path[1:]}: {error.keyword}"
        ) from None


def check_with_jsonschema(validator: Draft202012Validator, instance: Any, prefix: str = "$") -> None:
    """The same as :func:`check` through jsonschema (slower; for tools and tests)."""
    error = best_match(validator.iter_errors(instance))
    if error is None:
        return
    path = prefix + error.json_path[1:]
    raise RejectedFile("exchange.reject.schema", f"{path}: {error.validator}")
