"""Scanning a receipt back: from what a barcode scanner typed to the session, visitor and issue + verdict.

The text is a QR payload (``RT1:<ref>:<code>``), a tracking address made from the config's URL
template, or a case number typed by hand. Only a payload whose code matches this folder's secret
is genuine; a case number is found but reported as unverified.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from reception_tui.domain.errors import FieldError
from reception_tui.domain.ids import CaseNumber
from reception_tui.domain.masking import mask_name
from reception_tui.domain.models import Issue, Visitor
from reception_tui.i18n import t
from reception_tui.receipts.payload import PayloadError, ReceiptRef, code_matches, parse_payload
from reception_tui.storage.data_folder import DataFolder
from reception_tui.storage.errors import CorruptStoreError
from reception_tui.storage.session_store import SessionSnapshot


class Verdict(StrEnum):
    """What a scan turned out to be."""

    GENUINE = "genuine"
    """A receipt payload whose code this folder's secret confirms, for a case on this laptop."""
    FORGED = "forged"
    """A well-formed payload whose code does not match: made up, altered, or from another site."""
    MALFORMED = "malformed"
    """Neither a payload nor a case number."""
    UNKNOWN_CASE = "unknown_case"
    """The code is right (or the case number well formed) but the case is not in the data folder."""
    CASE_NUMBER = "case_number"
    """A typed case number, found; not proof that the person holds a receipt."""
    MISTYPED = "mistyped"
    """A case number whose check digits do not match: a character was mistyped."""


MESSAGE_KEYS: dict[Verdict, str] = {
    Verdict.GENUINE: "receipts.verdict.genuine",
    Verdict.FORGED: "receipts.verdict.forged",
    Verdict.MALFORMED: "receipts.verdict.malformed",
    Verdict.UNKNOWN_CASE: "receipts.verdict.unknown_case",
    Verdict.CASE_NUMBER: "receipts.verdict.case_number",
    Verdict.MISTYPED: "field.case_number.check",
}


@dataclass(frozen=True)
class ScanResult:
    """The verdict and, when something was found, where: session folder, visitor and issue ids."""

    verdict: Verdict
    folder: Path | None = None
    visitor_id: str | None = None
    issue_id: str | None = None
    ref: ReceiptRef | None = None
    case_number: str = ""
    """The case number of the issue found (the visitor's first for a receipt payload)."""
    visitor_label: str = ""
    """The visitor as a receipt shows them: masked name, or empty when confidential."""
    queue_number: int = 0

    @property
    def found(self) -> bool:
        """True when a visitor was found and may be opened."""
        return self.visitor_id is not None

    @property
    def message_key(self) -> str:
        """The message to show for the verdict."""
        return MESSAGE_KEYS[self.verdict]


@dataclass(frozen=True)
class CaseLocation:
    """Where a visitor's records are: the session folder, its snapshot, the visitor and one issue."""

    folder: Path
    snapshot: SessionSnapshot
    visitor: Visitor
    issue: Issue | None


def _sessions_on(folder: DataFolder, site_code: str, day: date) -> list[tuple[Path, SessionSnapshot]]:
    prefix = f"{day:%Y-%m-%d}_{site_code}_"
    found = []
    for path in folder.session_folders():
        if not path.name.startswith(prefix):
            continue
        try:
            snapshot = folder.read(path)
        except (OSError, CorruptStoreError):
            continue
        if snapshot.session.site_code == site_code and snapshot.session.day == day:
            found.append((path, snapshot))
    return found


def find_receipt(folder: DataFolder, ref: ReceiptRef) -> CaseLocation | None:
    """The visitor a receipt reference names, with their first issue."""
    for path, snapshot in _sessions_on(folder, ref.site_code, ref.day):
        if snapshot.session.desk != ref.desk:
            continue
        visitor = next((v for v in snapshot.visitors if v.queue_number == ref.queue_number), None)
        if visitor is not None:
            issues = sorted(
                (i for i in snapshot.issues if i.visitor_id == visitor.id), key=lambda i: i.number
            )
            return CaseLocation(path, snapshot, visitor, issues[0] if issues else None)
    return None


def find_case(folder: DataFolder, case: CaseNumber) -> CaseLocation | None:
    """The issue with this case number, and its visitor, searching every session on that day."""
    found = find_cases(folder, case)
    return found[0] if found else None


def find_cases(folder: DataFolder, case: CaseNumber) -> list[CaseLocation]:
    """Every issue with this case number: one, unless two sessions of the site and day gave it out."""
    wanted = str(case)
    found = []
    for path, snapshot in _sessions_on(folder, case.site_code, case.day):
        for issue in snapshot.issues:
            if issue.case_number == wanted:
                visitor = next(v for v in snapshot.visitors if v.id == issue.visitor_id)
                found.append(CaseLocation(path, snapshot, visitor, issue))
    return found


def _as_folder(data_folder: DataFolder | Path) -> DataFolder:
    return data_folder if isinstance(data_folder, DataFolder) else DataFolder(data_folder)


def lookup_scanned(
    data_folder: DataFolder | Path, secret: bytes, text: str, url_template: str | None = None
) -> ScanResult:
    """Resolve what a scanner (or a person) typed into a verdict and the records it points to."""
    folder = _as_folder(data_folder)
    try:
        scanned = parse_payload(text, url_template)
    except PayloadError:
        return _lookup_case_number(folder, text)
    if not code_matches(secret, scanned):
        return ScanResult(Verdict.FORGED, ref=scanned.ref)
    location = find_receipt(folder, scanned.ref)
    if location is None:
        return ScanResult(Verdict.UNKNOWN_CASE, ref=scanned.ref)
    issue = location.issue
    return ScanResult(
        Verdict.GENUINE, location.folder, location.visitor.id, issue.id if issue else None, scanned.ref,
        issue.case_number if issue else "", visitor_label(location.visitor), location.visitor.queue_number,
    )


def _lookup_case_number(folder: DataFolder, text: str) -> ScanResult:
    try:
        case = CaseNumber.parse(text)
    except FieldError as error:
        return ScanResult(Verdict.MISTYPED if error.key == "field.case_number.check" else Verdict.MALFORMED)
    location = find_case(folder, case)
    if location is None or location.issue is None:
        return ScanResult(Verdict.UNKNOWN_CASE, case_number=str(case))
    ref = ReceiptRef(case.site_code, case.day, location.visitor.queue_number, case.desk)
    return ScanResult(
        Verdict.CASE_NUMBER, location.folder, location.visitor.id, location.issue.id, ref, str(case),
        visitor_label(location.visitor), location.visitor.queue_number,
    )


def visitor_label(visitor: Visitor) -> str:
    """The visitor as a receipt shows them: masked name, 匿名, or empty when confidential."""
    if visitor.confidential:
        return ""
    return mask_name(visitor.name) if visitor.name else t("receipts.anonymous")
