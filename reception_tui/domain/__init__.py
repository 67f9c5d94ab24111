"""The domain: records, rules and validation in plain Python (standard library only)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from reception_tui.domain.errors import DomainError, FieldError, StateError, ValidationFailed

if TYPE_CHECKING:
    from reception_tui.domain.ids import CaseNumber, new_id
    from reception_tui.domain.models import (
        AuditEvent,
        DeputySuggestion,
        Disposition,
        DispositionKind,
        ExplainedOnSpot,
        Issue,
        IssueStatus,
        ReceptionSession,
        Redirected,
        SessionState,
        Transfer,
        Visitor,
        VisitorKind,
    )
    from reception_tui.domain.site import SiteConfig

_LAZY = {
    "CaseNumber": "reception_tui.domain.ids",
    "new_id": "reception_tui.domain.ids",
    "AuditEvent": "reception_tui.domain.models",
    "DeputySuggestion": "reception_tui.domain.models",
    "Disposition": "reception_tui.domain.models",
    "DispositionKind": "reception_tui.domain.models",
    "ExplainedOnSpot": "reception_tui.domain.models",
    "Issue": "reception_tui.domain.models",
    "IssueStatus": "reception_tui.domain.models",
    "ReceptionSession": "reception_tui.domain.models",
    "Redirected": "reception_tui.domain.models",
    "SessionState": "reception_tui.domain.models",
    "Transfer": "reception_tui.domain.models",
    "Visitor": "reception_tui.domain.models",
    "VisitorKind": "reception_tui.domain.models",
    "SiteConfig": "reception_tui.domain.site",
}
"""Names imported from their modules on first use, so that loading the package costs nothing it does not need."""

__all__ = [
    "AuditEvent",
    "CaseNumber",
    "DeputySuggestion",
    "Disposition",
    "DispositionKind",
    "DomainError",
    "ExplainedOnSpot",
    "FieldError",
    "Issue",
    "IssueStatus",
    "ReceptionSession",
    "Redirected",
    "SessionState",
    "SiteConfig",
    "StateError",
    "Transfer",
    "ValidationFailed",
    "Visitor",
    "VisitorKind",
    "new_id",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
