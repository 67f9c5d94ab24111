"""The published export schema: jsonschema validators (with a format checker that knows RFC 3339
timestamps), used by tests and tools, and the jsonschema-rs checker the import runs on every file.

Messages name the JSON path and the rule that failed, never the offending value (it may be a
visitor's name or phone).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError, best_match

from reception_tui.config.schemas import load_schema
from reception_tui.exchange.errors import RejectedFile
from reception_tui.i18n import EN, Message

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


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """``pattern`` as JSON Schema means it (ECMA-262): ``$`` is the end of the text. Python's ``$``
    also matches before a final newline, so ``jsonschema`` alone would pass ``"BSJD\\n"``."""
    if validator.is_type(instance, "string") and not _ecma_regex(pattern).search(instance):
        yield ValidationError(f"does not match the pattern {pattern!r}")


@functools.lru_cache(maxsize=256)
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


ReferenceValidator: Any = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {"pattern": _ecma_pattern}
)
"""jsonschema's Draft 2020-12 validator with ECMA-262 ``pattern`` anchoring: the reference the
import's checker is held to by tests."""


def reference_validator(schema: dict[str, Any]) -> Any:
    """A :data:`ReferenceValidator` for ``schema`` with :func:`format_checker`."""
    return ReferenceValidator(schema, format_checker=format_checker())


@functools.cache
def document_validator() -> Any:
    """Validator of a whole export file (pure Python; tools and tests)."""
    return reference_validator(export_schema())


@functools.cache
def payload_validator() -> Any:
    """Validator of a payload on its own (after a sealed payload is opened)."""
    schema = export_schema()
    return reference_validator({"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/payload"})


@functools.cache
def document_check() -> Check:
    """The import's checker of a whole export file (jsonschema-rs, compiled once)."""
    return Check(export_schema(), payload_at="payload")


@functools.cache
def payload_check() -> Check:
    """The import's checker of a payload on its own (after a sealed payload is opened)."""
    schema = export_schema()
    return Check({"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/payload"}, payload_at="")


class Check:
    """The published schema compiled by jsonschema-rs (Rust): the import runs it on every file.

    It validates the parsed value at a fifth of a ``json.load``'s time, where the pure-Python
    ``jsonschema`` takes fifty times as long; tests hold its verdicts to ``jsonschema`` with
    :func:`format_checker` on real, mutated and boundary documents. Formats are checked (``date``,
    ``date-time``, ``uuid``); timestamps also carry a ``pattern`` in the schema, so both libraries
    refuse what Python's ``datetime.fromisoformat`` could not read back (leap seconds, ``t``/``z``).

    A file that fails is looked at again piece by piece to name its first error: the document
    without its records, then each record on its own, stopping at the first error. Asking the whole
    document for its errors instead builds every one of them, each with a copy of the value it is
    about (a megabyte of ``{}`` as visitors costs 77 s and 6.6 GB that way), and even its first error carries
    a copy of the whole document when the rule broken is at the top.
    """

    def __init__(self, schema: dict[str, Any], *, payload_at: str | None = None) -> None:
        """``payload_at``: the key of an export payload in the checked value ("" when the value is
        one, None for any other schema: then its first error is asked of the whole value)."""
        self._validator = _compile(schema)
        self._names = frozenset(_field_names(schema))
        self._payload_at = payload_at
        self._payload_shell: Any = None
        self._document_shell: Any = None
        self._records: dict[str, Any] = {}
        if payload_at is None:
            return
        defs = schema["$defs"]
        payload_def = defs["payload"]
        records = {
            name: str(rule["items"]["$ref"])
            for name, rule in payload_def["properties"].items()
            if rule.get("type") == "array" and "$ref" in rule.get("items", {})
        }
        # the payload with its record lists as bare arrays (their records are checked one by one;
        # their length is bounded below maxItems before the schema runs)
        shell_payload = {
            **payload_def,
            "properties": {
                name: ({k: v for k, v in rule.items() if k != "items"} if name in records else rule)
                for name, rule in payload_def["properties"].items()
            },
        }
        self._payload_shell = _compile({"$schema": schema["$schema"], "$defs": defs, **shell_payload})
        self._records = {
            name: _compile({"$schema": schema["$schema"], "$defs": defs, "$ref": ref}) for name, ref in records.items()
        }
        if payload_at:
            self._document_shell = _compile(
                {**schema, "properties": {**schema["properties"], payload_at: {"type": "object"}}}
            )

    def is_valid(self, instance: Any) -> bool:
        """True when ``instance`` follows the schema."""
        return bool(self._validator.is_valid(instance))

    def first_error(self, instance: Any) -> tuple[str, str] | None:
        """``($.json.path, rule)`` of the first rule ``instance`` breaks, or None; never its value.

        The rule is the schema keyword, or for a missing field ``'name' is required`` (field names
        come from the schema, not from the file).
        """
        overlong = _overlong_text(instance)
        if overlong is not None:
            return overlong
        # each shell is checked on a copy one level deep, its payload or record lists emptied (the
        # shell's rule for them is their type alone): an error about the shell itself then carries
        # a copy of a few fields, not of every record
        if self._payload_shell is None:
            return _first_error(self._validator, instance, "$", self._names)
        payload, prefix = instance, "$"
        if self._document_shell is not None and self._payload_at:
            shell = _emptied(instance, (self._payload_at,))
            found = _first_error(self._document_shell, shell, "$", self._names)
            if found is not None:
                return found
            payload, prefix = instance.get(self._payload_at), f"$.{self._payload_at}"
            if not isinstance(payload, dict):  # sealed: the shell was the whole document
                return None
        found = _first_error(self._payload_shell, _emptied(payload, self._records), prefix, self._names)
        if found is not None:
            return found
        for name, validator in self._records.items():
            for index, record in enumerate(payload.get(name) or ()):
                found = _first_error(validator, record, f"{prefix}.{name}[{index}]", self._names)
                if found is not None:
                    return found
        return None


