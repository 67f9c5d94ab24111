"""The visitor form: who came, how to reach them, and what they agreed to.

Whether the phone was seen before is read from up to six earlier sessions: that runs in a thread worker
while the officer types on, and the hint arrives as a message (only for the number still in the field).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Select, Static

from reception_tui.domain.errors import FieldError
from reception_tui.domain.intake import VisitorInput, check_visitor
from reception_tui.domain.models import Visitor, VisitorKind
from reception_tui.domain.site import FieldMode, SiteConfig
from reception_tui.domain.validation import normalise_phone
from reception_tui.i18n import t
from reception_tui.services.clock import site_today
from reception_tui.services.desk import Saved
from reception_tui.services.drafts import DraftStore
from reception_tui.ui.shared.screens.form_base import FormScreen, field_row, options
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.ticks import TickBox


def visitor_values(visitor: Visitor) -> dict[str, Any]:
    """A stored visitor as form values (for editing)."""
    return {
        "name": visitor.name,
        "anonymous": visitor.anonymous,
        "phone": visitor.phone,
        "address": visitor.address,
        "district": visitor.district,
        "unit": visitor.kind is VisitorKind.UNIT,
        "unit_name": visitor.unit_name,
        "co_visitors": str(visitor.co_visitors),
        "id_number": visitor.id_number,
        "confidential": visitor.confidential,
        "consent": visitor.consent,
    }


def visitor_input(values: dict[str, Any]) -> VisitorInput:
    """Form values as the domain's input record."""
    return VisitorInput(
        name=str(values.get("name", "")),
        anonymous=bool(values.get("anonymous", False)),
        phone=str(values.get("phone", "")),
        address=str(values.get("address", "")),
        district=str(values.get("district", "")),
        kind=VisitorKind.UNIT if values.get("unit") else VisitorKind.INDIVIDUAL,
        unit_name=str(values.get("unit_name", "")),
        co_visitors=str(values.get("co_visitors", "0")),
        id_number=str(values.get("id_number", "")),
        confidential=bool(values.get("confidential", False)),
        consent=bool(values.get("consent", False)),
    )


class PhoneChecked(Message):
    """The answer of the phone-seen check for ``phone`` (the normalised number)."""

    def __init__(self, phone: str, seen: bool, earlier: str = "") -> None:
        super().__init__()
        self.phone = phone
        self.seen = seen
        self.earlier = earlier
        """The visitor's earlier cases with the office's state of each ("" when none or not asked)."""


