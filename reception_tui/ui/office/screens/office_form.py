"""A light form dialog for the office workbench: fields in rows, Enter moves on, errors inline, Ctrl+S saves.

The desk's :class:`~reception_tui.ui.shared.screens.form_base.FormScreen` is tied to the desk's drafts; the
office's dialogs save to the case store in a worker and never keep drafts, so they share only the row
layout (:func:`field_row`) and the dialog style sheet. What a clerk typed stays in the fields whatever
the save's outcome: only a successful save closes the dialog.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Select, SelectionList, Static

from reception_tui.domain.errors import FieldError
from reception_tui.i18n import t
from reception_tui.office.words import field_error_text
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.screens import DIALOGS_TCSS
from reception_tui.ui.shared.screens.form_base import INPUT_CLASS
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.key_footer import KeyFooter

T = TypeVar("T")


class OfficeForm(ModalScreen[T | None], Generic[T]):
    """A dialog of fields; subclasses give :meth:`compose_fields` and :meth:`action_save`."""

    CSS_PATH = DIALOGS_TCSS
    DEFAULT_CSS = """
    OfficeForm .dialog.form { height: 1fr; margin-bottom: 0; }
    OfficeForm .notice { height: auto; color: $warning; }
    OfficeForm .conflict { height: auto; color: $warning; background: $boost; }
    """

    ACTIONS: ClassVar[tuple[Action, ...]] = (
        Action("office_form_save", "ctrl+s", "save", "case.key.save", priority=True, palette=False),
        Action("office_form_cancel", "escape", "cancel", "case.key.cancel", palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, title: str) -> None:
        super().__init__()
        localise(self)
        self.title_text = title
        self.saving = False

    def compose(self) -> ComposeResult:
        """Title, the scrolling fields, a message line, buttons, footer."""
        with Vertical(classes="dialog form"):
            yield Static(literal(self.title_text), classes="dialog-title")
            with VerticalScroll(classes="form-body"):
                yield from self.compose_fields()
            yield Static("", id="form-message", classes="form-message")
            with Horizontal(classes="buttons"):
                yield Button(literal(t("case.key.save")), id="save", variant="success")
                yield Button(literal(t("case.key.cancel")), id="cancel")
        yield KeyFooter()

    def compose_fields(self) -> ComposeResult:
        """The form's fields (each through ``field_row``)."""
        yield from ()

    def on_mount(self) -> None:
        """Focus the first field."""
        fields = self.fields()
        if fields:
            fields[0].focus()

    # -- fields --------------------------------------------------------------------------------

    def fields(self) -> list[Widget]:
        """The fields that take typing or a choice, in order."""
        return [
            widget
            for widget in self.query(f".{INPUT_CLASS}")
            if isinstance(widget, Input | Select | SelectionList) and not widget.disabled
        ]

    def value(self, name: str) -> Any:
        """A field's value: text stripped, a choice's value ("" when none), a list's chosen values."""
        widget = self.query_one(f"#f-{name}")
        if isinstance(widget, Input):
            return widget.value.strip()
        if isinstance(widget, Select):
            return "" if widget.is_blank() else str(widget.value)
        if isinstance(widget, SelectionList):
            return [str(value) for value in widget.selected]
        raise TypeError(name)

    def has_field(self, name: str) -> bool:
        return bool(self.query(f"#f-{name}"))

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter in a line moves to the next field (or the save button)."""
        event.stop()
        self.advance_from(event.input)

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        """A choice moves on to the next field."""
        if event.select.has_focus_within:
            self.call_after_refresh(self.advance_from, event.select)

    def advance_from(self, widget: Widget) -> None:
        fields = self.fields()
        if widget in fields and fields.index(widget) + 1 < len(fields):
            following = fields[fields.index(widget) + 1]
            following.focus()
            following.scroll_visible()
            return
        self.query_one("#save", Button).focus()

    # -- errors and messages ---------------------------------------------------------------------

    def clear_errors(self) -> None:
        for error in self.query(".field .error"):
            if isinstance(error, Static):
                error.update("")
                error.display = False
        for widget in self.query(f".{INPUT_CLASS}"):
            widget.remove_class("-invalid")
        self.message("")

    def show_errors(self, errors: list[FieldError]) -> None:
        """Each error under its field (the form's message line for a field the form does not show);
        the first wrong field gets the focus. Nothing typed is changed."""
        elsewhere: list[str] = []
        first: Widget | None = None
        for problem in errors:
            text = field_error_text(problem)
            found = self.query(f"#e-{problem.field}")
            if not found:
                elsewhere.append(text)
                continue
            line = found.first(Static)
            line.update(literal(text))
            line.display = True
            widget = self.query_one(f"#f-{problem.field}")
            widget.add_class("-invalid")
            first = first or widget
        if elsewhere:
            self.message("；".join(elsewhere))
        if first is not None:
            first.focus()

    def message(self, text: str, *, error: bool = True) -> None:
        line = self.query_one("#form-message", Static)
        line.update(literal(text))
        line.set_class(bool(text) and error, "-error")

    # -- buttons and keys ------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def action_save(self) -> None:
        """Check and save (subclasses)."""

    def action_cancel(self) -> None:
        """Leave without saving (nothing was saved)."""
        if not self.saving:
            self.dismiss(None)
