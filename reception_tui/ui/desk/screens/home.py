"""The first screen: the site, today, and the sessions on this laptop (open one to read or correct it).

The list is read in a thread worker (it decodes every session file, slow on a USB stick) and arrives
as a message; until then the table shows what it showed before, and keys work meanwhile.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar, Protocol, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from reception_tui.i18n import t
from reception_tui.storage.data_folder import SessionSummary
from reception_tui.ui.desk import actions as desk_actions
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.services import AppServices
from reception_tui.ui.shared.text import literal, literal_cell
from reception_tui.ui.shared.widgets.key_footer import KeyFooter


class SessionOpening(Protocol):
    """What the home screen asks of the app."""

    def action_open_desk(self, day: date | str) -> None: ...

    def action_open_session(self, folder: str | Path) -> None: ...


class SessionsRead(Message):
    """The sessions list, read by a worker (``generation`` tells a stale read from the latest)."""

    def __init__(self, summaries: list[SessionSummary], generation: int) -> None:
        super().__init__()
        self.summaries = summaries
        self.generation = generation


class HomeScreen(Screen[None]):
    """Sessions stored in the data folder."""

    ACTIONS: ClassVar[tuple[Action, ...]] = desk_actions.HOME
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, services: AppServices) -> None:
        super().__init__()
        localise(self)
        self.services = services
        self._reads = 0

    def compose(self) -> ComposeResult:
        """Header, site line, sessions table, footer."""
        config = self.services.config
        yield Header()
        yield Static(literal(f"{config.site_name} · {config.place}"), id="site-line")
        yield Static(literal(t("desk.home.hint")), id="home-hint")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one("#sessions", DataTable)
        table.add_columns(t("ui.col.date"), t("ui.col.state"), t("ui.col.visitors"), t("ui.col.issues"))
        table.focus()

    def on_screen_resume(self) -> None:
        """Shown (at start or back from the desk): read the list now, so a desk opened at start-up
        does not wait for every session file to be read."""
        self.call_after_refresh(self._refresh_if_current)

    def _refresh_if_current(self) -> None:
        if self.is_current:
            self.action_refresh()

    def action_refresh(self) -> None:
        """Re-read the sessions list in a worker; a newer read supersedes one still running."""
        self._reads += 1
        self._read_sessions(self._reads)

    @work(thread=True, exclusive=True, group="sessions-list")
    def _read_sessions(self, generation: int) -> None:
        """In a thread: every session's summary, posted back as :class:`SessionsRead`."""
        summaries = self.services.data_folder.list_sessions()
        self.post_message(SessionsRead(summaries, generation))

    def on_sessions_read(self, message: SessionsRead) -> None:
        """Fill the table with the latest read (newest first)."""
        if message.generation != self._reads:
            return
        table = self.query_one("#sessions", DataTable)
        table.clear()
        for summary in reversed(message.summaries):
            day = summary.day.isoformat() if summary.day else summary.folder.name[:10]
            table.add_row(
                literal_cell(day),
                literal_cell(t("cli.state." + summary.state)),
                str(summary.visitors),
                str(summary.issues),
                key=str(summary.folder),
            )

    def action_today(self) -> None:
        """Today's session (or the form that starts it)."""
        cast(SessionOpening, self.app).action_open_desk(self.services.today())

    @on(DataTable.RowSelected, "#sessions")
    def action_open_selected(self) -> None:
        """Open the session under the cursor."""
        table = self.query_one("#sessions", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key:
            cast(SessionOpening, self.app).action_open_session(key)
