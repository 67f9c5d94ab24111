"""The records of a reception day: session, visitor, issue, disposition and audit event.

Every record carries a random UUID, time-zone-aware timestamps, a revision bumped on each change
and the operator who made it. Records are frozen: a change is a new value made by :func:`revise`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any, ClassVar, TypeVar


class SessionState(StrEnum):
    """A session is open while the desk works, closed (locked) afterwards."""

    OPEN = "open"
    CLOSED = "closed"


class VisitorKind(StrEnum):
    """An individual resident or the representative of a unit (单位代表)."""

    INDIVIDUAL = "individual"
    UNIT = "unit"


class DispositionKind(StrEnum):
    """The four ways an issue is handled at the desk (domain brief, step 3)."""

    EXPLAINED = "explained"  # 当场解释
    TRANSFER = "transfer"  # 需转办
    SUGGESTION = "suggestion"  # 代表建议/议案
    REDIRECTED = "redirected"  # 不予受理/引导


class IssueStatus(StrEnum):
    """Where an issue stands; the desk sets the first ones, the office the rest."""

    REGISTERED = "registered"  # 已登记, no disposition yet
    EXPLAINED = "explained"  # 已当场解释
    TO_TRANSFER = "to_transfer"  # 待转办
    TO_SUGGESTION = "to_suggestion"  # 转为代表建议
    REDIRECTED = "redirected"  # 已引导
    TRANSFERRED = "transferred"  # 已转办
    IN_PROGRESS = "in_progress"  # 办理中
    REPLIED = "replied"  # 已答复
    COPIED_TO_DEPUTIES = "copied_to_deputies"  # 已抄送代表
    FED_BACK = "fed_back"  # 已反馈选民
    SURVEYED = "surveyed"  # 已测评
    CLOSED = "closed"  # 已办结
    RETURNED = "returned"  # 已退回
    EXTENDED = "extended"  # 已延期


@dataclass(frozen=True, kw_only=True)
class Record:
    """Fields every stored record has."""

    id: str
    created_at: datetime
    updated_at: datetime
    revision: int = 1
    operator: str


@dataclass(frozen=True, kw_only=True)
class ReceptionSession(Record):
    """One reception afternoon (接待场次) at one site."""

    site_code: str
    site_name: str
    day: date
    start: time
    end: time
    place: str
    desk: str = ""
    """The desk's letter (``B``) when the site runs more than one desk that day; it goes into the
    case numbers and receipt references so two desks never give out the same ones. Empty: one desk."""
    deputies: tuple[str, ...]
    liaison_officer: str
    districts: tuple[str, ...]
    timezone: str
    config_version: str
    state: SessionState = SessionState.OPEN
    closed_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class Visitor(Record):
    """A person (or unit representative) registered at the desk, with a queue number."""

    session_id: str
    queue_number: int
    arrived_at: datetime
    name: str = ""
    """Empty when the visitor stays anonymous: then no feedback is possible."""
    phone: str = ""
    """Normalised ASCII digits; empty when not given."""
    address: str = ""
    district: str = ""
    kind: VisitorKind = VisitorKind.INDIVIDUAL
    unit_name: str = ""
    co_visitors: int = 0
    id_number: str = ""
    """Only when the config turns the field on; empty otherwise."""
    needs_guardian: bool = False
    confidential: bool = False
    consent: bool = False
    """The consent line was read to the visitor and accepted."""

    @property
    def anonymous(self) -> bool:
        """An anonymous visitor gave no name."""
        return not self.name


@dataclass(frozen=True, kw_only=True)
class ExplainedOnSpot:
    """当场解释: explained or resolved at the desk."""

    kind: ClassVar[DispositionKind] = DispositionKind.EXPLAINED
    explanation: str
    explained_by: str


@dataclass(frozen=True, kw_only=True)
class Transfer:
    """需转办: sent to a government body; its reply limit gives the expected reply date."""

    kind: ClassVar[DispositionKind] = DispositionKind.TRANSFER
    target_code: str
    target_name: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class DeputySuggestion:
    """代表建议/议案: taken up by a deputy as a suggestion or a motion."""

    kind: ClassVar[DispositionKind] = DispositionKind.SUGGESTION
    deputy: str
    motion: bool = False
    """True for a motion (议案), False for a suggestion (建议)."""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class Redirected:
    """不予受理/引导: a matter for litigation, arbitration, review or petition; where the visitor was sent."""

    kind: ClassVar[DispositionKind] = DispositionKind.REDIRECTED
    channel: str
    directed_to: str


Disposition = ExplainedOnSpot | Transfer | DeputySuggestion | Redirected

STATUS_FOR_DISPOSITION: dict[DispositionKind, IssueStatus] = {
    DispositionKind.EXPLAINED: IssueStatus.EXPLAINED,
    DispositionKind.TRANSFER: IssueStatus.TO_TRANSFER,
    DispositionKind.SUGGESTION: IssueStatus.TO_SUGGESTION,
    DispositionKind.REDIRECTED: IssueStatus.REDIRECTED,
}


@dataclass(frozen=True, kw_only=True)
class Issue(Record):
    """One matter a visitor raises (反映事项)."""

    session_id: str
    visitor_id: str
    number: int
    """1, 2, 3… within the visitor."""
    case_number: str
    category: str
    request_type: str
    place: str = ""
    own_words: str = ""
    """The visitor's own words (原话), kept apart from the staff summary."""
    summary: str = ""
    receiving_deputy: str = ""
    confidential: bool = False
    disposition: Disposition | None = None
    expected_reply_date: date | None = None
    status: IssueStatus = IssueStatus.REGISTERED


