"""Crash-safe storage: one TinyDB file per session, written atomically and durably."""

from reception_tui.storage.data_folder import DataFolder, SessionSummary
from reception_tui.storage.errors import (
    CorruptStoreError,
    NotFoundError,
    RevisionConflict,
    SessionLockedError,
    StoreError,
    StoreWriteError,
)
from reception_tui.storage.session_store import SessionSnapshot, SessionStore, recover_previous

__all__ = [
    "CorruptStoreError",
    "DataFolder",
    "NotFoundError",
    "RevisionConflict",
    "SessionLockedError",
    "SessionSnapshot",
    "SessionStore",
    "SessionSummary",
    "StoreError",
    "StoreWriteError",
    "recover_previous",
]
