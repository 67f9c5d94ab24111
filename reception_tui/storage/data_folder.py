"""The data folder: one sub-folder per reception session, plus logs and device files.

    <data>/sessions/<date>_<site>_<id8>/session.json (+ session.journal; see session_store)
    <data>/receipts/<ref>.pdf|png   receipts saved at the desk
    <data>/logs/
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reception_tui.domain.models import AuditEvent, ReceptionSession, SessionState
from reception_tui.storage.atomic import ensure_private_dir
from reception_tui.storage.durable import gc_paused
from reception_tui.storage.errors import CorruptStoreError, NotFoundError
from reception_tui.storage.session_store import (
    STORE_FILE,
    SessionSnapshot,
    SessionStore,
    create_store,
    read_session_file,
)


@dataclass(frozen=True)
class SessionSummary:
    """One line of the sessions list."""

    id: str
    day: date | None
    site_code: str
    state: str
    """``open``, ``closed`` or ``damaged``."""
    visitors: int
    issues: int
    folder: Path
    problem: str = ""
    """Why a damaged session cannot be read, in English (for scripts and logs)."""
    failure: Exception | None = field(default=None, compare=False)
    """The error itself, to be shown in the interface's language (``reception_tui.i18n.describe``)."""


class DataFolder:
    """The per-user data folder holding every session on this laptop."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def sessions_dir(self) -> Path:
        """Where session folders live."""
        return self.root / "sessions"

    @property
    def receipts_dir(self) -> Path:
        """Where the desk saves receipts as files (PDF, PNG), named by receipt reference."""
        return self.root / "receipts"

    @property
    def logs_dir(self) -> Path:
        """Where error logs (without personal data) are written."""
        return ensure_private_dir(self.root / "logs")

    def ensure(self) -> DataFolder:
        """Create the folder structure (0700) if missing."""
        ensure_private_dir(self.root)
        ensure_private_dir(self.sessions_dir)
        return self

    def folder_for(self, session: ReceptionSession) -> Path:
        """The folder a new session gets."""
        return self.sessions_dir / f"{session.day:%Y-%m-%d}_{session.site_code}_{session.id[:8]}"

    def create_session(self, session: ReceptionSession, event: AuditEvent) -> SessionStore:
        """Store a new session; returns its open store."""
        self.ensure()
        return create_store(self.folder_for(session), session, event)

    def session_folders(self) -> list[Path]:
        """Every session folder with a database file, oldest date first."""
        if not self.sessions_dir.is_dir():
            return []
        return sorted(p for p in self.sessions_dir.iterdir() if p.is_dir() and (p / STORE_FILE).exists())

    def find_folder(self, session_id: str) -> Path:
        """The folder of the session whose id is (or starts with) ``session_id``."""
        matches = [p for p in self.session_folders() if p.name.endswith(session_id[:8])]
        for folder in matches:
            try:
                snapshot = self.read(folder)
            except (OSError, CorruptStoreError):
                continue
            if snapshot.session.id.startswith(session_id):
                return folder
        raise NotFoundError("store.error.no_session", session=session_id, folder=self.sessions_dir)

    def open_session(self, session_id: str) -> SessionStore:
        """Open (and lock) the session with this id."""
        return SessionStore(self.find_folder(session_id))

    def read(self, folder: Path) -> SessionSnapshot:
        """Read a session without locking it: its snapshot and the commits in its journal."""
        path = folder / STORE_FILE
        with gc_paused():
            return SessionSnapshot.from_tables(read_session_file(path), path)

    def snapshots(self) -> list[SessionSnapshot]:
        """Every readable session, oldest first; damaged ones are skipped (see :meth:`list_sessions`)."""
        found = []
        for folder in self.session_folders():
            try:
                found.append(self.read(folder))
            except (OSError, CorruptStoreError):
                continue
        return found

    def list_sessions(self) -> list[SessionSummary]:
        """A summary per session folder; a damaged file is listed as such, not skipped silently."""
        summaries = []
        for folder in self.session_folders():
            try:
                snapshot = self.read(folder)
            except (OSError, CorruptStoreError) as error:
                damaged = SessionSummary("", None, "", "damaged", 0, 0, folder, problem=str(error), failure=error)
                summaries.append(damaged)
                continue
            session = snapshot.session
            summaries.append(
                SessionSummary(
                    session.id, session.day, session.site_code, SessionState(session.state).value,
                    len(snapshot.visitors), len(snapshot.issues), folder,
                )
            )
        return sorted(summaries, key=lambda s: (s.day or date.min, s.folder.name))
