"""What both schema checkers share: the error they raise, JSON type tests, equality, canonical formats."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], None]

IGNORED = frozenset({"$schema", "$id", "$defs", "title", "description", "$comment", "default", "examples"})
"""Annotations: no effect on validity."""


class Invalid(Exception):
    """``value`` breaks ``keyword`` at ``path`` (a list built up while the error travels out)."""

    def __init__(self, keyword: str) -> None:
        super().__init__(keyword)
        self.keyword = keyword
        self.path: list[str | int] = []

    @property
    def json_path(self) -> str:
        """``$.a.b[3].c`` style location."""
        parts = ["$"]
        for part in reversed(self.path):
            parts.append(f"[{part}]" if isinstance(part, int) else f".{part}")
        return "".join(parts)


def is_number(value: Any) -> bool:
    """A JSON number (a bool is not one)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    ),
    "number": is_number,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def equal(one: Any, two: Any) -> bool:
    """JSON equality as jsonschema sees it: ``true`` is not ``1``, ``1.0`` is ``1``."""
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(equal(one[k], two[k]) for k in one)
    return bool(one == two)


LEAF_KEYWORDS = frozenset(
    {"type", "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "enum", "const"}
)
OBJECT_KEYWORDS = frozenset({"type", "required", "properties", "additionalProperties"})
CANONICAL_FORMATS = {
    # values these match are valid without further checks (a UUID) or still need a date check
    "uuid": re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
    "date-time": re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)"),
}


def single_type(schema: dict[str, Any]) -> str | None:
    """The one non-null type a schema names, if any."""
    names = schema.get("type")
    if isinstance(names, str):
        return names
    if isinstance(names, list):
        others = [n for n in names if n != "null"]
        if len(others) == 1:
            return str(others[0])
    return None


def fail(keyword: str, path: tuple[Any, ...]) -> None:
    """Raise :class:`Invalid` for ``keyword`` at the reversed ``path``."""
    error = Invalid(keyword)
    error.path.extend(path)
    raise error
