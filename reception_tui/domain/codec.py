"""Converters between records and JSON-ready dicts, shared by the store and the session export.

Dates and times are ISO 8601 text (timestamps with their UTC offset), tuples are lists, enums their
values, a disposition a dict with its ``kind``. Unknown keys are ignored on the way in, so a newer
file read by an older app keeps working for the fields both know.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
import zlib
from datetime import date, datetime, time
from enum import Enum
from typing import Any, TypeVar

from reception_tui.domain.models import (
    AuditEvent,
    DeputySuggestion,
    Disposition,
    DispositionKind,
    ExplainedOnSpot,
    Issue,
    ReceiptIssued,
    ReceptionSession,
    Redirected,
    Transfer,
    Visitor,
)

T = TypeVar("T")

DISPOSITION_TYPES: dict[DispositionKind, type[Disposition]] = {
    DispositionKind.EXPLAINED: ExplainedOnSpot,
    DispositionKind.TRANSFER: Transfer,
    DispositionKind.SUGGESTION: DeputySuggestion,
    DispositionKind.REDIRECTED: Redirected,
}


class CodecError(ValueError):
    """A stored or imported dict does not describe a valid record; names the field."""

    def __init__(self, record_type: str, field: str, problem: str) -> None:
        super().__init__(f"{record_type}.{field}: {problem}")
        self.record_type = record_type
        self.field = field
        self.problem = problem


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def to_dict(record: Any) -> dict[str, Any]:
    """The JSON-ready dict of a record (or a disposition, which gains a ``kind`` key)."""
    data = {
        f.name: _encode(getattr(record, f.name))
        for f in dataclasses.fields(record)
        if not (f.metadata.get("omit_default") and getattr(record, f.name) == f.default)
    }
    kind = getattr(type(record), "kind", None)
    if isinstance(kind, DispositionKind):
        data = {"kind": kind.value, **data}
    return data


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


Decoder = typing.Callable[[str, str, Any], Any]
"""Decodes one field's value: ``(record_type, field_name, value) -> value`` or :class:`CodecError`."""


def _invalid(hint: Any) -> Decoder:
    message = f"invalid value for {getattr(hint, '__name__', hint)}"

    def fail(record_type: str, name: str, value: Any) -> Any:
        raise CodecError(record_type, name, message)

    return fail


_TIMESTAMPS: dict[str, datetime] = {}
"""Timestamps already parsed, by their text: a record's ``created_at``, ``updated_at`` and the audit
event of its change are mostly the same text, parsed once. Cleared when it reaches ``_TIMESTAMPS_KEPT``
so a long-running office process does not keep every timestamp it ever read."""
_TIMESTAMPS_KEPT = 32768
_ZONES: dict[Any, Any] = {}
"""One time-zone object per UTC offset. ``fromisoformat`` makes a new one per call, and two aware
timestamps with different zone objects compare through ``utcoffset()`` on each side (sorting a day's
audit events took 5 ms that way, 0.2 ms with the zone shared); equal offsets give equal values."""


def _timestamp(record_type: str, name: str, value: Any) -> datetime:
    """Decode an aware timestamp (ISO 8601 with its offset); the same text gives the same object."""
    found = _TIMESTAMPS.get(value) if value.__class__ is str else None
    if found is not None:
        return found
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise CodecError(record_type, name, "invalid value for datetime") from None
    zone = parsed.tzinfo
    if zone is None:
        raise CodecError(record_type, name, "timestamp without time zone")
    shared = _ZONES.setdefault(zone, zone)
    if shared is not zone:
        parsed = parsed.replace(tzinfo=shared)
    if len(_TIMESTAMPS) >= _TIMESTAMPS_KEPT:
        _TIMESTAMPS.clear()
    _TIMESTAMPS[value] = parsed
    return parsed


