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
    """True for an RFC 3339 timestamp with a UTC offset (non-strings pass: ``type`` checks those)."""
    if not isinstance(value, str):
        return True
    if not _RFC3339.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


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