MAX_TEXT_CHARS = 20_000
"""The schema's longest ``maxLength`` of a text field; only ``sealed_payload`` (base64) is longer."""
_LONG_TEXT_ALLOWED = {("sealed_payload",), ("$schema",)}


def _overlong_text(instance: Any) -> tuple[str, str] | None:
    """The first text longer than any field allows (or a sealed payload that is not ASCII base64).

    Found by a walk rather than by the validator, whose error would carry two copies of the text:
    one character outside Latin-1 makes Python keep four bytes per character, so a 16 MiB text
    would cost 64 MiB a copy.
    """
    if not isinstance(instance, (dict, list)):
        return None
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(instance, ())]
    while stack:
        value, where = stack.pop()
        children = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in children:
            if isinstance(child, (dict, list)):
                stack.append((child, (*where, key)))
            elif isinstance(child, str) and len(child) > MAX_TEXT_CHARS:
                path = (*where, key)
                if path not in _LONG_TEXT_ALLOWED:
                    return _json_path("$", path), "maxLength"
                if path == ("sealed_payload",) and not child.isascii():
                    return "$.sealed_payload", "pattern"
    return None


def _json_path(prefix: str, parts: Iterable[str | int]) -> str:
    return prefix + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


def _emptied(value: Any, keys: Iterable[str]) -> Any:
    """``value`` (a dict) with the lists and dicts under ``keys`` replaced by empty ones of their type."""
    if not isinstance(value, dict):
        return value
    shallow = dict(value)
    for key in keys:
        child = shallow.get(key)
        if isinstance(child, (list, dict)):
            shallow[key] = type(child)()
    return shallow


def _compile(schema: dict[str, Any]) -> Any:
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def _first_error(validator: Any, instance: Any, prefix: str, names: frozenset[str]) -> tuple[str, str] | None:
    """The first error of one piece, as ``(path, rule)``.

    ``validate`` stops at the first error, but that error holds a copy of the value it is about and
    a message quoting it whole: a list of 700,000 texts where 50 are allowed would cost two copies
    of it. So the error is asked of a :func:`_pruned` copy, whose lists and objects are cut short
    where that cannot turn a valid value into an invalid one.
    """
    if validator.is_valid(instance):
        return None
    try:
        validator.validate(_pruned(instance, names))
    except jsonschema_rs.ValidationError as error:
        path = _json_path(prefix, error.instance_path)
        keyword = next((str(p) for p in reversed(error.schema_path) if isinstance(p, str)), "schema")
        missing = getattr(error.kind, "property", None) if keyword == "required" else None
        return path, f"'{missing}' is required" if isinstance(missing, str) else keyword
    return prefix, "schema"  # the cut removed what was wrong: the piece is named


