"""The Textual application: screens, key bindings and safe crash handling; the work lives elsewhere."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from reception_tui.errorlog import write_error_log
from reception_tui.i18n import set_language, t
from reception_tui.ui.desk import actions as desk_actions
from reception_tui.ui.desk.opening import SessionOpener
from reception_tui.ui.desk.screens.home import HomeScreen
from reception_tui.ui.shared.actions import Action, bindings, check_keymap, localise, palette_entries
from reception_tui.ui.shared.input_guard import guard_event
from reception_tui.ui.shared.screens.confirm import ConfirmScreen
from reception_tui.ui.shared.screens.form_base import FormScreen
from reception_tui.ui.shared.screens.help import HelpScreen
from reception_tui.ui.shared.services import AppServices

if TYPE_CHECKING:
    from reception_tui.ui.desk.screens.scan import ScanScreen
    from reception_tui.ui.desk.screens.schedule import ScheduleScreen
    from reception_tui.ui.desk.screens.sync import SyncScreen


def feature_screen(name: str) -> type[ScheduleScreen] | type[SyncScreen] | type[ScanScreen]:
    """The screen class of a feature, imported when first opened (they load PDF, QR and export code,
    which start-up does not need)."""
    if name == "schedule":
        from reception_tui.ui.desk.screens.schedule import ScheduleScreen

        return ScheduleScreen
    if name == "sync":
        from reception_tui.ui.desk.screens.sync import SyncScreen

        return SyncScreen
    if name == "scan":
        from reception_tui.ui.desk.screens.scan import ScanScreen

        return ScanScreen
    raise ValueError(name)


def action_tables() -> dict[str, tuple[Action, ...]]:
    """Every screen's actions by screen name, the app's own under ``"app"`` (for checking a site's keys)."""
    return {
        "app": ReceptionApp.ACTIONS,
        "confirm": ConfirmScreen.ACTIONS,
        "help": HelpScreen.ACTIONS,
        "form": FormScreen.ACTIONS,
        **desk_actions.TABLES,
    }


class ReceptionApp(App[int]):
    """The liaison officer's desk."""

    TITLE = "reception_tui"
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    ACTIONS: ClassVar[tuple[Action, ...]] = (
        Action("quit", "ctrl+q", "quit", "ui.key.quit", "ui.cmd.quit", priority=True),
        Action("command_palette", "ctrl+p", "command_palette", "ui.key.palette", show=False, priority=True,
               palette=False),
        Action("open_schedule", "f6", "open_feature('schedule')", "ui.key.schedule", "ui.cmd.schedule", priority=True),
        Action("open_sync", "f7", "open_feature('sync')", "ui.key.sync", "ui.cmd.sync", priority=True),
        Action("open_scan", "f8", "open_feature('scan')", "receipts.scan.title", "receipts.scan.cmd", priority=True),
    )  # fmt: skip
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, services: AppServices) -> None:
        set_language(services.lang)
        super().__init__()
        localise(self)
        self.services = services
        keymap = check_keymap(services.config.keys, action_tables(), str(services.config_path))
        self.set_keymap(keymap)
        if "command_palette" in keymap:  # the footer shows the palette's key at its right end, found by this key
            self.COMMAND_PALETTE_BINDING = keymap["command_palette"].split(",")[0]  # type: ignore[misc]
        self.title = services.config.site_name
        self.opener = SessionOpener(self, services)

    def on_mount(self) -> None:
        """Straight to today's desk; otherwise the sessions list and the form that starts today's session."""
        today = self.services.today()
        named = self.opener.named_folders(today)
        if len(named) == 1 and self.opener.open_at_start(named[0]):
            return
        self.push_screen(HomeScreen(self.services))
        self.action_open_desk(today)

    async def on_event(self, event: events.Event) -> None:
        """Pastes are cleaned and cut to the field's limit, typed bidi controls dropped, before any widget."""
        if guard_event(self, event):
            return
        await super().on_event(event)

    def on_unmount(self) -> None:
        """Release the session locks at exit (a desk under a dialog may not be unmounted first)."""
        self.opener.release_all()

    def action_open_desk(self, day: date | str) -> None:
        """Open the session of ``day`` at this site, creating it with the start form if there is none."""
        self.opener.open_day(date.fromisoformat(day) if isinstance(day, str) else day)

    def action_open_session(self, folder: str | Path) -> None:
        """Open a stored session (an earlier one, to read or correct)."""
        self.opener.open_folder(Path(folder))

    def action_open_feature(self, name: str) -> None:
        """Open a feature screen by its name: ``schedule``, ``sync`` or ``scan``."""
        screen_class = feature_screen(name)
        if isinstance(self.screen, screen_class):
            return  # already open: the same key again does not stack a second copy
        self.push_screen(screen_class(self.services))

    def unsaved_forms(self) -> list[FormScreen[object]]:
        """Forms holding typed but unsaved input."""
        return [screen for screen in self.screen_stack if isinstance(screen, FormScreen) and screen.is_dirty]

    async def action_quit(self) -> None:
        """Quit; with a form half typed, ask first (its draft is kept either way)."""
        if not self.unsaved_forms():
            self.exit(0)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit(0)

        self.push_screen(ConfirmScreen(t("desk.quit.question"), title=t("desk.quit.title")), answered)

    def action_command_palette(self) -> None:
        """The command palette, its search box in the interface's language."""
        if self.use_command_palette and not CommandPalette.is_open(cast(Any, self)):
            self.push_screen(CommandPalette(placeholder=t("ui.palette.placeholder"), id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action in the command palette, in the interface's language.

        Of Textual's own entries the theme, quitting and maximizing stay, translated; its key panel
        (English, and F1 shows the desk's keys) and its screenshot (a file holding what is on screen,
        visitors' data included) are left out.
        """
        yield SystemCommand(t("ui.cmd.theme"), t("ui.cmd.theme_help"), self.action_change_theme)
        quitting, *features = palette_entries(self, self)  # the app's table starts with quitting
        yield SystemCommand(*quitting)
        if screen.maximized is not None:
            yield SystemCommand(t("ui.cmd.minimize"), t("ui.cmd.minimize_help"), screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(t("ui.cmd.maximize"), t("ui.cmd.maximize_help"), screen.action_maximize)
        yield SystemCommand(
            t("desk.cmd.today"),
            t("desk.cmd.today_help"),
            lambda: self.action_open_desk(self.services.today()),
        )
        for entry in palette_entries(screen, self):
            yield SystemCommand(*entry)
        for entry in features:
            yield SystemCommand(*entry)

    def _handle_exception(self, error: Exception) -> None:
        """Replace Textual's crash screen, which prints local variables (a visitor's data), with a
        short message and a log that holds only code locations."""
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        try:
            log = str(write_error_log(error, self.services.data_folder.logs_dir))
        except OSError:
            log = "-"
        self._exit_renderables.append(Text(t("cli.error.unexpected", log=log)))
        self._close_messages_no_wait()