class ReceiptOutput(StrEnum):
    """Where a receipt went."""

    SCREEN = "screen"
    ESCPOS = "escpos"
    PDF = "pdf"
    PNG = "png"
    SVG = "svg"
    TEXT = "text"


class ReceiptStatus(StrEnum):
    """A print job's state; failed jobs wait in the retry queue."""

    QUEUED = "queued"
    PRINTED = "printed"
    FAILED = "failed"


OMIT_DEFAULT = {"omit_default": True}
"""Metadata of a field added after export format 1 shipped: stored only when it differs from its
default, so records that do not use it keep their bytes and their payload hash (and stay acknowledged)."""


@dataclass(frozen=True, kw_only=True)
class ReceiptIssued(Record):
    """A receipt given (or being given) to a visitor; reprints are marked 补打 and keep the original time."""

    session_id: str
    visitor_id: str
    issue_ids: tuple[str, ...]
    output: ReceiptOutput
    status: ReceiptStatus = ReceiptStatus.QUEUED
    printed_at: datetime | None = None
    reprint: bool = False
    original_printed_at: datetime | None = None
    failure: str = ""
    """Why the last attempt failed (printer off, paper out…), without personal data."""
    to_file: bool = dataclasses.field(default=False, metadata=OMIT_DEFAULT)
    """Written to a file on this computer (PDF, PNG…), not printed: nothing was put in the visitor's hand."""
    cancelled_at: datetime | None = dataclasses.field(default=None, metadata=OMIT_DEFAULT)
    """When a failed job was taken out of the retry queue without printing; None while it waits."""

    @property
    def handed_over(self) -> bool:
        """Printed on paper (or shown on screen) for the visitor; a file saved on the laptop is not."""
        return (
            self.status is ReceiptStatus.PRINTED
            and not self.to_file
            and self.output not in (ReceiptOutput.PNG, ReceiptOutput.SVG)
        )

    @property
    def saved_as_file(self) -> bool:
        """Written to a file on this computer (PNG and SVG only ever are)."""
        return self.status is ReceiptStatus.PRINTED and not self.handed_over


@dataclass(frozen=True, kw_only=True)
class AuditEvent:
    """An append-only note of who changed what and when; field names only, never values."""

    id: str
    session_id: str
    at: datetime
    operator: str
    action: str
    """``created``, ``updated``, ``closed``, ``reopened``, ``corrected``, ``printed``, ``reprinted``…"""
    entity: str
    """``session``, ``visitor``, ``issue`` or ``receipt``."""
    entity_id: str
    revision: int
    fields: tuple[str, ...] = ()
    note: str = ""


R = TypeVar("R", bound=Record)

_BOOKKEEPING = frozenset({"revision", "updated_at", "operator"})


def revise(record: R, *, operator: str, now: datetime, **changes: Any) -> R:
    """A copy of ``record`` with ``changes``, the revision bumped, and who/when updated."""
    return dataclasses.replace(
        record, **changes, revision=record.revision + 1, updated_at=now, operator=operator
    )


def changed_fields(old: Record, new: Record) -> tuple[str, ...]:
    """Names of the fields that differ between two versions of a record, bookkeeping excluded."""
    names = [f.name for f in dataclasses.fields(old) if f.name not in _BOOKKEEPING]
    return tuple(name for name in names if getattr(old, name) != getattr(new, name))
