"""Looking a receipt up at the office: the verdict on its code and the visitor's issues in the office store.

The office has no laptop's data folder, so it verifies a receipt code with the shared key of the
site config (``receipt.verification_key``) and finds the visitor in the office store that
``reception import`` fills. This is the office's copy: names appear in full, as in the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from reception_tui.domain.errors import FieldError
from reception_tui.domain.ids import CaseNumber
from reception_tui.domain.text import clean_text, normalise_digits
from reception_tui.exchange.office_store import OfficeStore, StoredRecord, StoredSession
from reception_tui.i18n import t
from reception_tui.receipts.payload import PayloadError, ReceiptRef, code_matches, parse_payload


class OfficeVerdict(StrEnum):
    """What the looked-up text turned out to be."""

    GENUINE = "genuine"
    """A receipt code that the config's shared key confirms, for a case in the office store."""
    UNVERIFIED = "unverified"
    """A receipt code for a case in the store, but the config has no key to check it with."""
    TYPED = "typed"
    """A typed case number or receipt reference, found: not proof that the person holds a receipt."""
    FORGED = "forged"
    """A well-formed receipt code that the shared key does not give: made up or altered."""
    NOT_FOUND = "not_found"
    """Well formed (and, for a code, genuine or unverifiable) but not in the office store."""
    MALFORMED = "malformed"
    """Neither a receipt code, a receipt reference nor a case number."""
    MISTYPED = "mistyped"
    """A case number whose check digits do not match: a character was mistyped."""


FOUND = frozenset({OfficeVerdict.GENUINE, OfficeVerdict.UNVERIFIED, OfficeVerdict.TYPED})
USAGE = frozenset({OfficeVerdict.MALFORMED, OfficeVerdict.MISTYPED})


@dataclass(frozen=True)
class OfficeIssue:
    """One of the visitor's issues as the office store holds it now."""

    case_number: str
    category: str
    summary: str
    disposition: str
    target: str
    expected_reply_date: str
    status: str
    confidential: bool


@dataclass(frozen=True)
class OfficeMatch:
    """A visitor found in the office store, with their session's day and studio and all their issues."""

    session_id: str
    day: str
    site: str
    visitor: str
    queue_number: int
    issues: tuple[OfficeIssue, ...]


@dataclass(frozen=True)
class OfficeLookup:
    """The verdict, the receipt reference or case number read, and what was found."""

    verdict: OfficeVerdict
    ref: ReceiptRef | None = None
    case_number: str = ""
    matches: tuple[OfficeMatch, ...] = ()

    @property
    def message(self) -> str:
        """The verdict in the current language."""
        return t(f"receipts.lookup.verdict.{self.verdict.value}")

    @property
    def exit_code(self) -> int:
        """0 found, 1 forged or not found, 2 when the text itself is wrong (malformed or mistyped)."""
        if self.verdict in FOUND:
            return 0
        return 2 if self.verdict in USAGE else 1

    def as_dict(self) -> dict[str, Any]:
        """The result for ``--json``."""
        return {
            "verdict": self.verdict.value,
            "message": self.message,
            "ref": str(self.ref) if self.ref else None,
            "case_number": self.case_number or None,
            "matches": [
                {
                    "session_id": m.session_id, "day": m.day, "site": m.site, "visitor": m.visitor,
                    "queue_number": m.queue_number,
                    "issues": [
                        {
                            "case_number": i.case_number, "category": i.category, "summary": i.summary,
                            "disposition": i.disposition, "target": i.target,
                            "expected_reply_date": i.expected_reply_date or None, "status": i.status,
                            "confidential": i.confidential,
                        }
                        for i in m.issues
                    ],
                }
                for m in self.matches
            ],
        }  # fmt: skip


def lookup_office(
    store: OfficeStore, text: str, *, verification_key: str | None, url_template: str | None = None
) -> OfficeLookup:
    """Resolve a scanned payload, a tracking address, a receipt reference or a typed case number."""
    cleaned = normalise_digits(text).strip()
    try:
        scanned = parse_payload(cleaned, url_template)
    except PayloadError:
        scanned = None
    if scanned is not None:
        if verification_key and not code_matches(bytes.fromhex(verification_key), scanned):
            return OfficeLookup(OfficeVerdict.FORGED, scanned.ref)
        verdict = OfficeVerdict.GENUINE if verification_key else OfficeVerdict.UNVERIFIED
        return _result(verdict, scanned.ref, "", _find_ref(store, scanned.ref))
    try:
        ref = ReceiptRef.parse(cleaned.replace(" ", ""))
    except PayloadError:
        ref = None
    if ref is not None:
        return _result(OfficeVerdict.TYPED, ref, "", _find_ref(store, ref))
    try:
        case = CaseNumber.parse(cleaned)
    except FieldError as error:
        mistyped = error.key == "field.case_number.check"
        return OfficeLookup(OfficeVerdict.MISTYPED if mistyped else OfficeVerdict.MALFORMED)
    return _result(OfficeVerdict.TYPED, None, str(case), _find_case(store, case))


