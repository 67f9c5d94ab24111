"""What a receipt says, built from a session: masked visitor, case numbers, dispositions, office texts.

The content holds no unmasked personal data at all (names and phones are masked here, the ID number
is never read), so every output made from it is safe by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from reception_tui.domain.ids import receipt_ref
from reception_tui.domain.masking import mask_name, mask_phone
from reception_tui.domain.models import (
    DeputySuggestion,
    ExplainedOnSpot,
    Issue,
    Redirected,
    Transfer,
)
from reception_tui.domain.site import SiteConfig
from reception_tui.i18n import t
from reception_tui.receipts.payload import ReceiptRef, make_payload, qr_text
from reception_tui.storage.session_store import SessionSnapshot


class ReceiptNotFound(LookupError):
    """The visitor is not in the session."""


@dataclass(frozen=True)
class IssueLine:
    """One issue as the receipt shows it; a confidential issue keeps only its number and case number."""

    issue_id: str
    number: int
    case_number: str
    confidential: bool
    category: str = ""
    disposition: str = ""
    """The disposition's Chinese (or English) label."""
    target: str = ""
    """For a transfer: the handling body."""
    channel: str = ""
    """For a redirected issue: the channel (诉讼, 仲裁…)."""
    directed_to: str = ""
    """For a redirected issue: where to go (the body or address the visitor was directed to)."""
    expected_reply: date | None = None


@dataclass(frozen=True)
class ReceiptContent:
    """Everything printed on one visitor's receipt, personal data already masked."""

    lang: str
    site_name: str
    day: date
    start: time
    end: time
    place: str
    deputies: tuple[str, ...]
    visitor_id: str
    visitor: str
    """Masked name, ``匿名``, or empty for a confidential visitor."""
    phone: str
    """Masked phone or empty."""
    queue_number: int
    confidential: bool
    issues: tuple[IssueLine, ...]
    office_phone: str
    follow_up: str
    privacy_line: str
    ref: ReceiptRef
    payload: str
    """``RT1:<ref>:<code>``, what a scanner reads back."""
    qr_text: str
    """What the QR code encodes: the payload, or the tracking address when configured."""
    printed_at: datetime | None = None
    reprint_of: datetime | None = None
    """For a reprint (补打): when the receipt was first printed."""
    reprint: bool = False

    @property
    def issue_ids(self) -> tuple[str, ...]:
        """The issues the receipt covers."""
        return tuple(line.issue_id for line in self.issues)


def disposition_label(issue: Issue, lang: str) -> str:
    """The disposition's label in the receipt's language."""
    disposition = issue.disposition
    if disposition is None:
        return t("receipts.disposition.none", lang)
    if isinstance(disposition, DeputySuggestion) and disposition.motion:
        return t("receipts.disposition.motion", lang)
    return t(f"receipts.disposition.{disposition.kind.value}", lang)


def _issue_line(issue: Issue, hide: bool, lang: str) -> IssueLine:
    if hide or issue.confidential:
        return IssueLine(issue.id, issue.number, issue.case_number, confidential=True)
    disposition = issue.disposition
    return IssueLine(
        issue.id, issue.number, issue.case_number, confidential=False, category=issue.category,
        disposition=disposition_label(issue, lang),
        target=disposition.target_name if isinstance(disposition, Transfer) else "",
        channel=disposition.channel if isinstance(disposition, Redirected) else "",
        directed_to=disposition.directed_to if isinstance(disposition, Redirected) else "",
        expected_reply=(
            None if isinstance(disposition, ExplainedOnSpot | Redirected) else issue.expected_reply_date
        ),
    )


def build_receipt(
    snapshot: SessionSnapshot,
    config: SiteConfig,
    visitor_id: str,
    *,
    secret: bytes,
    printed_at: datetime | None = None,
    reprint_of: datetime | None = None,
    reprint: bool = False,
    lang: str = "zh",
) -> ReceiptContent:
    """The receipt of ``visitor_id`` in ``snapshot``; :class:`ReceiptNotFound` if there is no such visitor."""
    visitor = next((v for v in snapshot.visitors if v.id == visitor_id), None)
    if visitor is None:
        raise ReceiptNotFound(visitor_id)
    session = snapshot.session
    issues = sorted((i for i in snapshot.issues if i.visitor_id == visitor_id), key=lambda i: i.number)
    if visitor.confidential:
        shown_name, shown_phone = "", ""
    else:
        shown_name = mask_name(visitor.name) if visitor.name else t("receipts.anonymous", lang)
        shown_phone = mask_phone(visitor.phone)
    ref = receipt_ref(session, visitor)
    return ReceiptContent(
        lang=lang, site_name=session.site_name, day=session.day, start=session.start, end=session.end,
        place=session.place, deputies=session.deputies, visitor_id=visitor.id, visitor=shown_name,
        phone=shown_phone, queue_number=visitor.queue_number, confidential=visitor.confidential,
        issues=tuple(_issue_line(issue, visitor.confidential, lang) for issue in issues),
        office_phone=config.receipt.office_phone, follow_up=config.receipt.follow_up,
        privacy_line=config.receipt.privacy_line, ref=ref, payload=make_payload(secret, ref),
        qr_text=qr_text(secret, ref, config.receipt.url_template), printed_at=printed_at,
        reprint_of=reprint_of, reprint=reprint or reprint_of is not None,
    )
