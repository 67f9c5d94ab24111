"""The office side's records as plain values: a case, a page of cases, a step in its timeline, a reveal.

This is the contract between the office store (``office/store.py``, SQLite or PostgreSQL behind the
same interface), the workbench screens (``ui/office``), the documents (slips, reminders, letters), the
status file to the laptops and the command line. None of these values holds a visitor's full name,
phone or address: a case carries them masked; the full values come only from
:meth:`CaseStoreAPI.reveal`, which logs who asked, for which fields and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from reception_tui.domain.followup import CaseKind, CaseState, Followup, Step


@dataclass(frozen=True)
class DeskFields:
    """What the desk recorded about the issue (from the newest imported version of the session).

    Personal data only masked: ``visitor_masked`` (张*明, or "" for anonymous), ``phone_last4``.
    ``summary``, ``own_words`` and ``place`` are the issue's own texts (the desk already shows them).
    """

    case_number: str
    session_id: str
    issue_id: str
    visitor_id: str
    site_code: str
    day: date
    """The reception day."""
    category: str
    request_type: str
    district: str
    summary: str
    own_words: str
    place: str
    receiving_deputy: str
    desk_target: str
    """The unit the desk chose for a transfer (its code), or ""."""
    suggestion_deputy: str
    """For a deputy's suggestion: the deputy who took it up, or ""."""
    visitor_masked: str
    phone_last4: str
    confidential: bool
    deputies_on_duty: tuple[str, ...]
    desk_note: str = ""
    """The desk's disposition text (the explanation, the redirect, the transfer note)."""


@dataclass(frozen=True)
class Case:
    """One case: the desk's fields, the office's follow-up and the record's revision."""

    case_id: str
    """The issue's record id (stable across re-exports; case numbers can repeat between desks)."""
    desk: DeskFields
    followup: Followup
    revision: int
    """Goes up by one with every saved step: a save names the revision it was made from."""
    updated_at: datetime | None = None
    updated_by: str = ""
    source_changed: bool = False
    """A later export changed the desk's fields since a clerk last looked (cleared by :meth:`acknowledge`)."""

    @property
    def kind(self) -> CaseKind:
        return self.followup.kind

    @property
    def state(self) -> CaseState:
        return self.followup.state


class Sort(StrEnum):
    """Orders of the case list."""

    CASE_NUMBER = "case_number"
    DUE = "due"
    DAY_DESC = "day_desc"
    UPDATED_DESC = "updated_desc"


@dataclass(frozen=True)
class CaseQuery:
    """A filter over the cases, run in the database (never by loading every row).

    Empty strings / None mean "any". ``text`` matches the case number, the visitor's name (full name
    matched, never shown), the last four phone digits, the summary, own words and place; one- and
    two-character Chinese queries included.
    """

    states: tuple[CaseState, ...] = ()
    open_only: bool = False
    unit: str = ""
    district: str = ""
    deputy: str = ""
    """Receiving deputy, suggestion deputy or a deputy on duty that day."""
    category: str = ""
    site_code: str = ""
    day_from: date | None = None
    day_to: date | None = None
    overdue_on: date | None = None
    """Only cases overdue on this day."""
    due_by: date | None = None
    """Only cases a unit holds that are due on or before this day (and not overdue when ``overdue_on`` is not set)."""
    waiting_for_survey: bool = False
    source_changed: bool = False
    text: str = ""
    sort: Sort = Sort.CASE_NUMBER


class Seek(StrEnum):
    """Where a keyset page starts relative to its cursor case, in the query's sort order."""

    AFTER = "after"
    """The cases after the cursor (the next page: the cursor is the last case of the current one)."""
    FROM = "from"
    """The cursor and the cases after it (the current page again: the cursor is its first case)."""
    BEFORE = "before"
    """The cases before the cursor, the page ending just before it (the previous page)."""


@dataclass(frozen=True)
class PageCursor:
    """A keyset page's position: a case (its sort key: case number, id, due date, day, last change) and the side.
    Paging by cursor costs the same on page 1 and page 20,000; ``OFFSET`` walks every row before the page."""

    case: Case
    seek: Seek


@dataclass(frozen=True)
class CasePage:
    """One page of a query: the cases on it and the number of matching cases."""

    cases: tuple[Case, ...]
    total: int
    offset: int
    limit: int
    total_capped: bool = False
    """``total`` is a lower bound: a text search asked to stop counting there (the workbench shows "1,000+")."""


