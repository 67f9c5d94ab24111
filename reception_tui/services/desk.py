"""The desk service: what the reception screens (and the demo) do to a session, as plain calls.

Each call validates through the domain, bumps revisions, writes an audit event and commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from reception_tui.calendar.plan import make_working_day_test
from reception_tui.domain.dispositions import (
    DispositionInput,
    WorkingDayTest,
    check_disposition,
    reply_due,
)
from reception_tui.domain.errors import FieldError, StateError, ValidationFailed
from reception_tui.domain.ids import CaseNumber, is_desk_letter, new_id
from reception_tui.domain.intake import IssueInput, VisitorInput, check_issue, check_visitor
from reception_tui.domain.masking import mask_name
from reception_tui.domain.models import (
    STATUS_FOR_DISPOSITION,
    AuditEvent,
    Issue,
    IssueStatus,
    ReceiptIssued,
    ReceptionSession,
    Record,
    SessionState,
    Transfer,
    Visitor,
    changed_fields,
    revise,
)
from reception_tui.domain.site import SiteConfig
from reception_tui.domain.text import clean_text, normalise_digits
from reception_tui.exchange.status_in import load_status
from reception_tui.i18n import listing, t
from reception_tui.services.case_status import earlier_case_numbers, status_lines
from reception_tui.services.clock import Clock, site_clock
from reception_tui.storage.data_folder import DataFolder
from reception_tui.storage.session_store import SessionStore


@dataclass(frozen=True)
class Saved:
    """The result of a save: the stored record and warnings to show (message keys)."""

    record: Record
    warnings: tuple[str, ...] = ()


def new_session(
    config: SiteConfig,
    *,
    day: date,
    deputies: Sequence[str],
    liaison_officer: str,
    operator: str,
    clock: Clock | None = None,
    desk: str = "",
) -> tuple[ReceptionSession, AuditEvent]:
    """A new session record for ``day`` from the config, and its creation event.

    ``desk`` names the desk (one letter) when the site runs more than one that day.
    """
    now = (clock or site_clock(config.timezone))()
    desk = check_desk(desk)
    known = {d.name for d in config.deputies}
    chosen = tuple(clean_text(name) for name in deputies)
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise StateError("session.unknown_deputy", count=len(unknown))
    session = ReceptionSession(
        id=new_id(), created_at=now, updated_at=now, operator=operator,
        site_code=config.site_code, site_name=config.site_name, day=day,
        start=config.reception.start, end=config.reception.end, place=config.place, desk=desk,
        deputies=chosen, liaison_officer=clean_text(liaison_officer),
        districts=tuple(d.name for d in config.districts), timezone=config.timezone,
        config_version=config.config_version,
    )
    return session, audit_event(session.id, now, operator, "created", session)


def check_desk(desk: str) -> str:
    """The desk's letter as stored (full width and lower case folded); a desk name that is not one
    letter A–Z is refused, since it goes into every case number and receipt reference."""
    letter = normalise_digits(desk).strip().upper()
    if not is_desk_letter(letter):
        raise ValidationFailed([FieldError("desk", "desk.start.desk_format")])
    return letter


def audit_event(session_id: str, at: datetime, operator: str, action: str, record: Record,
           fields: tuple[str, ...] = (), note: str = "") -> AuditEvent:
    entity = {ReceptionSession: "session", Visitor: "visitor", Issue: "issue", ReceiptIssued: "receipt"}[type(record)]
    return AuditEvent(
        id=new_id(), session_id=session_id, at=at, operator=operator, action=action, entity=entity,
        entity_id=record.id, revision=record.revision, fields=fields, note=note,
    )


def open_new_session(
    folder: DataFolder, config: SiteConfig, *, day: date, deputies: Sequence[str], liaison_officer: str,
    operator: str, clock: Clock | None = None, desk: str = "",
) -> SessionStore:
    """Create and store a new session; returns its open store."""
    session, event = new_session(
        config, day=day, deputies=deputies, liaison_officer=liaison_officer, operator=operator, clock=clock,
        desk=desk,
    )
    return folder.create_session(session, event)


class DeskService:
    """Registering visitors, recording issues and dispositions, closing the session."""

    def __init__(
        self,
        store: SessionStore,
        config: SiteConfig,
        *,
        operator: str,
        clock: Clock | None = None,
        is_working_day: WorkingDayTest | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.operator = operator
        self.clock = clock or site_clock(config.timezone)
        self.is_working_day = is_working_day or make_working_day_test(config)

    # -- helpers -------------------------------------------------------------------------------

    @property
    def session(self) -> ReceptionSession:
        """The session record as stored now."""
        return self.store.session()

    def _check_writable(self, correction: bool) -> str:
        """The audit action for a change; a closed session needs an explicit, audited correction."""
        if self.session.state is SessionState.CLOSED:
            if not correction:
                raise StateError("session.closed")
            return "corrected"
        return "updated"

    # -- visitors ------------------------------------------------------------------------------

    def register_visitor(self, data: VisitorInput) -> Saved:
        """Register the next visitor with the next queue number."""
        self._check_writable(correction=False)
        session = self.session
        checked = check_visitor(data, self.config, session.day)
        now = self.clock()
        queue = max((v.queue_number for v in self.store.visitors()), default=0) + 1
        visitor = Visitor(
            id=new_id(), created_at=now, updated_at=now, operator=self.operator, session_id=session.id,
            queue_number=queue, arrived_at=now, **checked.values,
        )
        self.store.commit([visitor], [audit_event(session.id, now, self.operator, "created", visitor)])
        warnings = list(checked.warnings)
        if visitor.phone and self.phone_seen(visitor.phone, exclude_id=visitor.id):
            warnings.append("warn.phone_seen_before")
        return Saved(visitor, tuple(warnings))

    def update_visitor(self, visitor_id: str, data: VisitorInput, *, correction: bool = False) -> Saved:
        """Change a visitor's details (a typo fixed); audited with the changed field names."""
        action = self._check_writable(correction)
        old = self.store.get(Visitor, visitor_id)
        checked = check_visitor(data, self.config, self.session.day)
        now = self.clock()
        new = revise(old, operator=self.operator, now=now, **checked.values)
        fields = changed_fields(old, new)
        if not fields:
            return Saved(old, tuple(checked.warnings))
        self.store.commit([new], [audit_event(old.session_id, now, self.operator, action, new, fields)])
        return Saved(new, tuple(checked.warnings))

    def phone_seen(self, phone: str, *, exclude_id: str = "", recent_sessions: int = 6) -> bool:
        """True when ``phone`` appears for another visitor here or in a recent session (pointed out, never merged)."""
        if any(v.phone == phone and v.id != exclude_id for v in self.store.visitors()):
            return True
        folder = DataFolder(self.store.folder.parent.parent)
        current = self.store.folder
        others = [f for f in folder.session_folders() if f != current][-recent_sessions:]
        for other in others:
            try:
                snapshot = folder.read(other)
            except Exception:  # noqa: S112 - a damaged old session must not stop registration
                continue
            if any(v.phone == phone for v in snapshot.visitors):
                return True
        return False

    def earlier_cases(self, phone: str, *, exclude_id: str = "") -> str:
        """A returning visitor's earlier cases with the office's state of each (from the status file the
        laptop keeps): "此前事项：BSJD-…：已答复（B类）", or "" when the phone has no earlier cases. Reads
        files: call it from a worker."""
        current = [
            issue.case_number
            for visitor in self.store.visitors()
            if visitor.phone == phone and visitor.id != exclude_id
            for issue in self.store.issues(visitor.id)
            if issue.case_number
        ]
        folder = DataFolder(self.store.folder.parent.parent)
        numbers = earlier_case_numbers(folder, phone, exclude=(self.store.folder,)) + current
        if not numbers:
            return ""
        status = load_status(folder.root, self.config.office_public_key)
        return t("status.earlier_cases", lines=listing(status_lines(numbers, status)))

    # -- issues --------------------------------------------------------------------------------

    def add_issue(self, visitor_id: str, data: IssueInput, disposition: DispositionInput | None = None) -> Saved:
        """Record a new issue for a visitor, optionally with its disposition straight away."""
        self._check_writable(correction=False)
        visitor = self.store.get(Visitor, visitor_id)
        session = self.session
        checked = check_issue(data, self.config)
        number = max((i.number for i in self.store.issues(visitor_id)), default=0) + 1
        case = CaseNumber(session.site_code, session.day, visitor.queue_number, number, session.desk)
        now = self.clock()
        issue = Issue(
            id=new_id(), created_at=now, updated_at=now, operator=self.operator, session_id=session.id,
            visitor_id=visitor.id, number=number, case_number=str(case), **checked.values,
        )
        if disposition is not None:
            issue = self._with_disposition(issue, disposition, session.day)
        self.store.commit([issue], [audit_event(session.id, now, self.operator, "created", issue)])
        return Saved(issue)

    def update_issue(self, issue_id: str, data: IssueInput, *, correction: bool = False) -> Saved:
        """Change an issue's content; audited with the changed field names."""
        action = self._check_writable(correction)
        old = self.store.get(Issue, issue_id)
        checked = check_issue(data, self.config)
        now = self.clock()
        new = revise(old, operator=self.operator, now=now, **checked.values)
        return self._commit_change(old, new, action)

    def set_disposition(self, issue_id: str, data: DispositionInput, *, correction: bool = False) -> Saved:
        """Set or change how an issue is handled; a transfer gets its expected reply date."""
        action = self._check_writable(correction)
        old = self.store.get(Issue, issue_id)
        new = self._with_disposition(old, data, self.session.day)
        new = revise(new, operator=self.operator, now=self.clock())
        return self._commit_change(old, new, action)

    def _with_disposition(self, issue: Issue, data: DispositionInput, day: date) -> Issue:
        disposition = check_disposition(data, self.config)
        expected = None
        if isinstance(disposition, Transfer):
            expected = reply_due(day, self.config.target(disposition.target_code), self.is_working_day)
        elif disposition.kind.value == "suggestion":
            congress = [t for t in self.config.transfer_targets if t.kind.value == "congress"]
            if congress:
                expected = reply_due(day, congress[0], self.is_working_day)
        return replace(
            issue, disposition=disposition, expected_reply_date=expected,
            status=STATUS_FOR_DISPOSITION[disposition.kind],
        )

    def expected_reply(self, target_code: str) -> date | None:
        """The reply date a transfer to ``target_code`` would get, shown while the form is typed."""
        try:
            target = self.config.target(target_code)
        except KeyError:
            return None
        return reply_due(self.session.day, target, self.is_working_day)

    def _commit_change(self, old: Issue, new: Issue, action: str) -> Saved:
        fields = changed_fields(old, new)
        if not fields:
            return Saved(old)
        self.store.commit([new], [audit_event(old.session_id, new.updated_at, self.operator, action, new, fields)])
        return Saved(new)

    # -- the session ---------------------------------------------------------------------------

    def close_session(self) -> ReceptionSession:
        """Close (lock) the session; later changes need a confirmed, audited correction."""
        old = self.session
        if old.state is SessionState.CLOSED:
            return old
        now = self.clock()
        new = revise(old, operator=self.operator, now=now, state=SessionState.CLOSED, closed_at=now)
        self.store.commit([new], [audit_event(old.id, now, self.operator, "closed", new, ("state",))])
        return new

    def find(self, query: str) -> list[tuple[Visitor, Issue | None]]:
        """Visitors matching a name, the last digits of a phone, or a case number."""
        text = normalise_digits(clean_text(query)).strip()
        if not text:
            return []
        visitors = {v.id: v for v in self.store.visitors()}
        results: list[tuple[Visitor, Issue | None]] = []
        try:  # a whole case number as typed: lower case, hyphens around a desk letter
            upper = str(CaseNumber.parse(text))
        except FieldError:
            upper = text.upper()
        for issue in self.store.issues():
            if issue.case_number.upper() == upper or issue.case_number.upper().startswith(upper + "-"):
                results.append((visitors[issue.visitor_id], issue))
        if results:
            return results
        for visitor in visitors.values():
            if text.isdigit() and len(text) >= 4 and visitor.phone.endswith(text):
                results.append((visitor, None))
            elif visitor.name and (text in visitor.name or text == mask_name(visitor.name)):
                results.append((visitor, None))
            elif text.isdigit() and int(text) == visitor.queue_number:
                results.append((visitor, None))
        return results

    def unresolved_issues(self) -> list[Issue]:
        """Issues still without a disposition."""
        return [issue for issue in self.store.issues() if issue.status is IssueStatus.REGISTERED]