def _decoder(hint: Any) -> Decoder:
    """The decoder of one field type, built once per record class (the type is not inspected per value)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        optional = type(None) in args
        if all(dataclasses.is_dataclass(arg) for arg in args if arg is not type(None)):

            def union(record_type: str, name: str, value: Any) -> Any:
                if value is None and optional:
                    return None
                return disposition_from_dict(value)

            return union
        (inner_hint,) = [arg for arg in args if arg is not type(None)]
        inner = _decoder(inner_hint)
        if not optional:
            return inner

        def maybe(record_type: str, name: str, value: Any) -> Any:
            return None if value is None else inner(record_type, name, value)

        return maybe
    if origin is tuple:
        item = _decoder(typing.get_args(hint)[0])

        def items(record_type: str, name: str, value: Any) -> Any:
            if not isinstance(value, list):
                raise CodecError(record_type, name, "expected a list")
            return tuple([item(record_type, name, each) for each in value])

        return items
    fail = _invalid(hint)
    if hint is bool:
        return lambda record_type, name, value: value if value is True or value is False else fail(
            record_type, name, value
        )
    if hint is int:
        return lambda record_type, name, value: value if type(value) is int or (
            isinstance(value, int) and not isinstance(value, bool)
        ) else fail(record_type, name, value)
    if hint is str:
        return lambda record_type, name, value: value if isinstance(value, str) else fail(record_type, name, value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        members = hint._value2member_map_
        enum_fail = fail

        def member(record_type: str, name: str, value: Any) -> Any:
            # a dict look-up where ``hint(value)`` takes the enum machinery's slow path (2 us a field);
            # anything not found there (an unhashable value, an unknown one) goes the exact way
            found = members.get(value) if value.__class__ is str or value.__class__ is int else None
            if found is not None:
                return found
            try:
                return hint(value)
            except (TypeError, ValueError):
                return enum_fail(record_type, name, value)

        return member
    if hint is datetime:
        return _timestamp
    if hint in (date, time):
        convert = hint.fromisoformat

        def parse(record_type: str, name: str, value: Any) -> Any:
            try:
                parsed = convert(value)
            except (TypeError, ValueError):
                return fail(record_type, name, value)
            return parsed

        return parse

    def unsupported(record_type: str, name: str, value: Any) -> Any:
        raise CodecError(record_type, name, "unsupported field type")

    return unsupported


REQUIRED, DEFAULT, FACTORY = range(3)


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, int, Any, Decoder], ...]:
    """Each field of ``cls``: its name, whether it is required or has a default value or factory, that
    value or factory, and its decoder."""
    hints = _hints(cls)
    plan = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            kind, default = DEFAULT, f.default
        elif f.default_factory is not dataclasses.MISSING:
            kind, default = FACTORY, f.default_factory
        else:
            kind, default = REQUIRED, None
        plan.append((f.name, kind, default, _decoder(hints[f.name])))
    return tuple(plan)


_ABSENT = object()


def _generic_builder(cls: type) -> typing.Callable[[dict[str, Any]], Any]:
    record_type = cls.__name__
    plan = _plan(cls)

    def build(data: dict[str, Any]) -> Any:
        values: dict[str, Any] = {}
        for name, kind, _default, decode in plan:
            value = data.get(name, _ABSENT)
            if value is _ABSENT:
                if kind == REQUIRED:
                    raise CodecError(record_type, name, "missing")
            else:
                values[name] = decode(record_type, name, value)
        return cls(**values)

    return build


GENERATED = (
    ReceptionSession, Visitor, Issue, ReceiptIssued, AuditEvent, ExplainedOnSpot, Transfer, DeputySuggestion,
    Redirected,
)  # fmt: skip
"""The record classes whose decoders are kept compiled in :mod:`reception_tui.domain.decoders`."""


def _compiled(cls: type) -> bool:
    """Whether ``cls`` gets a generated decoder: a dataclass whose ``__init__`` only stores the fields."""
    return dataclasses.is_dataclass(cls) and not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")


def _is_disposition(hint: Any) -> bool:
    """Whether a field holds a disposition (a union of the disposition records, maybe with None)."""
    args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return typing.get_origin(hint) in (typing.Union, types.UnionType) and set(args) == set(DISPOSITION_TYPES.values())


def factory_source(cls: type) -> tuple[str, dict[str, Any]]:
    """The source of ``make_<Class>(**names)``, which returns the function making a ``cls`` record from
    its dict, and those names (the decoders and defaults of the fields, by position).

    The function has one straight block per field and fills the instance's ``__dict__`` in field
    order, as the dataclass's ``__init__`` would: a frozen dataclass's ``__init__`` calls
    ``object.__setattr__`` once per field, which was the largest part of decoding a session. Text and
    whole-number fields of the exact type are taken as they are; everything else goes through its
    decoder, which gives the same values and the same :class:`CodecError` as before; a timestamp
    whose text was parsed before is looked up without a call. A plain dict holding every field (what
    the store and exports write) is read by subscripts, which cost no call: 140,000 ``dict.get``
    calls were 15 % of opening a 2,000-visitor session; any other dict (a field left out, to take its
    default or to be reported missing) goes the checked way, one ``get`` per field. On that path an
    enum value is one dict look-up and a disposition goes straight to the builder of its kind; anything
    they do not take goes through the field's decoder. The source names
    fields and positions only, never a default value or a decoder, so it changes only when the fields do.
    """
    names: dict[str, Any] = {
        "ABSENT": _ABSENT, "CodecError": CodecError, "new": object.__new__, "cls": cls, "parsed": _TIMESTAMPS.get,
    }  # fmt: skip
    hints = _hints(cls)
    plan = _plan(cls)
    checked = ["    def checked(data):", "        get = data.get"]
    fast = [
        "    def build(data):",
        "        if data.__class__ is not dict:",
        "            return checked(data)",
        "        try:",
        *(f"            f{index} = data[{name!r}]" for index, (name, *_rest) in enumerate(plan)),
        "        except KeyError:",
        "            return checked(data)",
    ]
    for index, (name, kind, default, decode) in enumerate(plan):
        names[f"decode_{index}"], names[f"default_{index}"] = decode, default
        missing = {
            REQUIRED: f"raise CodecError(rt, {name!r}, 'missing')",
            DEFAULT: f"f{index} = default_{index}",
            FACTORY: f"f{index} = default_{index}()",
        }[kind]
        exact = {str: "str", int: "int"}.get(hints[name])
        decoded = f"f{index} = decode_{index}(rt, {name!r}, v)"
        checked += [f"        v = get({name!r}, ABSENT)", "        if v is ABSENT:", f"            {missing}"]
        if exact:
            checked += [f"        elif v.__class__ is {exact}:", f"            f{index} = v"]
            fast += [f"        if f{index}.__class__ is not {exact}:", f"            v = f{index}",
                     f"            {decoded}"]  # fmt: skip
        elif hints[name] is bool:
            fast += [f"        if f{index} is not True and f{index} is not False:", f"            v = f{index}",
                     f"            {decoded}"]  # fmt: skip
        elif hints[name] is datetime:  # a timestamp already parsed: no call
            checked += [f"        elif v.__class__ is str and (f{index} := parsed(v)) is not None:", "            pass"]
            fast += [
                f"        v = f{index}",
                f"        if v.__class__ is not str or (f{index} := parsed(v)) is None:",
                f"            {decoded}",
            ]
        elif isinstance(hint := hints[name], type) and issubclass(hint, Enum):  # a dict look-up, no call
            names[f"members_{index}"] = hint._value2member_map_.get
            fast += [
                f"        v = f{index}",
                f"        if v.__class__ is not str or (f{index} := members_{index}(v)) is None:",
                f"            {decoded}",
            ]
        elif _is_disposition(hints[name]):  # the builder of its kind, called directly
            names[f"kinds_{index}"] = {kind.value: _builder(type_) for kind, type_ in DISPOSITION_TYPES.items()}  # type: ignore[arg-type]
            fast += [f"        v = f{index}"]
            if type(None) in typing.get_args(hints[name]):
                fast += ["        if v is None:", "            pass", "        elif ("]
            else:
                fast += ["        if ("]
            fast += [
                "            v.__class__ is dict and (k := v.get('kind')).__class__ is str",
                f"            and (b := kinds_{index}.get(k)) is not None",
                "        ):",
                f"            f{index} = b(v)",
                "        else:",
                f"            {decoded}",
            ]
        else:
            fast += [f"        v = f{index}", f"        {decoded}"]
        checked += ["        else:", f"            {decoded}"]
    fields = ", ".join(f"{name!r}: f{index}" for index, (name, *_rest) in enumerate(plan))
    ending = ["        record = new(cls)", f"        record.__dict__.update({{{fields}}})", "        return record"]
    head = [
        f"def make_{cls.__name__}({', '.join(names)}):",
        f'    """The decoder of {cls.__name__} records."""',
        f"    rt = {cls.__name__!r}",
        "",
    ]
    return "\n".join([*head, *checked, *ending, "", *fast, *ending, "", "    return build", ""]), names


def decoders_module() -> str:
    """The text of :mod:`reception_tui.domain.decoders`: every factory of :data:`GENERATED` and the
    CRC-32 of each one's source, by which :func:`_builder` knows the kept one still fits its class."""
    sources = [factory_source(cls)[0] for cls in GENERATED]
    digests = "".join(
        f"    {cls.__name__!r}: 0x{zlib.crc32(source.encode()):08x},\n"
        for cls, source in zip(GENERATED, sources, strict=True)
    )
    return "\n".join([
        '"""Record decoders generated by :func:`reception_tui.domain.codec.decoders_module`; do not edit.',
        "",
        "Kept as a module so Python caches their compiled code: compiling them in every process took",
        "about 8 ms of each command's first read of a session. A class changed without regenerating this",
        "file (``python -m reception_tui.domain.codec``; tests/domain checks it) gets its decoder compiled",
        'at run time instead, so a stale file is slower, never wrong."""',
        "",
        "# mypy: ignore-errors",
        "# ruff: noqa",
        "# fmt: off",
        "",
        "DIGESTS = {",
        digests.rstrip("\n"),
        "}",
        "",
        "",
        "\n\n".join(sources),
    ])


