"""The sync screen (F7): sessions with changes not yet exported, where to, and a verified export."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, ProgressBar, Static

from reception_tui.exchange.ack import find_ack, read_ack, trusted_ack
from reception_tui.exchange.destinations import REMOVABLE_ROOTS, Destination, destinations
from reception_tui.exchange.errors import ExchangeError
from reception_tui.exchange.outbox import ExportResult, Outbox, PendingSession
from reception_tui.exchange.purge import PurgeCandidate, forget_leftovers, purge_candidates, purge_session
from reception_tui.exchange.status_in import StatusImport, import_status, status_files_in
from reception_tui.i18n import describe, t
from reception_tui.storage.errors import StoreError
from reception_tui.ui.desk import actions as desk_actions
from reception_tui.ui.desk.screens.sync_purge import ConfirmPurge
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.services import AppServices
from reception_tui.ui.shared.text import literal, literal_cell
from reception_tui.ui.shared.widgets.key_footer import KeyFooter


class ExportProgress(Message):
    """A file was written and verified (posted from the worker thread)."""

    def __init__(self, done: int, total: int, result: ExportResult) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.result = result


class ExportFinished(Message):
    """The export ended: ``error`` is empty when every file was verified."""

    def __init__(self, count: int, error: str = "") -> None:
        super().__init__()
        self.count = count
        self.error = error


class PurgeFinished(Message):
    """The purge ended: ``records`` changed in ``sessions`` sessions, or ``error``."""

    def __init__(self, sessions: int, records: int, error: str = "") -> None:
        super().__init__()
        self.sessions = sessions
        self.records = records
        self.error = error


class StatusImported(Message):
    """The office's status files on the stick were looked at (posted from the worker thread)."""

    def __init__(self, result: StatusImport | None, error: str = "") -> None:
        super().__init__()
        self.result = result
        self.error = error


