"""The shared behaviour of the desk's forms: inline errors, Enter moves on, drafts, asking before discarding.

A form is a :class:`ModalScreen` that saves through a callback given by the desk (the service layer)
and dismisses with what was saved. While it is being typed, its raw values are written to the
session's draft file half a second after the last change, so a crash or power cut loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets._select import SelectOverlay
from textual.worker import Worker, WorkerState

from reception_tui.domain.errors import DomainError, ValidationFailed
from reception_tui.i18n import describe, t
from reception_tui.services.drafts import Draft, DraftStore
from reception_tui.storage.errors import StoreError
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.screens import DIALOGS_TCSS
from reception_tui.ui.shared.screens.confirm import ConfirmScreen
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.key_footer import KeyFooter

T = TypeVar("T")

DRAFT_DELAY = 0.5
"""Seconds after the last change before the draft is written."""

INPUT_CLASS = "form-input"
SAVE_GROUP = "form-save"
FINAL_STATES = frozenset({WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED})


def field_row(name: str, label: str, widget: Widget, hint: str | None = None) -> Vertical:
    """One line per field: label on the left, the compact widget, then its hint and error lines when set."""
    widget.id = f"f-{name}"
    widget.add_class(INPUT_CLASS)
    if hasattr(widget, "compact") and not isinstance(widget, SelectionList):
        widget.compact = True
    line = Horizontal(Label(literal(label), classes="field-label"), widget, classes="field-line")
    parts: list[Widget] = [line]
    if hint is not None:
        parts.append(Static(literal(hint), id=f"h-{name}", classes="hint"))
        parts[-1].display = bool(hint)
    error = Static("", id=f"e-{name}", classes="error")
    error.display = False
    parts.append(error)
    return Vertical(*parts, id=f"row-{name}", classes="field")


def options(pairs: list[tuple[str, str]]) -> list[tuple[Any, str]]:
    """Select options from (label, value) pairs; labels shown literally (they may come from config)."""
    return [(literal(label), value) for label, value in pairs]


class FormScreen(ModalScreen[T | None], Generic[T]):
    """A desk form; subclasses give ``FORM_NAME``, :meth:`compose_fields` and :meth:`submit`."""

    CSS_PATH = DIALOGS_TCSS

    FORM_NAME: ClassVar[str] = ""
    SAVE_IN_WORKER: ClassVar[bool] = True
    """Commit in a thread worker; off for saves that take a lock owned by the UI thread afterwards."""
    ACTIONS: ClassVar[tuple[Action, ...]] = (
        Action("form_save", "ctrl+s", "save", "desk.key.save", priority=True, palette=False),
        Action("form_cancel", "escape", "cancel", "desk.key.cancel", palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(
        self,
        *,
        title: str,
        save: Callable[[Any], T],
        drafts: DraftStore | None = None,
        visitor_id: str = "",
        record_id: str = "",
        restore: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
        check: Callable[[dict[str, Any]], object] | None = None,
    ) -> None:
        super().__init__()
        localise(self)
        self.title_text = title
        self._save = save
        self.drafts = drafts
        self.visitor_id = visitor_id
        self.record_id = record_id
        self.extra = dict(extra or {})
        self._restore = restore
        self._initial: dict[str, Any] = {}
        self._draft_timer: Timer | None = None
        self._finished = False
        self._saving = False
        self._frozen: TextArea | None = None
        self._check = check
        self._shown_choice: dict[Select[Any], object] = {}

    # -- building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Title, the scrolling fields, a message line, buttons, footer."""
        with Vertical(classes="dialog form"):
            yield Static(literal(self.title_text), classes="dialog-title")
            with VerticalScroll(classes="form-body"):
                yield from self.compose_fields()
            yield Static("", id="form-message", classes="form-message")
            with Horizontal(classes="buttons"):
                yield Button(literal(t("desk.button.save")), id="save", variant="success")
                yield Button(literal(t("desk.button.cancel")), id="cancel")
        yield KeyFooter()

    def compose_fields(self) -> ComposeResult:
        """The form's fields (each through :func:`field_row`)."""
        yield from ()

    def on_mount(self) -> None:
        """Remember the starting values, put back a restored draft, focus the first field."""
        self._initial = self.raw_values()
        if self._restore:
            self.set_values(self._restore)
            self.query_one("#form-message", Static).update(literal(t("desk.draft.restored_here")))
        self.after_values_set()
        for select in self.query(Select):
            self._shown_choice[select] = select.value
            select.message_signal.subscribe(self, partial(self._select_message, select))
        self.focus_first()

    def focus_first(self) -> None:
        """Focus where typing starts: the first field (subclasses may start further on)."""
        self.query(f".{INPUT_CLASS}").first().focus()

    def after_values_set(self) -> None:
        """Hook: adjust visibility once values are in place (subclasses)."""

    # -- values --------------------------------------------------------------------------------

    def inputs(self) -> list[Widget]:
        """Every field widget of the form, in order."""
        return list(self.query(f".{INPUT_CLASS}"))

    def raw_values(self) -> dict[str, Any]:
        """The form as typed, by field name: what a draft keeps."""
        values: dict[str, Any] = {}
        for widget in self.inputs():
            name = (widget.id or "")[2:]
            if isinstance(widget, Input):
                values[name] = widget.value
            elif isinstance(widget, TextArea):
                values[name] = widget.text
            elif isinstance(widget, Checkbox):
                values[name] = widget.value
            elif isinstance(widget, Select):
                values[name] = "" if widget.is_blank() else str(widget.value)
            elif isinstance(widget, SelectionList):
                values[name] = [str(value) for value in widget.selected]
        return values

    def set_values(self, values: dict[str, Any]) -> None:
        """Put values (from a draft) back into the fields; unknown or stale choices are skipped."""
        for widget in self.inputs():
            name = (widget.id or "")[2:]
            if name not in values:
                continue
            value = values[name]
            if isinstance(widget, Input) and isinstance(value, str):
                widget.value = value
            elif isinstance(widget, TextArea) and isinstance(value, str):
                widget.text = value
            elif isinstance(widget, Checkbox) and isinstance(value, bool):
                widget.value = value
            elif isinstance(widget, Select) and isinstance(value, str):
                self._set_select(widget, value)
            elif isinstance(widget, SelectionList) and isinstance(value, list):
                widget.deselect_all()
                for item in value:
                    try:
                        widget.select(item)
                    except Exception:  # noqa: S112 - a choice removed from the config since the draft
                        continue

    @staticmethod
    def _set_select(widget: Select[Any], value: str) -> None:
        for _, option_value in widget._options:
            if option_value is not Select.NULL and str(option_value) == value:
                widget.value = option_value
                return
        if not value and widget._allow_blank:
            widget.clear()

    @property
    def is_dirty(self) -> bool:
        """True when something was typed that is not saved."""
        return not self._finished and bool(self._initial) and self.raw_values() != self._initial

    # -- drafts --------------------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _field_changed(self) -> None:
        if not self._initial or self._finished or self._saving:
            return
        self.after_values_set()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.write_draft)

    def write_draft(self) -> None:
        """Keep the form as typed in the session's draft file (or drop it when nothing changed)."""
        self._draft_timer = None
        if self.drafts is None or self._finished:
            return
        try:
            if self.is_dirty:
                self.drafts.save(
                    Draft(self.FORM_NAME, self.raw_values(), self.visitor_id, self.record_id, self.extra)
                )
            else:
                self.drafts.clear()
        except OSError:
            self.notify(t("desk.draft.write_failed"), severity="error", markup=False)

    def on_unmount(self) -> None:
        """A pending draft is written before the form goes away (quit with the form open)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self.write_draft()

    # -- moving and saving ---------------------------------------------------------------------

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves to the next text field or list (Tab also visits tick boxes)."""
        event.stop()
        self.advance_from(event.input)

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        """A choice made from the list moves on to the next field."""
        self._shown_choice[event.select] = event.value
        if self._initial and event.select.has_focus_within:
            self.call_after_refresh(self.advance_from, event.select)

    def _select_message(self, select: Select[Any], message: object) -> None:
        """Picking the choice already shown moves on too: Select.Changed is not sent then, and Enter
        would only open the list again. (A new choice moves on through :meth:`_chosen`, once the
        fields it shows or hides are in place.)"""
        if not isinstance(message, SelectOverlay.UpdateSelection) or not self._initial:
            return
        picked = select._options[message.option_index][1]
        if picked == self._shown_choice.get(select, select.value):
            self.call_after_refresh(self.advance_from, select)

    def advance_from(self, widget: Widget) -> None:
        """Focus the field after ``widget`` that takes typing or a choice, else the save button."""
        fields = [
            w
            for w in self.inputs()
            if isinstance(w, Input | Select | TextArea | SelectionList)
            and not w.disabled
            and all(node.display for node in w.ancestors_with_self if isinstance(node, Widget))
        ]
        if widget in fields:
            following = fields[fields.index(widget) + 1 :]
            if following:
                following[0].focus()
                following[0].scroll_visible()
                return
        self.query_one("#save", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel by button."""
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def submit(self, values: dict[str, Any]) -> T:
        """Validate and save through the service; raise :class:`ValidationFailed` to show errors."""
        return self._save(values)

    def action_save(self) -> None:
        """Check at once (errors shown on their fields, everything typed kept), then commit in a worker.

        The durable write (temp file, fsync, rename) runs in a thread worker; its outcome comes back
        as a worker-state message handled here, so widgets are only touched on the UI thread. The
        form stays open until the write is done. (Disabling the fields or moving the focus meanwhile
        would restyle the whole form: measured at 100–180 ms.)
        """
        if self._saving:
            return
        self._clear_errors()
        values = self.raw_values()
        try:
            if self._check is not None:
                self._check(values)
        except ValidationFailed as failed:
            self._show_errors(failed)
            return
        except DomainError as error:
            self._message(t(error.key, **error.params))
            return
        if not self.SAVE_IN_WORKER:
            try:
                result = self.submit(values)
            except Exception as error:  # shown on the form, or re-raised when unexpected
                self._failed(error)
                return
            self._finish()
            self.dismiss(result)
            return
        self._saving = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        self._freeze(True)
        self.query_one("#form-message", Static).update(literal(t("desk.form.saving")))
        self.run_worker(
            partial(self._commit, values), name=f"save-{self.FORM_NAME}", group=SAVE_GROUP, thread=True,
            exit_on_error=False,
        )  # fmt: skip

    def _commit(self, values: dict[str, Any]) -> T:
        """In the worker: save, then drop the draft at once, so a crash right after the write cannot
        bring the saved form back as a draft (and register it twice). Touches no widget."""
        result = self.submit(values)
        if self.drafts is not None:
            try:
                self.drafts.clear()
            except OSError:
                pass
        return result

    @on(Worker.StateChanged)
    def _save_finished(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != SAVE_GROUP or event.state not in FINAL_STATES:
            return
        event.stop()
        self._saving = False
        if event.state is WorkerState.SUCCESS:
            self._finish()
            self.dismiss(worker.result)
            return
        self.query_one("#form-message", Static).update("")
        self._freeze(False)
        if worker.error is not None:
            self._failed(worker.error)

    def _freeze(self, frozen: bool) -> None:
        """Make a text area being typed in read-only while the write runs.

        What is saved is what was on screen at Ctrl+S; one-line inputs have no read-only mode, and the
        form closes within a frame or two.
        """
        focused = self.focused
        if frozen and isinstance(focused, TextArea):
            focused.read_only = True
            self._frozen = focused
        elif not frozen and self._frozen is not None:
            self._frozen.read_only = False
            self._frozen = None

    def _failed(self, error: BaseException) -> None:
        """Show why the save failed on the form (nothing typed is lost); unexpected errors propagate."""
        if isinstance(error, ValidationFailed):
            self._show_errors(error)
        elif isinstance(error, DomainError):
            self._message(t(error.key, **error.params))
        elif isinstance(error, StoreError):
            self._message(t("desk.save_failed", message=describe(error)))
            self.inputs()[0].focus()
        else:
            raise error

    def action_cancel(self) -> None:
        """Close without saving; asks first when something was typed."""
        if self._saving:
            return
        if not self.is_dirty:
            self._finish()
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._finish()
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(t("desk.form.discard_question")), answered)

    def _finish(self) -> None:
        self._finished = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.drafts is not None:
            try:
                self.drafts.clear()
            except OSError:
                pass

    # -- messages ------------------------------------------------------------------------------

    def _message(self, text: str) -> None:
        self.query_one("#form-message", Static).update(literal(text))
        self.query_one("#form-message", Static).add_class("-error")

    def _clear_errors(self) -> None:
        for error_line in self.query(".error"):
            if isinstance(error_line, Static):
                error_line.update("")
                error_line.display = False
        for widget in self.inputs():
            widget.remove_class("-invalid")
        message = self.query_one("#form-message", Static)
        message.update("")
        message.remove_class("-error")

    def _show_errors(self, failed: ValidationFailed) -> None:
        first: Widget | None = None
        unplaced: list[str] = []
        for error in failed.errors:
            text = t(error.key, **error.params)
            lines = self.query(f"#e-{error.field}")
            widgets = self.query(f"#f-{error.field}")
            if not lines:
                unplaced.append(text)
                continue
            line = lines.first()
            if isinstance(line, Static):
                line.update(literal(text))
                line.display = True
            if widgets:
                widgets.first().add_class("-invalid")
                first = first or widgets.first()
        summary = t("validation.failed", count=len(failed.errors))
        self._message(" · ".join([summary, *unplaced]))
        if first is not None:
            first.focus()
            first.scroll_visible()

    def show_hint(self, name: str, text: str) -> None:
        """Set the hint line under a field (warnings that do not block saving)."""
        for hint in self.query(f"#h-{name}"):
            if isinstance(hint, Static):
                hint.update(literal(text))
                hint.display = bool(text)