LIST_KEPT = 201
"""Items a pruned list keeps: one more than the schema's largest ``maxItems`` outside the record lists."""
UNKNOWN_KEYS_KEPT = 200
PRUNE_BUDGET = 20_000
"""Values a pruned copy holds at most; past it, arrays and objects are copied empty."""


def _field_names(schema: Any) -> Iterator[str]:
    """Every property name the schema mentions (in ``properties`` or ``required``)."""
    if isinstance(schema, dict):
        yield from schema.get("properties", {}) if isinstance(schema.get("properties"), dict) else ()
        required = schema.get("required")
        if isinstance(required, list):
            yield from (str(name) for name in required)
        for child in schema.values():
            yield from _field_names(child)
    elif isinstance(schema, list):
        for child in schema:
            yield from _field_names(child)


def _pruned(value: Any, names: frozenset[str]) -> Any:
    """A copy of ``value`` small enough to ask the validator for its first error.

    Lists keep their first :data:`LIST_KEPT` items (cutting a list can only hide an error, and keeps
    ``maxItems`` broken where it was); objects keep every field the schema names and their first
    :data:`UNKNOWN_KEYS_KEPT` others (still too many where any other was too many). Past
    :data:`PRUNE_BUDGET` values nested arrays and objects are copied empty: a file that large and
    invalid is refused either way, and its reason names the nearest place found.
    """
    budget = PRUNE_BUDGET

    def copy(item: Any) -> Any:
        nonlocal budget
        if isinstance(item, list):
            if budget <= 0:
                return []
            kept = item[:LIST_KEPT]
            budget -= len(kept)
            return [copy(child) for child in kept]
        if isinstance(item, dict):
            if budget <= 0:
                return {}
            others = 0
            result: dict[Any, Any] = {}
            for key, child in item.items():
                if key not in names:
                    others += 1
                    if others > UNKNOWN_KEYS_KEPT:
                        continue
                budget -= 1
                result[key] = copy(child)
            return result
        return item

    return copy(value)


_REQUIRED_FIELD = re.compile(r"'([^']*)' is required")


def rule_message(rule: str) -> Message:
    """A broken rule in words: a schema keyword (``maxLength``), ``'name' is required`` as
    :meth:`Check.first_error` gives it, or ``base64``. In English the keyword itself, as before; in
    Chinese what it means (文字太长), or 不符合规则 <keyword> for a keyword without a wording."""
    missing = _REQUIRED_FIELD.fullmatch(rule)
    if missing is not None:
        return Message("exchange.rule.required_field", {"name": missing.group(1)})
    key = f"exchange.rule.{rule}"
    return Message(key) if key in EN and rule != "other" else Message("exchange.rule.other", {"keyword": rule})


def schema_detail(path: str, rule: str) -> Message:
    """A schema refusal's detail: the JSON path and the rule broken there (never the value)."""
    return Message("exchange.detail.schema", {"path": path, "rule": rule_message(rule)})


def check(checker: Check, instance: Any, prefix: str = "$") -> None:
    """Raise :class:`RejectedFile` naming where ``instance`` breaks the schema and which rule."""
    if checker.is_valid(instance):
        return
    found = checker.first_error(instance) or ("$", "schema")
    raise RejectedFile("exchange.reject.schema", schema_detail(f"{prefix}{found[0][1:]}", found[1]))


def check_with_jsonschema(validator: Any, instance: Any, prefix: str = "$") -> None:
    """The same as :func:`check` through jsonschema (slower; for tools and tests)."""
    error = best_match(validator.iter_errors(instance))
    if error is None:
        return
    path = prefix + error.json_path[1:]
    raise RejectedFile("exchange.reject.schema", schema_detail(path, str(error.validator)))
