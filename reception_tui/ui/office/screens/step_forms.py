"""The dialog of one follow-up step (交办, 答复, 测评, …): its fields, and its save against the case's revision.

The save runs ``store.apply`` in a thread worker; the outcome comes back as a message. A refusal of the
rules shows under its fields; a save over a newer revision (:class:`StoreConflict`) keeps the dialog open
with everything typed, names the steps the other clerk saved and the case's new state, and lets the clerk
save again when the step is still allowed. Only a saved step closes the dialog.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Select, SelectionList, Static

from reception_tui.domain.errors import DomainError, FieldError, ValidationFailed
from reception_tui.domain.followup import (
    CaseState,
    FeedbackChannel,
    Limit,
    Outcome,
    Satisfaction,
    Step,
    StepKind,
    next_steps,
)
from reception_tui.i18n import describe, t
from reception_tui.office.model import Case, Document, StoreConflict, TimelineEntry
from reception_tui.office.store import unit_limits
from reception_tui.office.words import (
    channel_label,
    error_text,
    limit_label,
    outcome_label,
    satisfaction_label,
    state_label,
    step_label,
)
from reception_tui.ui.office.screens.office_form import OfficeForm
from reception_tui.ui.office.services import OfficeServices
from reception_tui.ui.shared.screens.form_base import field_row, options
from reception_tui.ui.shared.text import literal

FIELDS: dict[StepKind, tuple[str, ...]] = {
    StepKind.TRANSFER: ("unit", "slip_number", "on", "due"),
    StepKind.RETURN: ("on", "reason"),
    StepKind.EXTEND: ("on", "due", "reason"),
    StepKind.REPLY: ("on", "outcome", "summary", "document"),
    StepKind.COPY: ("on", "deputies"),
    StepKind.INFORM: ("on", "deputy", "channel"),
    StepKind.SURVEY: ("on", "satisfaction", "note"),
    StepKind.REHANDLE: ("on", "unit", "reason", "due"),
    StepKind.CLOSE: ("on", "note"),
    StepKind.REOPEN: ("on", "reason"),
}
"""The fields of each step's dialog, in order (the names are the step data's keys)."""


def reopen_target(timeline: list[TimelineEntry]) -> CaseState | None:
    """The state a reopened case goes back to: the state before its last closing step."""
    for entry in reversed(timeline):
        if entry.step.kind is StepKind.CLOSE:
            return entry.state_before
    return None


def paren(text: str, inner: str) -> str:
    """``text（inner）`` in Chinese, ``text (inner)`` in English."""
    return t("case.paren", text=text, inner=inner).strip()


def step_words(services: OfficeServices, data: Mapping[str, Any]) -> list[str]:
    """A step's data in words: unit names, outcome and satisfaction labels, deputies, reasons and notes."""
    words: list[str] = []
    labels = {k.value: v for k, v in services.settings.outcome_labels.items()}
    for key in ("unit", "slip_number", "due", "outcome", "summary", "deputies", "deputy", "channel",
                "satisfaction", "reason", "note", "back_to"):  # fmt: skip
        value = data.get(key)
        if not value:
            continue
        if key == "unit":
            value = services.unit_name(str(value))
        elif key == "outcome":
            value = f"{value} {outcome_label(Outcome(value), labels)}" if value in set(Outcome) else value
        elif key == "deputies":
            value = t("case.list_sep").join(str(v) for v in value)
        elif key == "channel":
            value = channel_label(FeedbackChannel(value)) if value in set(FeedbackChannel) else value
        elif key == "satisfaction":
            value = satisfaction_label(Satisfaction(value)) if value in set(Satisfaction) else value
        elif key == "back_to":
            value = (
                state_label(CaseState(value), labels=services.settings.state_labels)
                if value in set(CaseState)
                else value
            )
        words.append(t(f"case.data.{key}", value=value))
    if data.get("document_sha256"):
        sha = str(data["document_sha256"])[:12]
        words.append(t("case.data.document", name=data.get("document_name", ""), sha=sha))
    return words


