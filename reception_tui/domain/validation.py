"""Validation of phone numbers and mainland ID-card numbers (GB 11643), after full-width normalisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from reception_tui.domain.errors import FieldError
from reception_tui.domain.text import normalise_digits

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}")
_SEPARATORS = re.compile(r"[\s\-()（）.]")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
GUARDIAN_AGE = 14


def normalise_phone(raw: str, field: str = "phone") -> str:
    """Return the phone number as plain ASCII digits, or raise :class:`FieldError`.

    Accepts full-width digits, spaces, dashes and brackets, and a ``+86``/``0086`` prefix before a
    mobile number. Valid: a mainland mobile (``1[3-9]`` and 9 digits) or a landline (``0``, area
    code, 7–8 digits).
    """
    text = _SEPARATORS.sub("", normalise_digits(raw))
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    if not text:
        raise FieldError(field, "field.phone.empty")
    if not text.isascii() or not text.isdigit():
        raise FieldError(field, "field.phone.not_digits")
    if text.startswith("1"):
        if _MOBILE.fullmatch(text):
            return text
        raise FieldError(field, "field.phone.mobile_invalid", length=len(text))
    if text.startswith("0"):
        if _LANDLINE.fullmatch(text):
            return text
        raise FieldError(field, "field.phone.landline_invalid", length=len(text))
    raise FieldError(field, "field.phone.unknown_prefix")


def id_check_char(first17: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdNumber:
    """A checked 18-character resident ID number and the birth date inside it."""

    value: str
    birth_date: date

    def age_on(self, day: date) -> int:
        """Age in whole years on ``day``."""
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def needs_guardian(self, day: date) -> bool:
        """Visitors under 14 need a guardian present."""
        return self.age_on(day) < GUARDIAN_AGE


def parse_id_number(raw: str, field: str = "id_number", *, today: date | None = None) -> IdNumber:
    """Check an ID-card number: 18 characters, a real birth date, the right check character."""
    text = _SEPARATORS.sub("", normalise_digits(raw)).upper()
    if len(text) != 18:
        raise FieldError(field, "field.id.length", length=len(text))
    first17, check = text[:17], text[17]
    if not (first17.isascii() and first17.isdigit()) or check not in "0123456789X":
        raise FieldError(field, "field.id.characters")
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise FieldError(field, "field.id.birth_date") from None
    if birth.year < 1900 or (today is not None and birth > today):
        raise FieldError(field, "field.id.birth_date")
    if id_check_char(first17) != check:
        raise FieldError(field, "field.id.check_char")
    return IdNumber(text, birth)
