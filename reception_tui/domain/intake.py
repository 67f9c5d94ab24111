"""Turning what the liaison officer typed into clean, validated record fields.

Every text passes :func:`clean_text`; phone and ID numbers are normalised; required fields follow
the site config. Problems are collected per field, so a form can show them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reception_tui.domain.errors import FieldError, ValidationFailed
from reception_tui.domain.models import VisitorKind
from reception_tui.domain.site import FieldMode, SiteConfig
from reception_tui.domain.text import clean_text, normalise_digits
from reception_tui.domain.validation import normalise_phone, parse_id_number

MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 5000
MAX_CO_VISITORS = 200


@dataclass
class VisitorInput:
    """The visitor form as typed."""

    name: str = ""
    anonymous: bool = False
    phone: str = ""
    address: str = ""
    district: str = ""
    kind: VisitorKind = VisitorKind.INDIVIDUAL
    unit_name: str = ""
    co_visitors: str = "0"
    id_number: str = ""
    confidential: bool = False
    consent: bool = False


@dataclass
class IssueInput:
    """The issue form as typed (the disposition is set separately)."""

    category: str = ""
    request_type: str = ""
    place: str = ""
    own_words: str = ""
    summary: str = ""
    receiving_deputy: str = ""
    confidential: bool = False


@dataclass
class Checked:
    """Validated field values plus warnings the desk should show but that do not block saving."""

    values: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def _short(name: str, raw: str, errors: list[FieldError]) -> str:
    text = clean_text(raw)
    if len(text) > MAX_SHORT_TEXT:
        errors.append(FieldError(name, "field.too_long", limit=MAX_SHORT_TEXT))
    return text


def _require(name: str, value: str, mode: FieldMode, errors: list[FieldError]) -> None:
    if mode is FieldMode.REQUIRED and not value:
        errors.append(FieldError(name, "field.required"))


def check_visitor(data: VisitorInput, config: SiteConfig, today: date) -> Checked:
    """Validate a visitor form; raises :class:`ValidationFailed` listing every bad field."""
    errors: list[FieldError] = []
    warnings: list[str] = []
    name = "" if data.anonymous else _short("name", data.name, errors)
    if data.anonymous:
        warnings.append("warn.anonymous_no_feedback")
    elif not name:
        errors.append(FieldError("name", "field.name_or_anonymous"))

    phone = ""
    phone_mode = config.field_mode("phone")
    if phone_mode is not FieldMode.OFF and data.phone.strip():
        try:
            phone = normalise_phone(data.phone)
        except FieldError as error:
            errors.append(error)
    elif not data.anonymous:
        _require("phone", "", phone_mode, errors)

    address = _short("address", data.address, errors) if config.field_mode("address") is not FieldMode.OFF else ""
    _require("address", address, config.field_mode("address"), errors)
    district = _short("district", data.district, errors)
    _require("district", district, config.field_mode("district"), errors)
    known = {d.name for d in config.districts}
    if district and known and district not in known:
        errors.append(FieldError("district", "field.district_unknown"))

    unit_name = _short("unit_name", data.unit_name, errors) if data.kind is VisitorKind.UNIT else ""
    if data.kind is VisitorKind.UNIT and not unit_name:
        errors.append(FieldError("unit_name", "field.unit_name_required"))

    co_text = normalise_digits(data.co_visitors).strip() or "0"
    co_visitors = 0
    if not co_text.isascii() or not co_text.isdigit():
        errors.append(FieldError("co_visitors", "field.not_a_number"))
    else:
        co_visitors = int(co_text)
        if co_visitors > MAX_CO_VISITORS:
            errors.append(FieldError("co_visitors", "field.too_large", limit=MAX_CO_VISITORS))

    id_number = ""
    needs_guardian = False
    id_mode = config.field_mode("id_number")
    if id_mode is not FieldMode.OFF and data.id_number.strip():
        try:
            parsed = parse_id_number(data.id_number, today=today)
        except FieldError as error:
            errors.append(error)
        else:
            id_number = parsed.value
            needs_guardian = parsed.needs_guardian(today)
            if needs_guardian:
                warnings.append("warn.under_14_guardian")
    elif id_mode is FieldMode.REQUIRED:
        errors.append(FieldError("id_number", "field.required"))

    if config.field_mode("consent") is FieldMode.REQUIRED and not data.consent:
        errors.append(FieldError("consent", "field.consent_required"))

    if errors:
        raise ValidationFailed(errors)
    return Checked(
        values={
            "name": name,
            "phone": phone,
            "address": address,
            "district": district,
            "kind": data.kind,
            "unit_name": unit_name,
            "co_visitors": co_visitors,
            "id_number": id_number,
            "needs_guardian": needs_guardian,
            "confidential": data.confidential,
            "consent": data.consent,
        },
        warnings=warnings,
    )


def check_issue(data: IssueInput, config: SiteConfig) -> Checked:
    """Validate an issue form; raises :class:`ValidationFailed` listing every bad field."""
    errors: list[FieldError] = []
    category = clean_text(data.category)
    if not category:
        errors.append(FieldError("category", "field.required"))
    elif category not in config.categories:
        errors.append(FieldError("category", "field.choice_unknown"))
    request_type = clean_text(data.request_type)
    if not request_type:
        errors.append(FieldError("request_type", "field.required"))
    elif request_type not in config.request_types:
        errors.append(FieldError("request_type", "field.choice_unknown"))
    place = _short("place", data.place, errors)
    own_words = clean_text(data.own_words, multiline=True)
    summary = clean_text(data.summary, multiline=True)
    for name, value in (("own_words", own_words), ("summary", summary)):
        if len(value) > MAX_LONG_TEXT:
            errors.append(FieldError(name, "field.too_long", limit=MAX_LONG_TEXT))
    if not own_words and not summary:
        errors.append(FieldError("summary", "field.words_or_summary"))
    deputy = clean_text(data.receiving_deputy)
    if deputy and deputy not in {d.name for d in config.deputies}:
        errors.append(FieldError("receiving_deputy", "field.choice_unknown"))
    if errors:
        raise ValidationFailed(errors)
    return Checked(
        values={
            "category": category,
            "request_type": request_type,
            "place": place,
            "own_words": own_words,
            "summary": summary,
            "receiving_deputy": deputy,
            "confidential": data.confidential,
        }
    )
