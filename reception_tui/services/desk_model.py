"""What the desk screen shows, kept in memory and updated record by record after each save.

Re-reading the whole session after every keystroke or save would cost milliseconds per hundred
visitors; the model is built once from a snapshot and then patched with each saved record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from reception_tui.domain.masking import mask_name
from reception_tui.domain.models import (
    DispositionKind,
    Issue,
    ReceiptIssued,
    ReceiptStatus,
    ReceptionSession,
    Record,
    Visitor,
    VisitorKind,
)
from reception_tui.storage.session_store import SessionSnapshot, SessionStore


class ReceiptState(StrEnum):
    """What a visitor has of their receipt, as the queue shows it (paper first, then a failure waiting)."""

    NONE = "none"
    PRINTED = "printed"
    """On paper in the visitor's hand (or shown on screen)."""
    FAILED = "failed"
    """A print job failed and waits in the retry queue until it prints or is cancelled."""
    SAVED = "saved"
    """Only saved as a file on the laptop (PDF, PNG): nothing on paper."""


@dataclass(frozen=True)
class QueueRow:
    """One line of the visitor queue: masked, never the full name."""

    visitor_id: str
    queue_number: int
    arrived: str
    masked_name: str
    anonymous: bool
    unit: bool
    district: str
    issues: int
    all_disposed: bool
    receipt: ReceiptState


@dataclass
class DeskModel:
    """The session, its visitors, issues per visitor and receipts per visitor."""

    session: ReceptionSession
    visitors: dict[str, Visitor] = field(default_factory=dict)
    issues: dict[str, dict[str, Issue]] = field(default_factory=dict)
    receipts: dict[str, dict[str, ReceiptIssued]] = field(default_factory=dict)

    @classmethod
    def from_snapshot(cls, snapshot: SessionSnapshot) -> DeskModel:
        """Build the model from everything in a session file."""
        return cls.from_records(snapshot.session, [*snapshot.visitors, *snapshot.issues, *snapshot.receipts])

    @classmethod
    def from_store(cls, store: SessionStore) -> DeskModel:
        """Build the model from an open store (the audit trail, the largest table, is not read)."""
        return cls.from_records(store.session(), [*store.visitors(), *store.issues(), *store.receipts()])

    @classmethod
    def from_records(cls, session: ReceptionSession, records: Iterable[Record]) -> DeskModel:
        """Build the model from the session record and its visitors, issues and receipts."""
        model = cls(session)
        for record in records:
            model.apply(record)
        return model

    def apply(self, record: Record) -> None:
        """Take in a saved record (new or changed)."""
        if isinstance(record, ReceptionSession):
            self.session = record
        elif isinstance(record, Visitor):
            self.visitors[record.id] = record
        elif isinstance(record, Issue):
            self.issues.setdefault(record.visitor_id, {})[record.id] = record
        elif isinstance(record, ReceiptIssued):
            self.receipts.setdefault(record.visitor_id, {})[record.id] = record

    def queue(self) -> list[Visitor]:
        """Visitors in queue order."""
        return sorted(self.visitors.values(), key=lambda v: v.queue_number)

    def issues_of(self, visitor_id: str) -> list[Issue]:
        """One visitor's issues in number order."""
        return sorted(self.issues.get(visitor_id, {}).values(), key=lambda i: i.number)

    def all_issues(self) -> list[Issue]:
        """Every issue, by case number."""
        return sorted(
            (i for issues in self.issues.values() for i in issues.values()), key=lambda i: i.case_number
        )

    def receipt_printed(self, visitor_id: str) -> bool:
        """True once a receipt for the visitor has been printed on paper (or shown); a saved file is not."""
        return any(r.handed_over for r in self.receipts.get(visitor_id, {}).values())

    def receipt_saved(self, visitor_id: str) -> bool:
        """True when the visitor's receipt was saved as a file on the laptop."""
        return any(r.saved_as_file for r in self.receipts.get(visitor_id, {}).values())

    def receipt_failures(self, visitor_id: str) -> int:
        """Print jobs of the visitor that failed and wait to be sent again or cancelled."""
        return sum(
            1 for r in self.receipts.get(visitor_id, {}).values()
            if r.status is ReceiptStatus.FAILED and r.cancelled_at is None
        )  # fmt: skip

    def receipt_state(self, visitor_id: str) -> ReceiptState:
        """Paper first; else a failed job waiting; else a saved file; else nothing."""
        if self.receipt_printed(visitor_id):
            return ReceiptState.PRINTED
        if self.receipt_failures(visitor_id):
            return ReceiptState.FAILED
        return ReceiptState.SAVED if self.receipt_saved(visitor_id) else ReceiptState.NONE

    def row(self, visitor_id: str) -> QueueRow:
        """The queue line of one visitor."""
        visitor = self.visitors[visitor_id]
        issues = self.issues.get(visitor_id, {}).values()
        return QueueRow(
            visitor_id=visitor.id,
            queue_number=visitor.queue_number,
            arrived=f"{visitor.arrived_at:%H:%M}",
            masked_name=mask_name(visitor.name),
            anonymous=visitor.anonymous,
            unit=visitor.kind is VisitorKind.UNIT,
            district=visitor.district,
            issues=len(issues),
            all_disposed=bool(issues) and all(i.disposition is not None for i in issues),
            receipt=self.receipt_state(visitor_id),
        )


