"""The keys of a screen, in a table a newcomer can read."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reception_tui.i18n import t
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.screens import DIALOGS_TCSS
from reception_tui.ui.shared.text import literal, literal_cell
from reception_tui.ui.shared.widgets.key_footer import KeyFooter


class HelpScreen(ModalScreen[None]):
    """Lists (key, what it does) pairs and a short explanation of the afternoon."""

    CSS_PATH = DIALOGS_TCSS

    ACTIONS: ClassVar[tuple[Action, ...]] = (
        Action("help_back", "escape,f1,question_mark,q", "dismiss_help", "desk.key.back", palette=False),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, keys: list[tuple[str, str]], *, title: str = "", intro: str = "") -> None:
        super().__init__()
        localise(self)
        self.keys = keys
        self.title_text = title or t("desk.help.title")
        self.intro = intro or t("desk.help.intro")

    def compose(self) -> ComposeResult:
        """Intro, keys table."""
        with Vertical(classes="dialog help"):
            yield Static(literal(self.title_text), classes="dialog-title")
            yield Static(literal(self.intro), classes="hint")
            yield DataTable(id="help-keys", cursor_type="row", show_cursor=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one("#help-keys", DataTable)
        table.add_columns(t("desk.help.key"), t("desk.help.action"))
        for key, action in self.keys:
            table.add_row(literal_cell(key), literal_cell(action))
        table.focus()

    def action_dismiss_help(self) -> None:
        """Back to the desk."""
        self.dismiss(None)
