"""Opening a session at the desk: today's or another day's, created with the start form if missing.

Finding a day's session may read every session file, and opening one reads its whole file (a slow USB
stick takes seconds): both run in thread workers, and what they found or opened is shown on the UI
thread, so keys are handled meanwhile. Only one writer per session: a session
open in another window is refused with a clear message; a damaged file is set aside by the store and
the last good generation is offered back.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.worker import get_current_worker

from reception_tui.i18n import describe, t
from reception_tui.services.desk import open_new_session
from reception_tui.storage import (
    CorruptStoreError,
    SessionLockedError,
    SessionStore,
    StoreError,
    recover_previous,
)
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.screens.home import HomeScreen
from reception_tui.ui.desk.screens.start_session import StartSessionForm
from reception_tui.ui.desk.session import DeskSession, desk_session
from reception_tui.ui.shared.screens.confirm import ConfirmScreen
from reception_tui.ui.shared.services import AppServices

FIND_GROUP = "find-session"
"""The worker group of the search for a day's session: a newer search supersedes an older one."""
OPEN_GROUP = "open-session"
"""The worker group of opening a session (its store and the desk's model, read off the UI thread)."""


def locked_message(error: SessionLockedError) -> str:
    """The second window's message, naming the process and computer holding the session when known."""
    if error.pid is None:
        return t("desk.open.locked")
    return t("desk.open.locked_by", pid=error.pid, host=error.host)


