"""The domain: records, rules and validation in plain Python (standard library only)."""

from reception_tui.domain.errors import DomainError, FieldError, StateError, ValidationFailed
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