@functools.cache
def _builder(cls: type) -> typing.Callable[[dict[str, Any]], Any]:
    """A function making a ``cls`` record from its dict (see :func:`factory_source`)."""
    if not _compiled(cls):
        return _generic_builder(cls)
    source, names = factory_source(cls)
    from reception_tui.domain import decoders

    factory_name = f"make_{cls.__name__}"
    factory = getattr(decoders, factory_name, None)
    if factory is None or decoders.DIGESTS.get(cls.__name__) != zlib.crc32(source.encode()):
        namespace: dict[str, Any] = {}
        exec(source, namespace)  # noqa: S102 - code made above from the record's own field names
        factory = namespace[factory_name]
    built: typing.Callable[[dict[str, Any]], Any] = factory(**names)
    return built


def from_dict(cls: type[T], data: Any) -> T:
    """Build a record of type ``cls`` from its dict; :class:`CodecError` names a bad field."""
    if not isinstance(data, dict):
        raise CodecError(cls.__name__, "*", "expected an object")
    record: T = _builder(cls)(data)  # type: ignore[arg-type]
    return record


_DISPOSITION_KINDS: dict[str, DispositionKind] = {kind.value: kind for kind in DispositionKind}


def disposition_from_dict(data: Any) -> Disposition:
    """Build the disposition named by ``data['kind']``."""
    if not isinstance(data, dict) or "kind" not in data:
        raise CodecError("Disposition", "kind", "missing")
    value = data["kind"]
    kind = _DISPOSITION_KINDS.get(value) if value.__class__ is str else None  # a dict look-up, not the enum's call
    if kind is None:
        raise CodecError("Disposition", "kind", "unknown disposition")
    built: Disposition = _builder(DISPOSITION_TYPES[kind])(data)  # type: ignore[arg-type]
    return built