class SessionOpener:
    """Finds, creates and opens sessions for the app, reporting problems as notifications."""

    def __init__(self, app: App[Any], services: AppServices) -> None:
        self.app = app
        self.services = services
        self.desks: list[DeskScreen] = []
        self.opening: Path | None = None
        """The folder being opened in a worker (a second open meanwhile is ignored)."""

    def named_folders(self, day: date) -> list[Path]:
        """Session folders of ``day`` at this site, found by name alone (no file is read)."""
        prefix = f"{day:%Y-%m-%d}_{self.services.config.site_code}_"
        return [f for f in self.services.data_folder.session_folders() if f.name.startswith(prefix)]

    def open_day(self, day: date) -> None:
        """The session of ``day`` at this site (the open one first), or the start form for a new one."""
        named = self.named_folders(day)
        if len(named) == 1:  # the usual case: found by its folder name, without reading every session
            self.open_folder(named[0])
            return
        self.app.run_worker(
            partial(self._find_day, day, self.app.screen),
            name="find-day",
            group=FIND_GROUP,
            thread=True,
            exclusive=True,
        )

    def _find_day(self, day: date, asked_on: Screen[Any]) -> None:
        """In a thread worker: read the sessions to find the day's, then open it (or the start form)
        on the UI thread, unless a newer search has taken over meanwhile."""
        found = self.find_day(day)
        desk = self.last_desk() if found is None else ""
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._found, day, found, desk, asked_on)

    def _found(self, day: date, found: Path | None, desk: str, asked_on: Screen[Any]) -> None:
        """Open what the search found, if the officer is still where they asked (a screen opened
        meanwhile, F7 say, is not covered by a desk or start form they no longer expect)."""
        if self.app.screen is not asked_on:
            return
        if found is None:
            self.start(day, desk)
        else:
            self.open_folder(found)

    def find_day(self, day: date) -> Path | None:
        """The folder of the session of ``day`` at this site (the open one first, else a damaged one);
        reads every session file."""
        site = self.services.config.site_code
        prefix = f"{day:%Y-%m-%d}_{site}_"
        summaries = self.services.data_folder.list_sessions()
        found = [s for s in summaries if s.day == day and s.site_code == site]
        if found:
            found.sort(key=lambda s: (s.state == "open", s.folder.name))
            return found[-1].folder
        damaged = [s for s in summaries if s.state == "damaged" and s.folder.name.startswith(prefix)]
        return damaged[-1].folder if damaged else None

    def start(self, day: date, desk: str) -> None:
        """The start form (``desk``: the letter it offers); on confirm the session is created and the desk opens."""
        services = self.services

        def open_new(deputies: list[str], officer: str, desk: str) -> SessionStore:
            return open_new_session(
                services.data_folder.ensure(),
                services.config,
                day=day,
                deputies=deputies,
                liaison_officer=officer,
                operator=officer,
                clock=services.clock,
                desk=desk,
            )

        def started(store: SessionStore | None) -> None:
            if store is not None:
                self.push_desk(store)
            else:
                self.ensure_home()

        form = StartSessionForm(services.config, day, open_new=open_new, desk=desk)
        self.app.push_screen(form, started)

    def last_desk(self) -> str:
        """The desk letter of this laptop's latest session at this site (empty when none or unreadable)."""
        site = self.services.config.site_code
        for folder in reversed(self.services.data_folder.session_folders()):
            if f"_{site}_" not in folder.name:
                continue
            try:
                return self.services.data_folder.read(folder).session.desk
            except (OSError, CorruptStoreError):
                return ""
        return ""

    def ensure_home(self) -> None:
        """Put the sessions list under everything (it is built only once the desk is left)."""
        if not any(isinstance(screen, HomeScreen) for screen in self.app.screen_stack):
            self.app.push_screen(HomeScreen(self.services))

    def push_desk(self, store: SessionStore, session: DeskSession | None = None) -> None:
        """Show the desk (``session``: already read off the UI thread); leaving it shows the sessions list."""
        desk = DeskScreen(self.services, session or desk_session(self.services, store))
        self.desks.append(desk)
        self.app.push_screen(desk, lambda _: self.ensure_home())

    def release_all(self) -> None:
        """Release every session lock this app took (at exit, whatever state the screens are in)."""
        for desk in self.desks:
            desk.release()
        self.desks.clear()

    def open_at_start(self, folder: Path) -> bool:
        """Open today's session at start-up, in a worker; if it cannot be opened (other than damaged),
        the sessions list and the long way to today's session (with messages) follow."""
        return self._open(folder, None, at_start=True)

    def open_folder(self, folder: Path) -> bool:
        """Open the session in ``folder`` at the desk (to work, read or correct); False if it cannot be.

        The store is opened and read in a thread worker; the desk shows when it is done, if the officer
        is still on the screen they asked from (else the session is closed again)."""
        for screen in self.app.screen_stack:
            if isinstance(screen, DeskScreen):
                if screen.store.folder == folder:
                    while self.app.screen is not screen:
                        self.app.pop_screen()
                    return True
                self.app.notify(t("desk.open.other_open"), severity="warning", markup=False)
                return False
        return self._open(folder, self.app.screen, at_start=False)

    def _open(self, folder: Path, asked_on: Screen[Any] | None, *, at_start: bool) -> bool:
        if self.opening is not None:  # Enter pressed twice: the first open goes on
            return False
        self.opening = folder
        self.app.run_worker(
            partial(self._read_session, folder, asked_on, at_start),
            name="open-session",
            group=OPEN_GROUP,
            thread=True,
        )
        return True

    def _read_session(self, folder: Path, asked_on: Screen[Any] | None, at_start: bool) -> None:
        """In a thread worker: open the store (taking its lock) and read the desk's model, then show
        the desk, or the problem, on the UI thread."""
        result: DeskSession | Exception
        try:
            store = SessionStore(folder)
        except (StoreError, OSError) as error:
            result = error
        else:
            try:
                result = desk_session(self.services, store)
            except BaseException:
                store.close()
                raise
        try:
            self.app.call_from_thread(self._opened, folder, result, asked_on, at_start)
        except BaseException:  # the app is gone: give the lock back
            if isinstance(result, DeskSession):
                result.store.close()
            raise

    def _opened(
        self, folder: Path, result: DeskSession | Exception, asked_on: Screen[Any] | None, at_start: bool
    ) -> None:
        """On the UI thread: show the desk the worker opened, or say why it could not be opened."""
        self.opening = None
        if isinstance(result, DeskSession):
            if asked_on is not None and self.app.screen is not asked_on:
                result.store.close()  # the officer went elsewhere meanwhile: no desk over what they chose
                return
            self.push_desk(result.store, result)
            return
        if at_start:
            if isinstance(result, CorruptStoreError):
                self.ensure_home()
                self.offer_recovery(folder, result)
            else:  # the long way, with its messages
                self.app.push_screen(HomeScreen(self.services))
                self.open_day(self.services.today())
            return
        if isinstance(result, SessionLockedError):
            self.app.notify(locked_message(result), severity="error", timeout=12, markup=False)
        elif isinstance(result, CorruptStoreError):
            self.offer_recovery(folder, result)
        else:
            self.app.notify(
                t("cli.error.store", message=describe(result)), severity="error", timeout=12, markup=False
            )

    def offer_recovery(self, folder: Path, error: CorruptStoreError) -> None:
        """Say the file is damaged and set aside; offer the previous generation if there is one."""
        aside = error.set_aside.name if error.set_aside else "-"
        if error.previous is None:
            self.app.notify(
                t("desk.open.corrupt_none", aside=aside), severity="error", timeout=20, markup=False
            )
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                recovered = recover_previous(folder)
            except OSError as problem:
                self.app.notify(t("cli.error.store", message=describe(problem)), severity="error", markup=False)
                return
            if recovered:
                self.app.notify(t("desk.open.recovered"), severity="warning", timeout=12, markup=False)
                self.open_folder(folder)

        question = t("desk.open.corrupt_question", aside=aside)
        self.app.push_screen(ConfirmScreen(question, title=t("desk.open.corrupt_title")), answered)
