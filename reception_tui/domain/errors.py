"""Domain exceptions.

    DomainError                 anything the domain refuses
    ├── FieldError              one field's value is wrong (carries the field name and a message key)
    │   └── (many per form)     collected in ValidationFailed
    ├── ValidationFailed        a record failed validation: a list of FieldError
    └── StateError              the action does not fit the record's state (e.g. a closed session)

Messages are keys into the message catalogue (``reception_tui.i18n``) with parameters, so the same
error reads in Chinese or English and never embeds a visitor's data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """Base class of every error the domain raises on purpose."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params: Mapping[str, Any] = params


class FieldError(DomainError):
    """One field holds a value the rules do not accept."""

    def __init__(self, field: str, key: str, **params: Any) -> None:
        super().__init__(key, **params)
        self.field = field

    def __repr__(self) -> str:
        return f"FieldError({self.field!r}, {self.key!r})"


class ValidationFailed(DomainError):
    """A record failed validation; ``errors`` says which fields and why."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("validation.failed", count=len(errors))
        self.errors = errors

    def fields(self) -> list[str]:
        """The names of the failing fields, in form order."""
        return [error.field for error in self.errors]


class StateError(DomainError):
    """The action is not allowed in the record's current state."""
