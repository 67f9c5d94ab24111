"""The Textual application: screens, key bindings and safe crash handling; the work lives elsewhere."""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reception_tui.errorlog import write_error_log
from reception_tui.i18n import set_language, t
from reception_tui.ui.screens.home import HomeScreen
from reception_tui.ui.services import AppServices

# Feature screens, opened by name; each module defines the class, built as ``Class(services)``.
FEATURE_SCREENS: dict[str, str] = {
    "schedule": "reception_tui.ui.screens.schedule:ScheduleScreen",
    "sync": "reception_tui.ui.screens.sync:SyncScreen",
    "scan": "reception_tui.ui.screens.scan:ScanScreen",
}


class ReceptionApp(App[int]):
    """The liaison officer's desk."""

    TITLE = "reception_tui"
    BINDINGS = [
        Binding("ctrl+q", "quit", t("ui.key.quit"), id="quit", priority=True),
        Binding("f6", "open_feature('schedule')", t("ui.key.schedule"), id="open_schedule"),
        Binding("f7", "open_feature('sync')", t("ui.key.sync"), id="open_sync"),
        Binding("f8", "open_feature('scan')", t("receipts.scan.title"), id="open_scan"),
    ]

    def __init__(self, services: AppServices) -> None:
        set_language(services.lang)
        super().__init__()
        self.services = services
        self.title = services.config.site_name

    def on_mount(self) -> None:
        """Open on the home screen."""
        self.push_screen(HomeScreen(self.services))

    def action_open_feature(self, name: str) -> None:
        """Open a feature screen by its name in :data:`FEATURE_SCREENS`."""
        module_name, _, class_name = FEATURE_SCREENS[name].partition(":")
        try:
            screen_class = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            self.notify(t("ui.feature_unavailable"), severity="warning")
            return
        screen: Screen[object] = screen_class(self.services)
        self.push_screen(screen)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action in the command palette, beside Textual's own."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(t("ui.key.schedule"), t("ui.cmd.schedule"), lambda: self.action_open_feature("schedule"))
        yield SystemCommand(t("ui.key.sync"), t("ui.cmd.sync"), lambda: self.action_open_feature("sync"))
        yield SystemCommand(t("receipts.scan.title"), t("receipts.scan.cmd"), lambda: self.action_open_feature("scan"))

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
