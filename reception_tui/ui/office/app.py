"""The office workbench (``reception office``): who is working, then the case list; safe crash handling."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar, cast

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from reception_tui.errorlog import write_error_log
from reception_tui.i18n import set_language, t
from reception_tui.ui.office import actions as office_actions
from reception_tui.ui.office.services import OfficeServices
from reception_tui.ui.shared.actions import Action, bindings, check_keymap, localise, palette_entries
from reception_tui.ui.shared.input_guard import guard_event
from reception_tui.ui.shared.screens.confirm import ConfirmScreen
from reception_tui.ui.shared.screens.help import HelpScreen

LOGS_DIR = "logs"
"""Crash logs (code locations only, no personal data) in the office folder."""


def action_tables() -> dict[str, tuple[Action, ...]]:
    """Every workbench screen's actions by screen name, the app's own under ``"app"``."""
    return {**office_actions.TABLES, "confirm": ConfirmScreen.ACTIONS, "help": HelpScreen.ACTIONS}


def office_keymap(services: OfficeServices) -> dict[str, str]:
    """The site config's ``keys:`` that name workbench actions, checked against the workbench's tables
    (remaps of desk actions are the desk's business and checked there)."""
    tables = action_tables()
    known = {action.id for table in tables.values() for action in table}
    remaps = [remap for remap in services.config.keys if remap.action in known]
    return check_keymap(remaps, tables, str(services.config_path))


class OfficeApp(App[int]):
    """The office clerk's workbench over the case store."""

    TITLE = "reception_tui office"
    CSS_PATH = str(Path(__file__).with_name("workbench.tcss"))
    ACTIONS: ClassVar[tuple[Action, ...]] = office_actions.APP
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, services: OfficeServices) -> None:
        set_language(services.lang)
        super().__init__()
        localise(self)
        self.services = services
        keymap = office_keymap(services)
        self.set_keymap(keymap)
        if "command_palette" in keymap:
            self.COMMAND_PALETTE_BINDING = keymap["command_palette"].split(",")[0]  # type: ignore[misc]
        self.title = services.config.site_name

    def on_mount(self) -> None:
        """The clerk chosen (``--clerk``): straight to the case list; else ask who is working."""
        from reception_tui.ui.office.screens.case_list import CaseListScreen
        from reception_tui.ui.office.screens.clerk import ClerkScreen

        if self.services.clerk:
            self.push_screen(CaseListScreen(self.services))
        else:
            self.push_screen(ClerkScreen(self.services))

    async def on_event(self, event: events.Event) -> None:
        """Pastes cleaned and cut to the field's limit, typed bidi controls dropped, before any widget."""
        if guard_event(self, event):
            return
        await super().on_event(event)

    async def action_quit(self) -> None:
        """Quit (nothing is held unsaved: every step is saved when it is made)."""
        self.exit(0)

    def action_command_palette(self) -> None:
        """The command palette, its search box in the interface's language."""
        if self.use_command_palette and not CommandPalette.is_open(cast(Any, self)):
            self.push_screen(CommandPalette(placeholder=t("ui.palette.placeholder"), id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The theme, quitting, and every action of the current screen, in the interface's language."""
        yield SystemCommand(t("ui.cmd.theme"), t("ui.cmd.theme_help"), self.action_change_theme)
        for entry in palette_entries(self, self):
            yield SystemCommand(*entry)
        for entry in palette_entries(screen, self):
            yield SystemCommand(*entry)

    def _handle_exception(self, error: Exception) -> None:
        """Replace Textual's crash screen, which prints local variables (a visitor's data), with a
        short message and a log in ``<office_dir>/logs`` that holds only code locations."""
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        try:
            log = str(write_error_log(error, self.services.office_dir / LOGS_DIR))
        except OSError:
            log = "-"
        self._exit_renderables.append(Text(t("cli.error.unexpected", log=log)))
        self._close_messages_no_wait()
