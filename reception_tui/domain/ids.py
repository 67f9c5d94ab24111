"""Record ids and the case number a person can read out on the phone.

A case number looks like ``XH01-20261129-007-2-63``: site code, reception date, the visitor's queue
number, the issue's number for that visitor, and two check digits (ISO 7064 MOD 97-10, as in IBAN),
which catch every single mistyped character and every swap of two neighbours. A site that runs a
second desk on a busy day names it by a letter, which stands in place of the hyphen before the
queue number (``XH01-20261129B007-2-41``), so two desks never give out the same number; numbers
without a desk letter keep their meaning.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from reception_tui.domain.errors import FieldError
from reception_tui.domain.text import normalise_digits

if TYPE_CHECKING:
    from reception_tui.domain.models import ReceptionSession, Visitor

_CASE_NUMBER = re.compile(r"([A-Z0-9]{1,12})-(\d{8})(?:-|-?([A-Z])-?)(\d{3,4})-(\d{1,2})-(\d{2})")
_DESK = re.compile(r"[A-Z]?")
_REF = re.compile(r"([A-Z0-9]{1,12})-(\d{6})(?:-|-?([A-Z])-?)(\d{3,4})")


def new_id() -> str:
    """A random UUID (version 4) as text."""
    return str(uuid.uuid4())


def _digits_for(text: str) -> str:
    return "".join(str(int(char, 36)) for char in text)


def check_digits(body: str) -> str:
    """Two MOD 97-10 check digits for the alphanumeric ``body`` (separators ignored)."""
    compact = body.replace("-", "").upper()
    remainder = int(_digits_for(compact) + "00") % 97
    return f"{98 - remainder:02d}"


def is_valid_check(body: str, check: str) -> bool:
    """True when ``check`` is the MOD 97-10 check for ``body``."""
    compact = body.replace("-", "").upper()
    return int(_digits_for(compact) + check) % 97 == 1


@dataclass(frozen=True, order=True)
class CaseNumber:
    """The parts of a case number; ``str()`` gives the printed form with its check digits."""

    site_code: str
    day: date
    queue_number: int
    issue_number: int
    desk: str = ""
    """The desk's letter (``B``) when the site runs more than one desk that day; empty for one desk."""

    @property
    def body(self) -> str:
        """The number without its check digits."""
        return f"{self.site_code}-{self.day:%Y%m%d}{self.desk or '-'}{self.queue_number:03d}-{self.issue_number}"

    @property
    def check(self) -> str:
        """The two check digits."""
        return check_digits(self.body)

    def __str__(self) -> str:
        return f"{self.body}-{self.check}"

    @classmethod
    def parse(cls, raw: str, field: str = "case_number") -> CaseNumber:
        """Read a typed or scanned case number; a wrong check is refused so typos are caught."""
        text = normalise_digits(raw).strip().upper().replace(" ", "")
        match = _CASE_NUMBER.fullmatch(text)
        if match is None:
            raise FieldError(field, "field.case_number.format")
        site, day_text, desk, queue, issue, check = match.groups()
        body = f"{site}-{day_text}{desk or '-'}{queue}-{issue}"
        if not is_valid_check(body, check):
            raise FieldError(field, "field.case_number.check")
        try:
            day = date(int(day_text[:4]), int(day_text[4:6]), int(day_text[6:]))
        except ValueError:
            raise FieldError(field, "field.case_number.format") from None
        return cls(site, day, int(queue), int(issue), desk or "")


def is_desk_letter(text: str) -> bool:
    """True for a desk name: one capital letter A–Z, or empty (the site's only desk)."""
    return _DESK.fullmatch(text) is not None


class PayloadError(ValueError):
    """Scanned text that is not a receipt payload of this system."""


@dataclass(frozen=True, order=True)
class ReceiptRef:
    """Which receipt: the visitor with ``queue_number`` at the session of ``site_code`` on ``day`` (at ``desk``)."""

    site_code: str
    day: date
    queue_number: int
    desk: str = ""
    """The desk's letter when the site ran more than one desk that day; empty for one desk."""

    def __str__(self) -> str:
        return f"{self.site_code}-{self.day:%y%m%d}{self.desk or '-'}{self.queue_number:03d}"

    @classmethod
    def parse(cls, text: str) -> ReceiptRef:
        """Read a reference; :class:`PayloadError` when it is not one."""
        match = _REF.fullmatch(text.upper())
        if match is None:
            raise PayloadError("ref")
        site, day_text, desk, queue = match.groups()
        try:
            day = date(2000 + int(day_text[:2]), int(day_text[2:4]), int(day_text[4:]))
        except ValueError:
            raise PayloadError("ref") from None
        return cls(site, day, int(queue), desk or "")


def receipt_ref(session: ReceptionSession, visitor: Visitor) -> ReceiptRef:
    """The reference of a visitor's receipt (the common start of their case numbers)."""
    return ReceiptRef(session.site_code, session.day, visitor.queue_number, session.desk)
