"""The first screen: the site, today, and the sessions on this laptop."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from reception_tui.i18n import t
from reception_tui.ui.services import AppServices
from reception_tui.ui.text import literal, literal_cell


class HomeScreen(Screen[None]):
    """Sessions stored in the data folder."""

    BINDINGS = [Binding("r", "refresh", t("ui.key.refresh"), id="refresh")]

    def __init__(self, services: AppServices) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        """Header, site line, sessions table, footer."""
        config = self.services.config
        yield Header()
        yield Static(literal(f"{config.site_name} · {config.place}"), id="site-line")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one("#sessions", DataTable)
        table.add_columns(t("ui.col.date"), t("ui.col.state"), t("ui.col.visitors"), t("ui.col.issues"))
        self.action_refresh()

    def action_refresh(self) -> None:
        """Re-read the sessions list."""
        table = self.query_one("#sessions", DataTable)
        table.clear()
        for summary in self.services.data_folder.list_sessions():
            day = summary.day.isoformat() if summary.day else "?"
            table.add_row(
                literal_cell(day), literal_cell(t("cli.state." + summary.state)),
                str(summary.visitors), str(summary.issues), key=str(summary.folder),
            )
