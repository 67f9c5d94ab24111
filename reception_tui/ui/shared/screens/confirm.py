"""A yes/no question, answered by key (y/n, Enter/Escape) or button."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reception_tui.i18n import t
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.screens import DIALOGS_TCSS
from reception_tui.ui.shared.text import literal


class ConfirmScreen(ModalScreen[bool]):
    """Ask before something that cannot be undone lightly; dismisses with True or False."""

    CSS_PATH = DIALOGS_TCSS

    ACTIONS: ClassVar[tuple[Action, ...]] = (
        Action("confirm_yes", "y", "answer(True)", "desk.key.yes", palette=False),
        Action("confirm_no", "n,escape", "answer(False)", "desk.key.no", palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, question: str, *, yes: str = "", no: str = "", title: str = "") -> None:
        super().__init__()
        localise(self)
        self.question = question
        self.yes_label = yes or t("desk.button.yes")
        self.no_label = no or t("desk.button.no")
        self.title_text = title

    def compose(self) -> ComposeResult:
        """Question and two buttons."""
        with Vertical(classes="dialog confirm"):
            if self.title_text:
                yield Static(literal(self.title_text), classes="dialog-title")
            yield Static(literal(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(literal(self.yes_label), id="yes", variant="warning")
                yield Button(literal(self.no_label), id="no", variant="primary")

    def on_mount(self) -> None:
        """The safe answer has the focus."""
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer by button."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        """Answer by key."""
        self.dismiss(value)
