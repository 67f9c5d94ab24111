"""Straight-line Python generated from the object schemas of the export format, for the import's speed.

A session file holds over a thousand values; a function call per value (the closures of
:mod:`compiled_schema`) costs about four times a ``json.load``. For an object whose properties are
scalars, arrays or references, this module writes the checks out as plain statements in one
function, compiles it once, and leaves every other keyword to the closure compiler. Paths of
errors are tuples written into the code (reversed, as :class:`Invalid` builds them).
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

from reception_tui.exchange.schema_rules import CANONICAL_FORMATS, Check, Invalid, fail, single_type

if TYPE_CHECKING:
    from reception_tui.exchange.compiled_schema import _Compiler

_LEAF = frozenset(
    {"type", "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "enum", "const"}
)
_ARRAY = frozenset({"type", "maxItems", "items"})
_OBJECT = frozenset({"type", "required", "properties", "additionalProperties"})
_SCALAR_TYPES = ("string", "integer", "boolean")


class Generator:
    """Writes one function per object schema; constants live in the function's namespace."""

    def __init__(self, compiler: _Compiler, ignored: frozenset[str]) -> None:
        self.compiler = compiler
        self.ignored = ignored
        self.counter = itertools.count()
        self.namespace: dict[str, Any] = {}

    def const(self, value: Any) -> str:
        """A name for ``value`` in the generated code."""
        name = f"_k{next(self.counter)}"
        self.namespace[name] = value
        return name

    def keywords(self, schema: dict[str, Any]) -> set[str]:
        return set(schema) - self.ignored

    def is_leaf(self, schema: dict[str, Any]) -> bool:
        keys = self.keywords(schema)
        return bool(keys) and keys <= _LEAF and "type" in keys and single_type(schema) in _SCALAR_TYPES

    def is_object(self, schema: dict[str, Any]) -> bool:
        keys = self.keywords(schema)
        return bool(keys) and keys <= _OBJECT and schema.get("type") == "object"

    def object_function(self, schema: dict[str, Any]) -> Check:
        """The compiled check of an object schema."""
        lines = ["def check(value):"]
        self.emit_object(schema, "value", "()", lines, 1)
        lines.append("    return None")
        source = "\n".join(lines)
        namespace = dict(self.namespace)
        namespace["Invalid"] = Invalid
        namespace["_fail"] = fail
        namespace["_MISSING"] = _MISSING
        exec(compile(source, "<export-schema>", "exec"), namespace)  # noqa: S102 - code written above from the schema
        function: Check = namespace["check"]
        return function

    def emit(self, schema: dict[str, Any], var: str, path: str, lines: list[str], depth: int) -> None:
        """Statements checking ``var`` (at reversed path expression ``path``) against ``schema``."""
        pad = "    " * depth
        keys = self.keywords(schema)
        if self.is_leaf(schema):
            self.emit_leaf(schema, var, path, lines, depth)
        elif self.is_object(schema):
            self.emit_object(schema, var, path, lines, depth)
        elif keys and keys <= _ARRAY and schema.get("type") == "array":
            self.emit_array(schema, var, path, lines, depth)
        else:
            check = self.const(self.compiler.node(schema))
            lines += [f"{pad}try:", f"{pad}    {check}({var})", f"{pad}except Invalid as e:",
                      f"{pad}    e.path.extend({path})", f"{pad}    raise"]  # fmt: skip

    def emit_leaf(self, schema: dict[str, Any], var: str, path: str, lines: list[str], depth: int) -> None:
        outer = pad = "    " * depth
        kind = single_type(schema)
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if "null" in names:
            lines.append(f"{pad}if {var} is not None:")
            pad += "    "
        if kind == "string":
            lines.append(f"{pad}if not isinstance({var}, str): _fail('type', {path})")
            if "maxLength" in schema:
                lines.append(f"{pad}if len({var}) > {int(schema['maxLength'])}: _fail('maxLength', {path})")
            if "minLength" in schema:
                lines.append(f"{pad}if len({var}) < {int(schema['minLength'])}: _fail('minLength', {path})")
            if "pattern" in schema:
                search = self.const(re.compile(schema["pattern"]).search)
                lines.append(f"{pad}if {search}({var}) is None: _fail('pattern', {path})")
            if "format" in schema:
                self.emit_format(schema["format"], var, path, lines, pad)
        elif kind == "integer":
            lines.append(
                f"{pad}if not ((type({var}) is int) or (type({var}) is float and {var}.is_integer())): "
                f"_fail('type', {path})"
            )
            if "minimum" in schema:
                lines.append(f"{pad}if {var} < {schema['minimum']!r}: _fail('minimum', {path})")
            if "maximum" in schema:
                lines.append(f"{pad}if {var} > {schema['maximum']!r}: _fail('maximum', {path})")
        else:
            lines.append(f"{pad}if type({var}) is not bool: _fail('type', {path})")
        if "enum" in schema or "const" in schema:
            rest = self.const(self.compiler.general({k: schema[k] for k in ("enum", "const") if k in schema}))
            lines += [f"{outer}try:", f"{outer}    {rest}({var})", f"{outer}except Invalid as e:",
                      f"{outer}    e.path.extend({path})", f"{outer}    raise"]  # fmt: skip

    def emit_format(self, name: str, var: str, path: str, lines: list[str], pad: str) -> None:
        """A format check; canonical UUIDs and RFC 3339 timestamps are settled by one regular expression."""
        test = self.const(self.compiler.fast_format(name))
        if name == "uuid":
            match = self.const(CANONICAL_FORMATS["uuid"].fullmatch)
            lines.append(f"{pad}if {match}({var}) is None and not {test}({var}): _fail('format', {path})")
        else:
            lines.append(f"{pad}if not {test}({var}): _fail('format', {path})")

    def emit_object(self, schema: dict[str, Any], var: str, path: str, lines: list[str], depth: int) -> None:
        pad = "    " * depth
        lines.append(f"{pad}if not isinstance({var}, dict): _fail('type', {path})")
        for name in schema.get("required", ()):
            lines.append(f"{pad}if {name!r} not in {var}: _fail('required', ({name!r},) + {path})")
        required = set(schema.get("required", ()))
        for name, sub in schema.get("properties", {}).items():
            child = f"v{next(self.counter)}"
            if name in required:  # present: checked just above
                lines.append(f"{pad}{child} = {var}[{name!r}]")
                self.emit(sub, child, f"({name!r},) + {path}", lines, depth)
                continue
            lines.append(f"{pad}{child} = {var}.get({name!r}, _MISSING)")
            lines.append(f"{pad}if {child} is not _MISSING:")
            self.emit(sub, child, f"({name!r},) + {path}", lines, depth + 1)
        if "additionalProperties" in schema:
            if schema["additionalProperties"] is not False:
                raise ValueError("only additionalProperties: false is supported")
            allowed = self.const(frozenset(schema.get("properties", {})))
            lines.append(f"{pad}if not {var}.keys() <= {allowed}: _fail('additionalProperties', {path})")

    def emit_array(self, schema: dict[str, Any], var: str, path: str, lines: list[str], depth: int) -> None:
        pad = "    " * depth
        lines.append(f"{pad}if not isinstance({var}, list): _fail('type', {path})")
        if "maxItems" in schema:
            lines.append(f"{pad}if len({var}) > {int(schema['maxItems'])}: _fail('maxItems', {path})")
        if "items" in schema:
            index, item = f"i{next(self.counter)}", f"v{next(self.counter)}"
            lines.append(f"{pad}for {index}, {item} in enumerate({var}):")
            self.emit(schema["items"], item, f"({index},) + {path}", lines, depth + 1)


class _Missing:
    """Marks an absent property."""


_MISSING = _Missing()