class VisitorForm(FormScreen[Saved]):
    """Register a visitor or correct one; dismisses with the :class:`Saved` result."""

    FORM_NAME = "visitor"

    def __init__(
        self,
        config: SiteConfig,
        *,
        save: Callable[[VisitorInput], Saved],
        phone_seen: Callable[[str], bool],
        earlier_cases: Callable[[str], str] | None = None,
        visitor: Visitor | None = None,
        drafts: DraftStore | None = None,
        restore: dict[str, Any] | None = None,
        queue_number: int | None = None,
        day: date | None = None,
    ) -> None:
        number = visitor.queue_number if visitor else queue_number
        title = t("desk.visitor.title_edit" if visitor else "desk.visitor.title_new", number=number or "")
        super().__init__(
            title=title,
            save=lambda values: save(visitor_input(values)),
            drafts=drafts,
            visitor_id=visitor.id if visitor else "",
            record_id=visitor.id if visitor else "",
            restore=restore,
            check=lambda values: check_visitor(visitor_input(values), config, day or site_today(config.timezone)),
        )
        self.config = config
        self.visitor = visitor
        self._phone_seen = phone_seen
        self._earlier_cases = earlier_cases
        self._last_phone_checked = ""

    def compose_fields(self) -> ComposeResult:
        """Name, phone, address, district, unit, co-visitors, ID (if on), confidentiality, consent."""
        values = visitor_values(self.visitor) if self.visitor else {}
        config = self.config
        yield field_row("name", t("desk.visitor.name"), Input(values.get("name", ""), max_length=200))
        yield field_row(
            "anonymous",
            "",
            TickBox(t("desk.visitor.anonymous"), values.get("anonymous", False)),
            hint="",
        )
        if config.field_mode("phone") is not FieldMode.OFF:
            yield field_row(
                "phone",
                self._label("desk.visitor.phone", "phone"),
                Input(
                    values.get("phone", ""), placeholder=t("desk.visitor.phone_placeholder"), max_length=40
                ),
                hint="",
            )
        if config.field_mode("address") is not FieldMode.OFF:
            yield field_row(
                "address",
                self._label("desk.visitor.address", "address"),
                Input(values.get("address", ""), max_length=200),
            )
        districts = options([(d.name, d.name) for d in config.districts])
        district = values.get("district", "")
        yield field_row(
            "district",
            self._label("desk.visitor.district", "district"),
            Select(
                districts,
                prompt=t("desk.choose"),
                value=district if district in {d.name for d in config.districts} else Select.NULL,
            ),
        )
        yield field_row("unit", "", TickBox(t("desk.visitor.unit"), values.get("unit", False)))
        yield field_row(
            "unit_name", t("desk.visitor.unit_name"), Input(values.get("unit_name", ""), max_length=200)
        )
        yield field_row(
            "co_visitors",
            t("desk.visitor.co_visitors"),
            Input(values.get("co_visitors", ""), placeholder="0", max_length=6),
        )
        if config.field_mode("id_number") is not FieldMode.OFF:
            yield field_row(
                "id_number",
                self._label("desk.visitor.id_number", "id_number"),
                Input(values.get("id_number", ""), max_length=30),
                hint=t("desk.visitor.id_hint"),
            )
        yield field_row(
            "confidential", "", TickBox(t("desk.visitor.confidential"), values.get("confidential", False))
        )
        yield Static(literal(t("desk.visitor.consent_text")), classes="consent-text")
        yield field_row("consent", "", TickBox(t("desk.visitor.consent"), values.get("consent", False)))

    def _label(self, key: str, field: str) -> str:
        required = self.config.field_mode(field) is FieldMode.REQUIRED
        return t(key) + (" *" if required else "")

    def after_values_set(self) -> None:
        """Show the unit name only for a unit; warn about anonymity; point out a phone seen before."""
        values = self.raw_values()
        self.query_one("#row-unit_name").display = bool(values.get("unit"))
        anonymous = bool(values.get("anonymous"))
        self.query_one("#f-name", Input).disabled = anonymous
        self.show_hint("anonymous", t("warn.anonymous_no_feedback") if anonymous else "")
        phone = str(values.get("phone", ""))
        if phone != self._last_phone_checked:
            self._last_phone_checked = phone
            self.show_hint("phone", "")
            number = self._number_to_check(phone)
            if number:
                self._check_phone(number)

    def _number_to_check(self, raw: str) -> str:
        """The normalised number to look up; empty when there is nothing to check (blank, not yet a
        number, or the visitor's own number unchanged)."""
        if not raw.strip():
            return ""
        try:
            phone = normalise_phone(raw)
        except FieldError:
            return ""
        if self.visitor is not None and phone == self.visitor.phone:
            return ""
        return phone

    @work(thread=True, exclusive=True, group="phone-seen")
    def _check_phone(self, phone: str) -> None:
        """In a thread: look the number up here and in recent sessions, and the earlier cases' state from
        the office's status file; the answer comes back as a message."""
        seen = self._phone_seen(phone)
        earlier = ""
        if seen and self._earlier_cases is not None:
            try:
                earlier = self._earlier_cases(phone)
            except Exception:  # the office's status is a courtesy: it never stops registration
                earlier = ""
        self.post_message(PhoneChecked(phone, seen, earlier))

    def on_phone_checked(self, message: PhoneChecked) -> None:
        """Point out a phone seen before, if the field still holds that number."""
        if self._number_to_check(self._last_phone_checked) == message.phone:
            hint = t("warn.phone_seen_before") if message.seen else ""
            if message.seen and message.earlier:
                hint = f"{hint}\n{message.earlier}"
            self.show_hint("phone", hint)
