"""Crash-safe storage: one TinyDB file per session, written atomically and durably."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reception_tui.lazy import lazy_exports
from reception_tui.storage.errors import (
    CorruptStoreError,
    NotFoundError,
    RevisionConflict,
    SessionLockedError,
    StoreError,
    StoreWriteError,
)

if TYPE_CHECKING:
    from reception_tui.storage.data_folder import DataFolder, SessionSummary
    from reception_tui.storage.session_store import SessionSnapshot, SessionStore, recover_previous

_LAZY = {
    "DataFolder": "reception_tui.storage.data_folder",
    "SessionSummary": "reception_tui.storage.data_folder",
    "SessionSnapshot": "reception_tui.storage.session_store",
    "SessionStore": "reception_tui.storage.session_store",
    "recover_previous": "reception_tui.storage.session_store",
}
"""Names imported from their modules on first use, so that loading the package costs nothing it does not need."""

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


__getattr__ = lazy_exports(__name__, _LAZY, globals())
