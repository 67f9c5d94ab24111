"""The disposition form: how an issue is handled, with the details each of the four kinds needs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static, TextArea

from reception_tui.domain.dispositions import DispositionInput, check_disposition
from reception_tui.domain.models import (
    DeputySuggestion,
    DispositionKind,
    ExplainedOnSpot,
    Issue,
    Redirected,
    Transfer,
)
from reception_tui.domain.site import SiteConfig
from reception_tui.i18n import t
from reception_tui.services.desk import Saved
from reception_tui.services.drafts import DraftStore
from reception_tui.ui.shared.screens.form_base import FormScreen, field_row, options
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.ticks import TickBox


def disposition_values(issue: Issue) -> dict[str, Any]:
    """A stored disposition as form values."""
    d = issue.disposition
    if isinstance(d, ExplainedOnSpot):
        return {"kind": d.kind.value, "explanation": d.explanation, "explained_by": d.explained_by}
    if isinstance(d, Transfer):
        return {"kind": d.kind.value, "target_code": d.target_code, "transfer_note": d.note}
    if isinstance(d, DeputySuggestion):
        return {"kind": d.kind.value, "deputy": d.deputy, "motion": d.motion, "suggestion_note": d.note}
    if isinstance(d, Redirected):
        return {"kind": d.kind.value, "channel": d.channel, "directed_to": d.directed_to}
    return {}


def disposition_input(values: dict[str, Any]) -> DispositionInput:
    """Form values as the domain's input record (only the chosen kind's fields count)."""
    kind = DispositionKind(str(values.get("kind") or DispositionKind.EXPLAINED.value))
    note = values.get("transfer_note" if kind is DispositionKind.TRANSFER else "suggestion_note", "")
    return DispositionInput(
        kind,
        explanation=str(values.get("explanation", "")),
        explained_by=str(values.get("explained_by", "")),
        target_code=str(values.get("target_code", "")),
        deputy=str(values.get("deputy", "")),
        motion=bool(values.get("motion", False)),
        channel=str(values.get("channel", "")),
        directed_to=str(values.get("directed_to", "")),
        note=str(note),
    )


class DispositionForm(FormScreen[Saved]):
    """Set or change an issue's disposition."""

    FORM_NAME = "disposition"

    def __init__(
        self,
        config: SiteConfig,
        *,
        issue: Issue,
        people: list[str],
        deputies: list[str],
        save: Callable[[DispositionInput], Saved],
        expected_reply: Callable[[str], date | None],
        kind: str = "",
        drafts: DraftStore | None = None,
        restore: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            title=t("desk.disposition.title", case=issue.case_number),
            save=lambda values: save(disposition_input(values)),
            drafts=drafts,
            visitor_id=issue.visitor_id,
            record_id=issue.id,
            restore=restore,
            extra={"kind": kind},
            check=lambda values: check_disposition(disposition_input(values), config),
        )
        self.config = config
        self.issue = issue
        self.people = people
        self.deputies = deputies
        self.expected_reply = expected_reply
        self.start_kind = kind

    def compose_fields(self) -> ComposeResult:
        """The kind, then one group of details per kind (only the chosen one is shown)."""
        values = disposition_values(self.issue)
        if self.start_kind:
            values["kind"] = self.start_kind
        kinds = [(t(f"desk.kind.{kind.value}"), kind.value) for kind in DispositionKind]
        yield field_row(
            "kind",
            t("desk.disposition.kind"),
            Select(
                options(kinds), allow_blank=False, value=values.get("kind") or DispositionKind.EXPLAINED.value
            ),
        )

        def select(name: str, pairs: list[tuple[str, str]]) -> Select[str]:
            current = values.get(name, "")
            known = {value for _, value in pairs}
            return Select(
                options(pairs), prompt=t("desk.choose"), value=current if current in known else Select.NULL
            )

        with Vertical(id="group-explained", classes="kind-group"):
            yield field_row(
                "explanation",
                t("desk.disposition.explanation") + " *",
                TextArea(values.get("explanation", ""), soft_wrap=True, classes="long-text"),
            )
            yield field_row(
                "explained_by",
                t("desk.disposition.explained_by") + " *",
                select("explained_by", [(p, p) for p in self.people]),
            )
        with Vertical(id="group-transfer", classes="kind-group"):
            targets = [
                (self._target_label(target.code), target.code) for target in self.config.transfer_targets
            ]
            yield field_row(
                "target_code", t("desk.disposition.target") + " *", select("target_code", targets), hint=""
            )
            yield Static("", id="expected-reply", classes="hint")
            yield field_row(
                "transfer_note",
                t("desk.disposition.note"),
                Input(values.get("transfer_note", ""), max_length=500),
            )
        with Vertical(id="group-suggestion", classes="kind-group"):
            yield field_row(
                "deputy",
                t("desk.disposition.deputy") + " *",
                select("deputy", [(d, d) for d in self.deputies]),
            )
            yield field_row("motion", "", TickBox(t("desk.disposition.motion"), values.get("motion", False)))
            yield field_row(
                "suggestion_note",
                t("desk.disposition.note"),
                Input(values.get("suggestion_note", ""), max_length=500),
            )
        with Vertical(id="group-redirected", classes="kind-group"):
            channels = list(self.config.redirect_channels)
            yield field_row(
                "channel", t("desk.disposition.channel") + " *", select("channel", [(c, c) for c in channels])
            )
            yield field_row(
                "directed_to",
                t("desk.disposition.directed_to") + " *",
                Input(values.get("directed_to", ""), max_length=200),
            )

    def focus_first(self) -> None:
        """With the kind already chosen (in the issue form), start at its first detail."""
        if self.start_kind:
            self.advance_from(self.query_one("#f-kind", Select))
        else:
            super().focus_first()

    def _target_label(self, code: str) -> str:
        target = self.config.target(code)
        limit = t(f"desk.limit.{target.reply_unit.value}", count=target.reply_limit)
        return t("desk.disposition.target_option", name=target.name, limit=limit)

    def after_values_set(self) -> None:
        """Show the chosen kind's details and, for a transfer, the expected reply date."""
        values = self.raw_values()
        kind = str(values.get("kind") or DispositionKind.EXPLAINED.value)
        for group in self.query(".kind-group"):
            group.display = group.id == f"group-{kind}"
        expected = self.query_one("#expected-reply", Static)
        due = self.expected_reply(str(values.get("target_code", ""))) if kind == "transfer" else None
        expected.update(literal(t("desk.disposition.expected", date=due.isoformat())) if due else "")
        expected.display = due is not None
