"""The Textual application: screens, key bindings and safe crash handling; the work lives elsewhere."""

from __future__ import annotations

from rich.text import Text
from textual.app import App
from textual.binding import Binding

from reception_tui.errorlog import write_error_log
from reception_tui.i18n import set_language, t
from reception_tui.ui.screens.home import HomeScreen
from reception_tui.ui.services import AppServices


class ReceptionApp(App[int]):
    """The liaison officer's desk."""

    TITLE = "reception_tui"
    BINDINGS = [Binding("ctrl+q", "quit", t("ui.key.quit"), id="quit", priority=True)]

    def __init__(self, services: AppServices) -> None:
        set_language(services.lang)
        super().__init__()
        self.services = services
        self.title = services.config.site_name

    def on_mount(self) -> None:
        """Open on the home screen."""
        self.push_screen(HomeScreen(self.services))

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
