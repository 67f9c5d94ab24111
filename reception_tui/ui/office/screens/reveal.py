"""Showing a visitor's personal data (issue 17): which fields and why, logged by the store before any value
comes back; and the case's reveal log (who, when, which fields, why; never a value)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Select, SelectionList, Static

from reception_tui.domain.errors import DomainError, FieldError, ValidationFailed
from reception_tui.i18n import describe, t
from reception_tui.office.model import Case, Revealed, RevealEntry, RevealField
from reception_tui.office.words import error_text
from reception_tui.ui.office.screens.office_form import OfficeForm
from reception_tui.ui.office.screens.step_forms import paren
from reception_tui.ui.office.services import OfficeServices
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.screens import DIALOGS_TCSS
from reception_tui.ui.shared.screens.form_base import field_row, options
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.key_footer import KeyFooter

SCREEN_FIELDS = (RevealField.NAME, RevealField.PHONE, RevealField.ADDRESS)
OTHER_REASON = "其他"


def field_word(field: RevealField) -> str:
    return t(f"case.reveal.{field.value}") if field in SCREEN_FIELDS else field.value


class RevealForm(OfficeForm[Revealed]):
    """Which fields, which reason (其他 needs a note); the store logs, then returns the values."""

    class Done(Message):
        def __init__(self, revealed: Revealed | None, errors: list[FieldError], refusal: str) -> None:
            super().__init__()
            self.revealed, self.errors, self.refusal = revealed, errors, refusal

    def __init__(self, services: OfficeServices, case: Case) -> None:
        super().__init__(t("case.reveal.title", case_number=case.desk.case_number))
        self.services = services
        self.case = case

    def compose_fields(self) -> ComposeResult:
        yield Static(literal(t("case.reveal.logged")), classes="notice")
        choices = [(literal(field_word(f)), f.value, False) for f in SCREEN_FIELDS]
        yield field_row("fields", t("case.reveal.fields"), SelectionList[str](*choices))
        reasons = [(reason, reason) for reason in self.services.settings.reveal_reasons]
        yield field_row("reason", t("case.reveal.reason"), Select(options(reasons), prompt=t("case.form.choose")))
        yield field_row("note", t("case.reveal.note"), Input(""), hint=t("case.reveal.note_hint"))

    def action_save(self) -> None:
        if self.saving:
            return
        self.clear_errors()
        fields = [RevealField(value) for value in self.value("fields")]
        reason, note = self.value("reason"), self.value("note")
        errors: list[FieldError] = []
        if not fields:
            errors.append(FieldError("fields", "case.reveal.need_fields"))
        if not reason:
            errors.append(FieldError("reason", "followup.error.required"))
        if reason == OTHER_REASON and not note:
            errors.append(FieldError("note", "case.reveal.need_note"))
        if errors:
            self.show_errors(errors)
            return
        self.saving = True
        case_id, clerk = self.case.case_id, self.services.clerk
        self.run_worker(lambda: self._reveal(case_id, fields, clerk, reason, note), thread=True, exit_on_error=False)

    def _reveal(self, case_id: str, fields: list[RevealField], clerk: str, reason: str, note: str) -> None:
        try:
            revealed = self.services.store.reveal(case_id, fields, clerk=clerk, reason=reason, note=note)
        except ValidationFailed as failed:
            self.post_message(self.Done(None, list(failed.errors), ""))
        except DomainError as error:
            self.post_message(self.Done(None, [], error_text(error)))
        except Exception as error:  # shown on the form; nothing was revealed
            self.post_message(self.Done(None, [], describe(error)))
        else:
            self.post_message(self.Done(revealed, [], ""))

    def on_reveal_form_done(self, event: RevealForm.Done) -> None:
        self.saving = False
        if event.revealed is not None:
            self.dismiss(event.revealed)
        elif event.errors:
            self.show_errors(event.errors)
        else:
            self.message(event.refusal)


def reveal_line(entry: RevealEntry) -> str:
    purpose_key = f"case.reveal_log.purpose.{entry.purpose}"
    purpose = t(purpose_key)
    return t(
        "case.reveal_log.line",
        at=entry.at.strftime("%Y-%m-%d %H:%M"),
        clerk=entry.clerk,
        fields=t("case.list_sep").join(field_word(f) for f in entry.fields),
        reason=entry.reason,
        note=paren("", entry.note) if entry.note else "",
        purpose=entry.purpose if purpose == purpose_key else purpose,
    )


class RevealLogScreen(ModalScreen[None]):
    """This case's reveal log, read in a worker."""

    CSS_PATH = DIALOGS_TCSS
    DEFAULT_CSS = """
    RevealLogScreen .dialog { height: 1fr; }
    RevealLogScreen #log-lines { height: auto; }
    """

    ACTIONS: ClassVar[tuple[Action, ...]] = (
        Action("office_reveal_log_close", "escape,q", "close", "case.key.close_dialog", palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    class Loaded(Message):
        def __init__(self, entries: list[RevealEntry]) -> None:
            super().__init__()
            self.entries = entries

    def __init__(self, services: OfficeServices, case: Case) -> None:
        super().__init__()
        localise(self)
        self.services = services
        self.case = case

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(t("case.reveal_log.title", case_number=self.case.desk.case_number)),
                         classes="dialog-title")  # fmt: skip
            with VerticalScroll():
                yield Static(literal(t("case.loading")), id="log-lines")
        yield KeyFooter()

    def on_mount(self) -> None:
        case_id = self.case.case_id
        self.run_worker(lambda: self.post_message(self.Loaded(self.services.store.reveal_log(case_id=case_id))),
                        thread=True)  # fmt: skip

    def on_reveal_log_screen_loaded(self, event: RevealLogScreen.Loaded) -> None:
        lines = [reveal_line(entry) for entry in event.entries] or [t("case.reveal_log.empty")]
        self.query_one("#log-lines", Static).update(literal("\n".join(lines)))

    def action_close(self) -> None:
        self.dismiss(None)
