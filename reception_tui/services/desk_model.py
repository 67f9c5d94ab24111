"""What the desk screen shows, kept in memory and updated record by record after each save.

Re-reading the whole session after every keystroke or save would cost milliseconds per hundred
visitors; the model is built once from a snapshot and then patched with each saved record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

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
    receipt_printed: bool


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
        """True once a receipt for the visitor has been printed (or shown) successfully."""
        return any(r.status is ReceiptStatus.PRINTED for r in self.receipts.get(visitor_id, {}).values())

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
            receipt_printed=self.receipt_printed(visitor_id),
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
    visitors_without_receipt: list[int]
    """Queue numbers of visitors with no printed receipt."""
    issues_without_disposition: list[str]
    """Case numbers of issues still without a disposition."""
    earliest_reply: date | None = None


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
    )
