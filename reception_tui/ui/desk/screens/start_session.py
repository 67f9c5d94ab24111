"""Starting a reception afternoon: the day, time and place from the config, who is on duty, which desk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from reception_tui.calendar.plan import duty_for
from reception_tui.domain.errors import FieldError, ValidationFailed
from reception_tui.domain.site import SiteConfig
from reception_tui.i18n import t
from reception_tui.services.desk import check_desk
from reception_tui.storage.session_store import SessionStore
from reception_tui.ui.shared.screens.form_base import FormScreen, field_row, options
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.ticks import TickList

OpenNew = Callable[[list[str], str, str], SessionStore]
"""Creates the session from the deputies, the liaison officer and the desk letter."""


def check_start(values: dict[str, Any]) -> None:
    """At least one deputy on duty, a liaison officer, and a desk that is one letter or none."""
    errors = []
    if not values.get("deputies"):
        errors.append(FieldError("deputies", "desk.start.deputies_required"))
    if not values.get("liaison_officer"):
        errors.append(FieldError("liaison_officer", "field.required"))
    try:
        check_desk(str(values.get("desk", "")))
    except ValidationFailed as failed:
        errors.extend(failed.errors)
    if errors:
        raise ValidationFailed(errors)


class StartSessionForm(FormScreen[SessionStore]):
    """Create the session of ``day``; dismisses with its open store. ``desk`` fills the desk field
    (the laptop's last session's desk, so a second desk's laptop stays B)."""

    FORM_NAME = "start"
    SAVE_IN_WORKER = False  # the new session's lock belongs to the thread that takes it: the UI thread

    def __init__(self, config: SiteConfig, day: date, *, open_new: OpenNew, desk: str = "") -> None:
        def save(values: dict[str, Any]) -> SessionStore:
            check_start(values)
            deputies = [str(name) for name in values.get("deputies", [])]
            officer = str(values.get("liaison_officer", ""))
            return open_new(deputies, officer, check_desk(str(values.get("desk", ""))))

        super().__init__(title=t("desk.start.title", date=day.isoformat()), save=save, check=check_start)
        self.config = config
        self.day = day
        self.desk = desk

    def compose_fields(self) -> ComposeResult:
        """The fixed facts, then the deputies on duty and the liaison officer."""
        config = self.config
        weekday = t(f"desk.weekday.{self.day.weekday()}")
        yield Static(
            literal(
                t(
                    "desk.start.facts",
                    date=self.day.isoformat(),
                    weekday=weekday,
                    start=f"{config.reception.start:%H:%M}",
                    end=f"{config.reception.end:%H:%M}",
                    place=config.place,
                )
            ),
            classes="facts",
        )
        on_duty = duty_for(config, self.day)
        rota = {deputy.name for deputy in on_duty.deputies} if on_duty is not None else set()
        deputies = TickList(
            *(
                (literal(f"{d.name}（{t('desk.level.' + d.level)}）"), d.name, d.name in rota)
                for d in config.deputies
            )
        )
        yield field_row(
            "deputies", t("desk.start.deputies", count=config.reception.deputies_per_day), deputies
        )
        officers = options([(name, name) for name in config.liaison_officers])
        yield field_row(
            "liaison_officer",
            t("desk.start.liaison_officer"),
            Select(
                officers,
                allow_blank=not officers,
                value=config.liaison_officers[0] if config.liaison_officers else Select.NULL,
            ),
        )
        yield field_row("desk", t("desk.start.desk"), Input(self.desk, max_length=1), hint=t("desk.start.desk_hint"))