def session_from_dict(data: Any) -> ReceptionSession:
    """A :class:`ReceptionSession` from its dict."""
    return _builder(ReceptionSession)(data) if data.__class__ is dict else from_dict(ReceptionSession, data)  # type: ignore[no-any-return]


def visitor_from_dict(data: Any) -> Visitor:
    """A :class:`Visitor` from its dict."""
    return _builder(Visitor)(data) if data.__class__ is dict else from_dict(Visitor, data)  # type: ignore[no-any-return]


def issue_from_dict(data: Any) -> Issue:
    """An :class:`Issue` from its dict."""
    return _builder(Issue)(data) if data.__class__ is dict else from_dict(Issue, data)  # type: ignore[no-any-return]


def receipt_from_dict(data: Any) -> ReceiptIssued:
    """A :class:`ReceiptIssued` from its dict."""
    return _builder(ReceiptIssued)(data) if data.__class__ is dict else from_dict(ReceiptIssued, data)  # type: ignore[no-any-return]


def audit_from_dict(data: Any) -> AuditEvent:
    """An :class:`AuditEvent` from its dict."""
    return _builder(AuditEvent)(data) if data.__class__ is dict else from_dict(AuditEvent, data)  # type: ignore[no-any-return]


if __name__ == "__main__":
    print(decoders_module(), end="")
