"""The domain: records, rules and validation in plain Python (standard library only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reception_tui.domain.errors import DomainError, FieldError, StateError, ValidationFailed
from reception_tui.lazy import lazy_exports

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


__getattr__ = lazy_exports(__name__, _LAZY, globals())