@dataclass(frozen=True)
class ClosingSummary:
    """The figures shown before a session is closed."""

    visitors: int
    issues: int
    by_kind: dict[DispositionKind, int]
    undisposed: int
    by_category: list[tuple[str, int]]
    by_target: list[tuple[str, int]]
    receipts_printed: int
    """Visitors with their receipt on paper (or shown on screen)."""
    visitors_without_receipt: list[int]
    """Queue numbers of visitors with no printed receipt (a saved file does not count)."""
    issues_without_disposition: list[str]
    """Case numbers of issues still without a disposition."""
    earliest_reply: date | None = None
    receipts_saved_only: int = 0
    """Visitors whose receipt was only saved as a file, never printed."""
    visitors_print_failed: list[int] = field(default_factory=list)
    """Queue numbers of visitors with a failed print job still waiting (until it prints or is cancelled)."""


def closing_summary(model: DeskModel) -> ClosingSummary:
    """Count what happened this afternoon (no personal data: queue and case numbers only)."""
    issues = model.all_issues()
    kinds: Counter[DispositionKind] = Counter(i.disposition.kind for i in issues if i.disposition is not None)
    categories = Counter(i.category for i in issues)
    targets: Counter[str] = Counter()
    for issue in issues:
        disposition = issue.disposition
        if disposition is not None and disposition.kind is DispositionKind.TRANSFER:
            targets[getattr(disposition, "target_name", "")] += 1
    queue = model.queue()
    without_receipt = [v.queue_number for v in queue if not model.receipt_printed(v.id)]
    replies = [i.expected_reply_date for i in issues if i.expected_reply_date is not None]
    return ClosingSummary(
        visitors=len(queue),
        issues=len(issues),
        by_kind={kind: kinds.get(kind, 0) for kind in DispositionKind},
        undisposed=sum(1 for i in issues if i.disposition is None),
        by_category=sorted(categories.items(), key=lambda item: (-item[1], item[0])),
        by_target=sorted(targets.items(), key=lambda item: (-item[1], item[0])),
        receipts_printed=len(queue) - len(without_receipt),
        visitors_without_receipt=without_receipt,
        issues_without_disposition=[i.case_number for i in issues if i.disposition is None],
        earliest_reply=min(replies) if replies else None,
        receipts_saved_only=sum(
            1 for v in queue if model.receipt_saved(v.id) and not model.receipt_printed(v.id)
        ),
        visitors_print_failed=[v.queue_number for v in queue if model.receipt_failures(v.id)],
    )