@dataclass(frozen=True)
class Counts:
    """The workbench header: how many cases, overdue, due soon, waiting for a survey, source changed."""

    total: int
    open: int
    overdue: int
    due_soon: int
    waiting_for_survey: int
    source_changed: int


@dataclass(frozen=True)
class TimelineEntry:
    """One stored step: what the clerk did, the state before and after, the revision it made."""

    seq: int
    step: Step
    state_before: CaseState
    state_after: CaseState
    revision: int


@dataclass(frozen=True)
class Document:
    """A file kept in the office folder for a case (a unit's reply document), by its sha256."""

    sha256: str
    name: str
    size: int
    added_at: datetime
    added_by: str
    case_id: str


class RevealField(StrEnum):
    """Personal fields a clerk can ask to see in full."""

    NAME = "name"
    PHONE = "phone"
    ADDRESS = "address"
    ID_NUMBER = "id_number"


@dataclass(frozen=True)
class Revealed:
    """The full values a reveal returned (shown, never stored anywhere else)."""

    values: dict[RevealField, str]


@dataclass(frozen=True)
class RevealEntry:
    """One line of the reveal log: who saw which fields of whose case, and why; never the values."""

    seq: int
    at: datetime
    clerk: str
    case_id: str
    visitor_id: str
    fields: tuple[RevealField, ...]
    reason: str
    note: str = ""
    purpose: str = "screen"
    """What the reveal was for: ``screen``, ``slip`` (a transfer slip carrying the phone), ``ledger``,
    ``subject_access``."""


class StoreConflict(Exception):
    """A save was made from an older revision: another clerk (or window) saved the case first.

    ``current`` is the case as stored now; ``since`` the steps saved after the revision the clerk saw,
    so the screen can show what changed while keeping the clerk's input.
    """

    def __init__(self, current: Case, since: Sequence[TimelineEntry]) -> None:
        super().__init__(f"case {current.case_id} is at revision {current.revision}")
        self.key = "office.error.conflict"
        self.params: dict[str, Any] = {"case_number": current.desk.case_number, "revision": current.revision}
        self.current = current
        self.since = tuple(since)


class CaseNotFound(LookupError):
    """No case with this id or number."""


@dataclass
class SyncReport:
    """What a refresh from the imported sessions changed."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    source_changed_ids: list[str] = field(default_factory=list)


class CaseStoreAPI(Protocol):
    """What the workbench, the documents, the status file and the command line need from the office store.

    Implemented once over portable SQL (``office/store.py``) and run on SQLite or PostgreSQL.
    """

    def sync(self) -> SyncReport:
        """Bring the cases up to date with the imported sessions (new cases, desk fields of re-exported ones;
        follow-up never touched). Cheap when nothing changed; safe while an import runs."""
        ...

    def data_version(self) -> int:
        """A number that changes whenever the store changes (imports included): the workbench polls it."""
        ...

    def query(
        self, query: CaseQuery, *, offset: int = 0, limit: int = 50, count_cap: int | None = None,
        cursor: PageCursor | None = None, count: bool = True,
    ) -> CasePage: ...  # fmt: skip

    def counts(self, today: date) -> Counts: ...

    def get(self, case_id: str) -> Case: ...

    def find(self, case_number: str) -> list[Case]:
        """Cases with this case number (normally one; two desks on one day could give a number twice)."""
        ...

    def timeline(self, case_id: str) -> list[TimelineEntry]: ...

    def apply(self, case_id: str, step: Step, *, revision: int) -> Case:
        """Check and save one step (the new follow-up and the step in one transaction); :class:`StoreConflict`
        when the case is no longer at ``revision``; ``ValidationFailed`` / ``StateError`` from the domain."""
        ...

    def acknowledge(self, case_id: str, clerk: str) -> None:
        """The clerk has seen the desk's changed fields: clear the source-changed mark."""
        ...

    def reveal(
        self, case_id: str, fields: Sequence[RevealField], *, clerk: str, reason: str, note: str = "",
        purpose: str = "screen",
    ) -> Revealed:  # fmt: skip
        """The full values of ``fields``, after writing the reveal log entry (no entry, no values)."""
        ...

    def reveal_log(self, *, case_id: str | None = None) -> list[RevealEntry]: ...

    def add_document(self, case_id: str, name: str, data: bytes, *, clerk: str) -> Document: ...

    def documents(self, case_id: str) -> list[Document]: ...