class SyncScreen(Screen[None]):
    """Export sessions to a USB stick or the office inbox; says when the stick is safe to remove."""

    DEFAULT_CSS = """
    SyncScreen #sync-destination { padding: 0 1; text-style: bold; }
    SyncScreen #sync-pending-title { padding: 0 1; }
    SyncScreen #sync-table { height: 1fr; }
    SyncScreen #sync-progress { padding: 0 1; }
    SyncScreen #sync-status { padding: 0 1; height: auto; }
    SyncScreen #sync-device { padding: 0 1; color: $text-muted; }
    """
    ACTIONS: ClassVar[tuple[Action, ...]] = desk_actions.SYNC
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, services: AppServices, roots: Sequence[Path] | None = None) -> None:
        super().__init__()
        localise(self)
        self.services = services
        self.roots = tuple(REMOVABLE_ROOTS if roots is None else roots)  # read now: tests point it elsewhere
        self.outbox: Outbox | None = None
        self.problem = ""
        try:
            self.outbox = Outbox(services.data_folder, services.config)
        except ExchangeError as error:
            self.problem = describe(error)
        self.destinations: list[Destination] = []
        self.destination_index = 0
        self.pending: list[PendingSession] = []
        self.busy = False

    def compose(self) -> ComposeResult:
        """Destination line, sessions table, progress bar, status line, footer."""
        yield Header()
        yield Static(id="sync-destination")
        yield Static(t("exchange.ui.pending"), id="sync-pending-title")
        yield DataTable(id="sync-table", cursor_type="row", zebra_stripes=True)
        bar = ProgressBar(id="sync-progress", show_eta=False)
        bar.display = False  # shown from the first export on: idle, its waiting animation would look like work
        yield bar
        yield Static(id="sync-status")
        yield Static(id="sync-device")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Fill the table."""
        self.title = t("exchange.ui.title")
        table = self.query_one("#sync-table", DataTable)
        table.add_columns(
            t("exchange.ui.col.date"),
            t("exchange.ui.col.state"),
            t("exchange.ui.col.visitors"),
            t("exchange.ui.col.issues"),
            t("exchange.ui.col.last"),
        )
        if self.outbox is None:
            self._status(t("exchange.ui.failed", error=self.problem))
            return
        try:
            device = self.outbox.device()
        except ExchangeError as error:
            self.outbox, self.problem = None, describe(error)
            self._status(t("exchange.ui.failed", error=self.problem))
            return
        self.query_one("#sync-device", Static).update(
            literal(t("exchange.device", device=device.device_id[:8], fingerprint=device.fingerprint))
        )
        self.action_refresh()

    @property
    def destination(self) -> Destination | None:
        """Where the next export goes."""
        if not self.destinations:
            return None
        return self.destinations[self.destination_index % len(self.destinations)]

    def _show_destination(self) -> None:
        label = self.query_one("#sync-destination", Static)
        destination = self.destination
        if destination is None:
            label.update(literal(t("exchange.ui.no_destination")))
            return
        key = "exchange.ui.office" if destination.kind == "office" else "exchange.ui.drive"
        where = t(key, label=destination.label)
        label.update(literal(t("exchange.ui.destination_line", where=where, folder=str(destination.folder))))

    def action_refresh(self) -> None:
        """Look for drives again and list the sessions not yet exported to the current destination."""
        if self.busy or self.outbox is None:
            return
        self.destinations = destinations(self.services.config, self.roots)
        self._show_destination()
        table = self.query_one("#sync-table", DataTable)
        table.clear()
        destination = self.destination
        self.pending = self.outbox.pending(destination.folder if destination else None)
        for item in self.pending:
            session = item.snapshot.session
            table.add_row(
                literal_cell(session.day.isoformat()),
                literal_cell(t("cli.state." + session.state.value)),
                str(len(item.snapshot.visitors)),
                str(len(item.snapshot.issues)),
                literal_cell(item.last_exported_at or t("exchange.ui.never")),
                key=str(item.folder),
            )
        if self.outbox.unreadable:
            first = describe(self.outbox.unreadable[0][1])
            self._status(t("exchange.ui.unreadable", count=len(self.outbox.unreadable), error=first))
        elif destination is not None and not self.pending:
            self._status(t("exchange.ui.none_pending"))
        if destination is not None:
            self._import_status(destination.folder)

    @work(thread=True, exclusive=True, group="sync-status-file")
    def _import_status(self, folder: Path) -> None:
        """Keep the office's newest status file from the stick (or the office folder), if it has one."""
        try:
            if not status_files_in(folder):
                return
            result = import_status(
                folder,
                self.services.data_folder.root,
                self.services.config.office_public_key,
                self.services.machine_now(),
                site_code=self.services.config.site_code,
            )
        except (ExchangeError, OSError) as error:
            self.post_message(StatusImported(None, describe(error)))
            return
        self.post_message(StatusImported(result))

    def on_status_imported(self, message: StatusImported) -> None:
        """Say what came of the status file: kept, or why it was refused (the same file again says nothing)."""
        if message.error:
            self.notify(t("status.ui.refused", reason=message.error), severity="warning", markup=False)
            return
        if message.result is None:
            return
        kept = message.result.kept
        if kept is not None:
            self.notify(t("status.ui.imported", count=len(kept.cases)), markup=False)
        for item in message.result.results:
            if item.outcome == "refused" and item.error is not None and item.error.reason != "stale":
                self.notify(t("status.ui.refused", reason=describe(item.error)), severity="warning", markup=False)

    def action_next_destination(self) -> None:
        """Switch to the next drive or the office folder."""
        if self.busy or not self.destinations:
            return
        self.destination_index = (self.destination_index + 1) % len(self.destinations)
        self.action_refresh()

    def action_export_selected(self) -> None:
        """Export the session under the cursor."""
        table = self.query_one("#sync-table", DataTable)
        if not self.pending or table.cursor_row < 0:
            return
        self._start([self.pending[min(table.cursor_row, len(self.pending) - 1)].folder])

    def action_export_all(self) -> None:
        """Export every listed session."""
        if self.pending:
            self._start([item.folder for item in self.pending])

    def action_back(self) -> None:
        """Back to the previous screen (not while writing to the stick)."""
        if self.busy:
            self.notify(t("exchange.ui.busy"), severity="warning", markup=False)
            return
        self.app.pop_screen()

    def action_purge(self) -> None:
        """After the office acknowledged the exports at this destination, offer to purge personal data."""
        destination = self.destination
        if self.busy or self.outbox is None or destination is None:
            return
        path = find_ack(destination.folder)
        if not path.is_file():
            self._status(t("exchange.ui.purge.no_ack"))
            return
        try:
            ack = read_ack(path)
            if not trusted_ack(ack, self.services.config.office_public_key):
                self._status(t("exchange.cli.purge.untrusted"))
                return
            candidates = purge_candidates(self.outbox, ack)
            for candidate in candidates:
                forget_leftovers(self.outbox, candidate)
        except (ExchangeError, StoreError, OSError) as error:
            self._status(t("exchange.ui.failed", error=describe(error)))
            return
        ready = [c for c in candidates if not c.problem]
        if not ready:
            self._status(t("exchange.cli.purge.none"))
            return
        outbox = self.outbox

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.busy = True
                self._purge(outbox, ready)
            else:
                self._status(t("exchange.cli.purge.cancelled"))

        self.app.push_screen(ConfirmPurge(ready), answered)

    @work(thread=True, exclusive=True, group="sync-purge")
    def _purge(self, outbox: Outbox, ready: list[PurgeCandidate]) -> None:
        """Purge each confirmed session through the session store; only messages go back."""
        operator = (
            self.services.config.liaison_officers[0] if self.services.config.liaison_officers else "system"
        )

        records = 0
        try:
            for candidate in ready:
                records += purge_session(outbox, candidate, operator=operator, now=self.services.machine_now)
        except (ExchangeError, StoreError, OSError) as error:
            self.post_message(PurgeFinished(0, records, describe(error)))
            return
        self.post_message(PurgeFinished(len(ready), records))

    def on_purge_finished(self, message: PurgeFinished) -> None:
        """Say what was purged."""
        self.busy = False
        self.action_refresh()
        if message.error:
            self._status(t("exchange.ui.failed", error=message.error))
        else:
            self._status(t("exchange.ui.purge.done", sessions=message.sessions, records=message.records))

    def _status(self, text: str) -> None:
        self.query_one("#sync-status", Static).update(literal(text))

    def _start(self, folders: list[Path]) -> None:
        destination = self.destination
        if destination is None:
            self.notify(t("exchange.ui.no_destination"), severity="warning", markup=False)
            return
        if self.busy or self.outbox is None:
            return
        self.busy = True
        progress = self.query_one("#sync-progress", ProgressBar)
        progress.update(total=len(folders), progress=0)
        progress.display = True
        self._status(t("exchange.ui.progress", done=0, total=len(folders)))
        self._export(self.outbox, folders, destination.folder)

    @work(thread=True, exclusive=True, group="sync-export")
    def _export(self, outbox: Outbox, folders: list[Path], folder: Path) -> None:
        """Write, read back and compare each file; only messages go back to the screen."""

        def report(done: int, total: int, result: ExportResult) -> None:
            self.post_message(ExportProgress(done, total, result))

        try:
            results = outbox.export(folders, folder, now=self.services.machine_now, progress=report)
        except (ExchangeError, StoreError, OSError) as error:
            self.post_message(ExportFinished(0, describe(error)))
            return
        self.post_message(ExportFinished(len(results)))

    def on_export_progress(self, message: ExportProgress) -> None:
        """Move the progress bar."""
        self.query_one("#sync-progress", ProgressBar).update(total=message.total, progress=message.done)
        self._status(t("exchange.ui.progress", done=message.done, total=message.total))

    def on_export_finished(self, message: ExportFinished) -> None:
        """Say whether the stick is safe to remove."""
        self.busy = False
        self.action_refresh()
        if message.error:
            self._status(t("exchange.ui.failed", error=message.error))
            self.notify(t("exchange.ui.failed", error=message.error), severity="error", markup=False)
        else:
            self._status(t("exchange.ui.done", count=message.count))
            self.notify(t("exchange.ui.done", count=message.count), markup=False)