def conflict_lines(services: OfficeServices, error: StoreConflict) -> list[str]:
    """What the other clerk saved, one line per step, and the case's state now."""
    lines = [t("case.form.conflict")]
    for entry in error.since:
        lines.append(
            t(
                "case.form.conflict_line",
                at=entry.step.at.strftime("%Y-%m-%d %H:%M"),
                clerk=entry.step.clerk,
                step=step_label(entry.step.kind),
                before=state_label(entry.state_before, labels=services.settings.state_labels),
                after=state_label(entry.state_after, labels=services.settings.state_labels),
            )
        )
        words = step_words(services, entry.step.data)
        if words:
            lines.append("  " + "；".join(words))
    return lines


@dataclass
class _Outcome:
    case: Case | None = None
    errors: list[FieldError] | None = None
    refusal: str = ""
    conflict: StoreConflict | None = None


class StepForm(OfficeForm[Case]):
    """One step's dialog; dismisses with the case as saved (None when cancelled)."""

    class Done(Message):
        """The save worker's outcome (posted from the worker thread)."""

        def __init__(self, outcome: _Outcome) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(self, services: OfficeServices, case: Case, timeline: list[TimelineEntry], kind: StepKind) -> None:
        super().__init__(t("case.form.title", step=step_label(kind), case_number=case.desk.case_number))
        self.services = services
        self.case = case
        self.kind = kind
        self.back_to = reopen_target(timeline) if kind is StepKind.REOPEN else None
        self.document: Document | None = None

    # -- fields ----------------------------------------------------------------------------------

    def compose_fields(self) -> ComposeResult:
        yield Static("", id="conflict", classes="conflict")
        if self.back_to is not None:
            yield Static(
                literal(
                    t(
                        "case.pair",
                        label=t("case.form.back_to"),
                        value=state_label(self.back_to, labels=self.services.settings.state_labels),
                    )
                ),
                classes="notice",
            )
        for name in FIELDS[self.kind]:
            yield self._row(name)

    def on_mount(self) -> None:
        self.query_one("#conflict", Static).display = False
        super().on_mount()

    def _row(self, name: str) -> Any:
        services, case = self.services, self.case
        today = services.today().isoformat()
        if name == "unit":
            limit_of = unit_limits(services.config)
            targets = [(_unit_choice(target.name, limit_of(target.code)), target.code)
                       for target in services.config.transfer_targets]  # fmt: skip
            codes = [code for _, code in targets]
            default = case.followup.unit or case.desk.desk_target
            chosen: Any = default if default in codes else Select.NULL
            widget: Any = Select(options(targets), prompt=t("case.form.choose"), value=chosen)
            return field_row(name, t("case.form.unit"), widget)
        if name == "on":
            return field_row(name, t("case.form.on"), Input(today, placeholder="YYYY-MM-DD"))
        if name == "due":
            hint = "" if self.kind is StepKind.EXTEND else t("case.form.due_hint")
            return field_row(name, t("case.form.due"), Input("", placeholder="YYYY-MM-DD"), hint=hint)
        if name == "outcome":
            labels = {k.value: v for k, v in services.settings.outcome_labels.items()}
            pairs = [(f"{o.value} {outcome_label(o, labels)}", o.value) for o in Outcome]
            return field_row(name, t("case.form.outcome"), Select(options(pairs), prompt=t("case.form.choose")))
        if name == "satisfaction":
            pairs = [(satisfaction_label(s), s.value) for s in Satisfaction]
            return field_row(name, t("case.form.satisfaction"), Select(options(pairs), prompt=t("case.form.choose")))
        if name == "channel":
            pairs = [(channel_label(c), c.value) for c in FeedbackChannel]
            return field_row(name, t("case.form.channel"), Select(options(pairs), prompt=t("case.form.choose")))
        if name == "deputy":
            names = _deputy_names(services, case)
            deputy: Any = case.desk.receiving_deputy if case.desk.receiving_deputy in names else Select.NULL
            widget = Select(options([(n, n) for n in names]), prompt=t("case.form.choose"), value=deputy)
            return field_row(name, t("case.form.deputy"), widget)
        if name == "deputies":
            chosen = {case.desk.receiving_deputy, *case.desk.deputies_on_duty}
            names = _deputy_names(services, case)
            selections = [(literal(n), n, n in chosen) for n in names]
            return field_row(name, t("case.form.deputies"), SelectionList[str](*selections))
        if name == "document":
            return field_row(name, t("case.form.document"), Input(""), hint=t("case.form.document_hint"))
        labels = {"slip_number": "case.form.slip_number", "reason": "case.form.reason",
                  "summary": "case.form.summary", "note": "case.form.note"}  # fmt: skip
        return field_row(name, t(labels[name]), Input(""))

    def step_data(self) -> dict[str, Any]:
        """The step's data from the fields (empty optional fields left out)."""
        data: dict[str, Any] = {}
        for name in FIELDS[self.kind]:
            if name == "document":
                continue
            value = self.value(name)
            if name == "due" and not value and self.kind is not StepKind.EXTEND:
                continue
            if name == "note" and not value:
                value = ""
            data[name] = value
        if self.back_to is not None:
            data["back_to"] = self.back_to.value
        return data

    # -- saving ----------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.saving:
            return
        if self.kind not in next_steps(self.case.followup, self.services.settings.followup):
            self.message(
                t(
                    "case.form.conflict_not_allowed",
                    state=state_label(self.case.state, labels=self.services.settings.state_labels),
                )
            )
            return
        self.clear_errors()
        data = self.step_data()
        document = self.value("document") if self.has_field("document") else ""
        self.saving = True
        self.message(t("case.form.saving"), error=False)
        case_id, revision = self.case.case_id, self.case.revision
        step = Step(self.kind, self.services.clerk, self.services.now(), data)
        self.run_worker(lambda: self._save(case_id, revision, step, document), thread=True, exit_on_error=False)

    def _save(self, case_id: str, revision: int, step: Step, document: str) -> None:
        """In the worker thread: read the document, apply the step, keep the document. Posts the outcome."""
        store = self.services.store
        outcome = _Outcome()
        content: bytes | None = None
        try:
            if document:
                try:
                    content = Path(document).expanduser().read_bytes()
                except OSError as error:
                    reason = describe(error)
                    outcome.errors = [FieldError("document", "case.form.document_unreadable", message=reason)]
                    self.post_message(self.Done(outcome))
                    return
                data = dict(step.data)
                data["document_sha256"] = hashlib.sha256(content).hexdigest()
                data["document_name"] = Path(document).name
                step = Step(step.kind, step.clerk, step.at, data)
            outcome.case = store.apply(case_id, step, revision=revision)
            if content is not None:
                try:
                    store.add_document(case_id, Path(document).name, content, clerk=step.clerk)
                except OSError as error:
                    outcome.refusal = t("case.form.document_failed", message=describe(error))
        except ValidationFailed as failed:
            outcome.errors = list(failed.errors)
        except StoreConflict as conflict:
            outcome.conflict = conflict
        except DomainError as error:
            outcome.refusal = t("case.form.not_now", message=error_text(error))
        self.post_message(self.Done(outcome))

    def on_step_form_done(self, event: StepForm.Done) -> None:
        self.saving = False
        outcome = event.outcome
        if outcome.conflict is not None:
            self._show_conflict(outcome.conflict)
            return
        if outcome.errors:
            self.message("")
            self.show_errors(outcome.errors)
            return
        if outcome.case is not None and not outcome.refusal:
            self.dismiss(outcome.case)
            return
        if outcome.case is not None:  # saved, but the document was not kept: say so and close
            self.app.notify(outcome.refusal, severity="error", markup=False)
            self.dismiss(outcome.case)
            return
        self.message(outcome.refusal)

    def _show_conflict(self, conflict: StoreConflict) -> None:
        """Keep everything typed; say what the other clerk saved; save again against the new revision."""
        self.case = conflict.current
        lines = conflict_lines(self.services, conflict)
        allowed = self.kind in next_steps(conflict.current.followup, self.services.settings.followup)
        key = "case.form.conflict_state" if allowed else "case.form.conflict_not_allowed"
        labels = self.services.settings.state_labels
        lines.append(t(key, state=state_label(conflict.current.state, labels=labels)))
        panel = self.query_one("#conflict", Static)
        panel.update(literal("\n".join(lines)))
        panel.display = True
        panel.scroll_visible()
        self.message("")


def _unit_choice(name: str, limit: Limit | None) -> str:
    """A unit in the list with its reply limit: 北山街道办事处（15 个工作日）."""
    return paren(name, limit_label(limit)) if limit is not None else name


def _deputy_names(services: OfficeServices, case: Case) -> list[str]:
    """The config's deputies, and the case's own deputies when the config no longer lists them."""
    names = [deputy.name for deputy in services.config.deputies]
    for name in (case.desk.receiving_deputy, *case.desk.deputies_on_duty):
        if name and name not in names:
            names.append(name)
    return names
