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


def _decode(record_type: str, name: str, hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if value is None and type(None) in args:
            return None
        if all(dataclasses.is_dataclass(arg) for arg in args if arg is not type(None)):
            return disposition_from_dict(value)
        (inner,) = [arg for arg in args if arg is not type(None)]
        return _decode(record_type, name, inner, value)
    if origin is tuple:
        if not isinstance(value, list):
            raise CodecError(record_type, name, "expected a list")
        (inner, _ellipsis) = typing.get_args(hint)
        return tuple(_decode(record_type, name, inner, item) for item in value)
    try:
        if hint is bool:
            if not isinstance(value, bool):
                raise TypeError
            return value
        if hint is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError
            return value
        if hint is str:
            if not isinstance(value, str):
                raise TypeError
            return value
        if hint is datetime:
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise CodecError(record_type, name, "timestamp without time zone")
            return parsed
        if hint is date:
            return date.fromisoformat(value)
        if hint is time:
            return time.fromisoformat(value)
        if isinstance(hint, type) and issubclass(hint, Enum):
            return hint(value)
    except CodecError:
        raise
    except (TypeError, ValueError):
        raise CodecError(record_type, name, f"invalid value for {getattr(hint, '__name__', hint)}") from None
    raise CodecError(record_type, name, "unsupported field type")


def from_dict(cls: type[T], data: Any) -> T:
    """Build a record of type ``cls`` from its dict; :class:`CodecError` names a bad field."""
    record_type = cls.__name__
    if not isinstance(data, dict):
        raise CodecError(record_type, "*", "expected an object")
    hints = _hints(cls)  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise CodecError(record_type, f.name, "missing")
            continue
        values[f.name] = _decode(record_type, f.name, hints[f.name], data[f.name])
    return cls(**values)


def disposition_from_dict(data: Any) -> Disposition:
    """Build the disposition named by ``data['kind']``."""
    if not isinstance(data, dict) or "kind" not in data:
        raise CodecError("Disposition", "kind", "missing")
    try:
        kind = DispositionKind(data["kind"])
    except ValueError:
        raise CodecError("Disposition", "kind", "unknown disposition") from None
    return from_dict(DISPOSITION_TYPES[kind], data)


def session_from_dict(data: Any) -> ReceptionSession:
    """A :class:`ReceptionSession` from its dict."""
    return from_dict(ReceptionSession, data)


def visitor_from_dict(data: Any) -> Visitor:
    """A :class:`Visitor` from its dict."""
    return from_dict(Visitor, data)


def issue_from_dict(data: Any) -> Issue:
    """An :class:`Issue` from its dict."""
    return from_dict(Issue, data)


def receipt_from_dict(data: Any) -> ReceiptIssued:
    """A :class:`ReceiptIssued` from its dict."""
    return from_dict(ReceiptIssued, data)


def audit_from_dict(data: Any) -> AuditEvent:
    """An :class:`AuditEvent` from its dict."""
    return from_dict(AuditEvent, data)
