"""A compiled checker for the published export schema: jsonschema's verdicts, over twenty times faster.

jsonschema interprets the schema afresh for every value, which costs some fifty times a plain
``json.load`` on a session file: too slow for an office importing a thousand files. This module
turns the schema, once, into Python: objects become generated straight-line functions
(:mod:`schema_codegen`), everything else nested closures, for exactly the keywords the schema uses
(an unknown keyword stops compilation, so the schema cannot grow a rule this checker ignores).
Formats use jsonschema's own format functions. Tests hold it to jsonschema's verdicts on mutated
files and at every field's limits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jsonschema import FormatChecker

from reception_tui.exchange.schema_codegen import Generator
from reception_tui.exchange.schema_rules import (
    CANONICAL_FORMATS,
    IGNORED,
    LEAF_KEYWORDS,
    OBJECT_KEYWORDS,
    TYPES,
    Check,
    Invalid,
    equal,
    is_number,
    single_type,
)

__all__ = ["Check", "Invalid", "compile_schema"]


class _Compiler:
    def __init__(self, root: dict[str, Any], formats: FormatChecker) -> None:
        self.defs: dict[str, Any] = root.get("$defs", {})
        self.formats = formats
        self.generator = Generator(self, IGNORED)
        self.cells: dict[str, list[Check]] = {}

    def ref(self, target: str) -> Check:
        if not target.startswith("#/$defs/"):
            raise ValueError(f"unsupported $ref {target}")
        name = target.removeprefix("#/$defs/")
        cell = self.cells.get(name)
        if cell is None:
            cell = self.cells[name] = []
            cell.append(self.node(self.defs[name]))
        if cell:
            return cell[0]
        return lambda value: cell[0](value)  # a reference back into itself: resolved once compiled

    def node(self, schema: dict[str, Any]) -> Check:
        keywords = set(schema) - IGNORED
        if keywords and keywords <= LEAF_KEYWORDS and single_type(schema) in ("string", "integer", "boolean"):
            return self.leaf(schema)
        if keywords and keywords <= OBJECT_KEYWORDS and schema.get("type") == "object":
            return self.generator.object_function(schema)
        return self.general(schema)

    def fast_format(self, name: str) -> Callable[[str], bool]:
        """The format test, with a regular-expression fast path for the canonical shapes."""
        if name not in self.formats.checkers:
            raise ValueError(f"format {name} has no checker")
        func, raises = self.formats.checkers[name]
        if not raises:  # nothing to catch: call the format function itself
            return func  # type: ignore[no-any-return]

        def slow(value: str) -> bool:
            try:
                return bool(func(value))
            except raises:
                return False

        canonical = CANONICAL_FORMATS.get(name)
        if canonical is None:
            return slow
        match = canonical.fullmatch
        if name == "uuid":
            return lambda value: match(value) is not None or slow(value)
        return slow  # date-time: the format function matches the canonical shape itself

    def leaf(self, schema: dict[str, Any]) -> Check:
        """One closure for a scalar: type, nullability, length, pattern, format, bounds, enum, const."""
        kind = str(single_type(schema))
        nullable = isinstance(schema["type"], list) and "null" in schema["type"]
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        search = re.compile(schema["pattern"]).search if "pattern" in schema else None
        fmt = self.fast_format(schema["format"]) if "format" in schema else None
        minimum, maximum = schema.get("minimum"), schema.get("maximum")
        rest = (
            self.general({k: v for k, v in schema.items() if k in ("enum", "const")})
            if ("enum" in schema or "const" in schema)
            else None
        )
        is_type = TYPES[kind]

        def leaf(value: Any) -> None:
            if value is None and nullable:
                if rest is not None:
                    rest(value)
                return
            if not is_type(value):
                raise Invalid("type")
            if kind == "string":
                size = len(value)
                if high is not None and size > high:
                    raise Invalid("maxLength")
                if size < low:
                    raise Invalid("minLength")
                if search is not None and search(value) is None:
                    raise Invalid("pattern")
                if fmt is not None and not fmt(value):
                    raise Invalid("format")
            elif kind == "integer":
                if minimum is not None and value < minimum:
                    raise Invalid("minimum")
                if maximum is not None and value > maximum:
                    raise Invalid("maximum")
            if rest is not None:
                rest(value)

        return leaf

    def general(self, schema: dict[str, Any]) -> Check:
        checks: list[Check] = []
        unknown = (
            set(schema)
            - IGNORED
            - {
                "type",
                "enum",
                "const",
                "pattern",
                "format",
                "minimum",
                "maximum",
                "minLength",
                "maxLength",
                "maxItems",
                "items",
                "required",
                "properties",
                "additionalProperties",
                "$ref",
                "anyOf",
                "allOf",
                "oneOf",
                "not",
                "if",
                "then",
            }
        )
        if unknown:
            raise ValueError(f"unsupported keywords {sorted(unknown)}")
        if "$ref" in schema:
            checks.append(self.ref(schema["$ref"]))
        if "type" in schema:
            checks.append(self.type_check(schema["type"]))
        if "enum" in schema:
            options = list(schema["enum"])
            plain = all(isinstance(o, str) for o in options)
            allowed = frozenset(options) if plain else None

            def enum(value: Any) -> None:
                if allowed is not None and isinstance(value, str):
                    if value not in allowed:
                        raise Invalid("enum")
                elif not any(equal(value, option) for option in options):
                    raise Invalid("enum")

            checks.append(enum)
        if "const" in schema:
            constant = schema["const"]
            same = _same_as_text(constant) if isinstance(constant, str) else None

            def const(value: Any) -> None:
                if not (same(value) if same is not None else equal(value, constant)):
                    raise Invalid("const")

            checks.append(const)
        checks.extend(self.string_checks(schema))
        checks.extend(self.number_checks(schema))
        checks.extend(self.array_checks(schema))
        checks.extend(self.object_checks(schema))
        checks.extend(self.combinators(schema))
        if len(checks) == 1:
            return checks[0]

        def all_of(value: Any) -> None:
            for check in checks:
                check(value)

        return all_of

    def type_check(self, names: str | list[str]) -> Check:
        tests = [TYPES[name] for name in ([names] if isinstance(names, str) else names)]

        def type_(value: Any) -> None:
            for test in tests:
                if test(value):
                    return
            raise Invalid("type")

        return type_

    def type_test(self, schema: dict[str, Any]) -> Callable[[Any], bool] | None:
        """For a schema that only names types (an ``anyOf`` option such as ``{"type": "null"}``), the
        yes/no test that :meth:`type_check` raises on; None for any other schema."""
        if set(schema) - IGNORED != {"type"}:
            return None
        names = schema["type"]
        tests = tuple(TYPES[name] for name in ([names] if isinstance(names, str) else names))
        if len(tests) == 1:
            return tests[0]
        return lambda value: any(test(value) for test in tests)

    def string_checks(self, schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        if "pattern" in schema:
            search = re.compile(schema["pattern"]).search

            def pattern(value: Any) -> None:
                if isinstance(value, str) and search(value) is None:
                    raise Invalid("pattern")

            checks.append(pattern)
        if "format" in schema:
            name = schema["format"]
            if name not in self.formats.checkers:
                raise ValueError(f"format {name} has no checker")
            func, raises = self.formats.checkers[name]

            def format_(value: Any) -> None:
                try:
                    ok = func(value)
                except raises:
                    ok = False
                if not ok:
                    raise Invalid("format")

            checks.append(format_)
        if "minLength" in schema or "maxLength" in schema:
            low, high = schema.get("minLength", 0), schema.get("maxLength")

            def length(value: Any) -> None:
                if isinstance(value, str) and (len(value) < low or (high is not None and len(value) > high)):
                    raise Invalid("maxLength" if high is not None and len(value) > high else "minLength")

            checks.append(length)
        return checks

    def number_checks(self, schema: dict[str, Any]) -> list[Check]:
        if "minimum" not in schema and "maximum" not in schema:
            return []
        low, high = schema.get("minimum"), schema.get("maximum")

        def bounds(value: Any) -> None:
            if not is_number(value):
                return
            if low is not None and value < low:
                raise Invalid("minimum")
            if high is not None and value > high:
                raise Invalid("maximum")

        return [bounds]

    def array_checks(self, schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        if "maxItems" in schema:
            limit = schema["maxItems"]

            def max_items(value: Any) -> None:
                if isinstance(value, list) and len(value) > limit:
                    raise Invalid("maxItems")

            checks.append(max_items)
        if "items" in schema:
            item_check = self.node(schema["items"])

            def items(value: Any) -> None:
                if not isinstance(value, list):
                    return
                for index, item in enumerate(value):
                    try:
                        item_check(item)
                    except Invalid as error:
                        error.path.append(index)
                        raise

            checks.append(items)
        return checks

    def object_checks(self, schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        if "required" in schema:
            required = tuple(schema["required"])

            def required_(value: Any) -> None:
                if isinstance(value, dict):
                    for name in required:
                        if name not in value:
                            error = Invalid("required")
                            error.path.append(name)
                            raise error

            checks.append(required_)
        properties = {name: self.node(sub) for name, sub in schema.get("properties", {}).items()}
        if properties:
            pairs = tuple(properties.items())

            def properties_(value: Any) -> None:
                if not isinstance(value, dict):
                    return
                for name, check in pairs:
                    if name in value:
                        try:
                            check(value[name])
                        except Invalid as error:
                            error.path.append(name)
                            raise

            checks.append(properties_)
        if "additionalProperties" in schema:
            if schema["additionalProperties"] is not False:
                raise ValueError("only additionalProperties: false is supported")
            allowed = frozenset(properties)

            def no_additional(value: Any) -> None:
                if isinstance(value, dict) and not value.keys() <= allowed:
                    raise Invalid("additionalProperties")

            checks.append(no_additional)
        return checks

    def combinators(self, schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        if "anyOf" in schema:
            options = [self.node(sub) for sub in schema["anyOf"]]
            plain = [self.type_test(sub) for sub in schema["anyOf"]]

            def any_of(value: Any) -> None:
                for option, test in zip(options, plain, strict=True):
                    if test is not None:
                        if test(value):
                            return
                        continue
                    try:
                        option(value)
                    except Invalid:
                        continue
                    return
                raise Invalid("anyOf")

            checks.append(any_of)
        if "oneOf" in schema:
            choices = [self.node(sub) for sub in schema["oneOf"]]

            def one_of(value: Any) -> None:
                passed = 0
                for choice in choices:
                    try:
                        choice(value)
                    except Invalid:
                        continue
                    passed += 1
                if passed != 1:
                    raise Invalid("oneOf")

            checks.append(one_of)
        if "not" in schema:
            inner = self.node(schema["not"])

            def not_(value: Any) -> None:
                try:
                    inner(value)
                except Invalid:
                    return
                raise Invalid("not")

            checks.append(not_)
        if "allOf" in schema:
            checks.extend(self.node(sub) for sub in schema["allOf"])
        if "if" in schema:
            condition = self.node(schema["if"])
            holds = _property_constants_test(schema["if"])
            then = self.node(schema["then"]) if "then" in schema else None

            def if_then(value: Any) -> None:
                if holds is not None:
                    if not holds(value):
                        return
                else:
                    try:
                        condition(value)
                    except Invalid:
                        return
                if then is not None:
                    then(value)

            checks.append(if_then)
        return checks


def _same_as_text(constant: str) -> Callable[[Any], bool]:
    """JSON equality with a string constant: only that very string is equal to it (``equal``'s
    verdict; a string compares equal to no other JSON value in Python either)."""
    return lambda value: bool(value == constant)


def _property_constants_test(schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """For an ``if`` of the shape ``{"properties": {name: {"const": "text"}, ...}}``, a plain test
    with the same verdict (a non-object, or every named property absent or equal to its text);
    None for any other shape, which then runs through the general checker."""
    if set(schema) - IGNORED != {"properties"}:
        return None
    wanted: list[tuple[str, str]] = []
    for name, sub in schema["properties"].items():
        if set(sub) - IGNORED != {"const"} or not isinstance(sub["const"], str):
            return None
        wanted.append((name, sub["const"]))
    pairs = tuple(wanted)

    def holds(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for name, text in pairs:
            if name in value and value[name] != text:
                return False
        return True

    return holds


def compile_schema(schema: dict[str, Any], formats: FormatChecker, start: str | None = None) -> Check:
    """A checker raising :class:`Invalid` for ``schema`` (or its ``$defs`` entry ``start``)."""
    compiler = _Compiler(schema, formats)
    return compiler.ref(f"#/$defs/{start}") if start else compiler.node(schema)