def _result(verdict: OfficeVerdict, ref: ReceiptRef | None, case: str, matches: list[OfficeMatch]) -> OfficeLookup:
    if not matches:
        return OfficeLookup(OfficeVerdict.NOT_FOUND, ref, case)
    return OfficeLookup(verdict, ref, case, tuple(matches))


def _find_ref(store: OfficeStore, ref: ReceiptRef) -> list[OfficeMatch]:
    """Every visitor with the reference's queue number in a session of its site, day and desk."""
    found = []
    for stored in store.sessions_on(ref.site_code, ref.day.isoformat()):
        if str(stored.session.body.get("desk") or "") != ref.desk:
            continue
        for visitor in stored.records["visitor"]:
            if visitor.body.get("queue_number") == ref.queue_number:
                found.append(_match(stored, visitor))
    return found


def _find_case(store: OfficeStore, case: CaseNumber) -> list[OfficeMatch]:
    """Every visitor with an issue of this case number (with all of their issues): one, unless two
    laptops gave the number out at the same site on the same day (then the clerk sees both)."""
    wanted = str(case)
    found = []
    for stored in store.sessions_on(case.site_code, case.day.isoformat()):
        visitors = {v.id: v for v in stored.records["visitor"]}
        for issue in stored.records["issue"]:
            visitor = visitors.get(str(issue.body.get("visitor_id")))
            if issue.body.get("case_number") == wanted and visitor is not None:
                found.append(_match(stored, visitor))
    return found


def _match(stored: StoredSession, visitor: StoredRecord) -> OfficeMatch:
    session = stored.session
    issues = sorted(
        (i.body for i in stored.records["issue"] if i.body.get("visitor_id") == visitor.id),
        key=lambda body: int(body.get("number", 0)),
    )
    return OfficeMatch(
        session_id=session.id,
        day=str(session.body.get("day", "")),
        site=_text(session.body.get("site_name")),
        visitor=_visitor_label(visitor.body),
        queue_number=int(visitor.body.get("queue_number", 0)),
        issues=tuple(_issue(body) for body in issues),
    )


def _issue(body: dict[str, Any]) -> OfficeIssue:
    disposition, target = _disposition(body.get("disposition"))
    status = _text(body.get("status"))
    return OfficeIssue(
        case_number=_text(body.get("case_number")),
        category=_text(body.get("category")),
        summary=_text(body.get("summary")),
        disposition=disposition,
        target=target,
        expected_reply_date=_text(body.get("expected_reply_date")),
        status=t(f"exchange.ledger.status.{status}") if status else "",
        confidential=bool(body.get("confidential")),
    )


def _disposition(disposition: Any) -> tuple[str, str]:
    """The handling as the receipt names it, and who handles it (unit, deputy, explainer or where directed)."""
    if not isinstance(disposition, dict):
        return t("receipts.disposition.none"), ""
    kind = _text(disposition.get("kind"))
    if kind == "transfer":
        return t("receipts.disposition.transfer"), _text(disposition.get("target_name"))
    if kind == "suggestion":
        label = "receipts.disposition.motion" if disposition.get("motion") else "receipts.disposition.suggestion"
        return t(label), _text(disposition.get("deputy"))
    if kind == "redirected":
        channel = _text(disposition.get("channel"))
        where = _text(disposition.get("directed_to"))
        return t("receipts.disposition.redirected"), f"{channel}：{where}" if channel else where
    if kind == "explained":
        return t("receipts.disposition.explained"), _text(disposition.get("explained_by"))
    return kind, ""


def _visitor_label(body: dict[str, Any]) -> str:
    name = _text(body.get("name")) or t("receipts.anonymous")
    unit = _text(body.get("unit_name"))
    return f"{name}（{unit}）" if unit else name


def _text(value: Any) -> str:
    """A stored value as one line of plain text (no control characters reach the terminal)."""
    return clean_text(str(value)) if value is not None else ""
