"""Storage errors.

    StoreError                  anything the store refuses or cannot do
    ├── CorruptStoreError       a session file does not parse: it is set aside, never overwritten
    ├── SessionLockedError      another window or process has the session open for writing
    ├── StoreWriteError         the disk refused a write (full, removed, I/O error); nothing changed
    ├── RevisionConflict        the record changed since it was read
    └── NotFoundError           no such session or record
"""

from __future__ import annotations

import re
from pathlib import Path

_HOLDER = re.compile(r"pid (\d+) on (.+)")


class StoreError(Exception):
    """Base class of storage errors; ``str()`` is a message for a person, free of visitors' data."""


class CorruptStoreError(StoreError):
    """The file at ``path`` is damaged; ``set_aside`` is where it was moved, ``previous`` the last good one."""

    def __init__(self, path: Path, reason: str, *, set_aside: Path | None = None, previous: Path | None = None):
        self.path = path
        self.reason = reason
        self.set_aside = set_aside
        self.previous = previous
        super().__init__(f"{path}: session file is damaged ({reason})")


class SessionLockedError(StoreError):
    """The session is open for writing elsewhere; ``pid`` and ``host`` name the holder when known."""

    def __init__(self, path: Path, holder: str = "") -> None:
        self.path = path
        self.holder = holder
        found = _HOLDER.fullmatch(holder)
        self.pid: int | None = int(found.group(1)) if found else None
        self.host: str = found.group(2) if found else ""
        who = f" by {holder}" if holder else ""
        super().__init__(f"{path}: this session is already open{who}; close the other window first")


class StoreWriteError(StoreError):
    """A write failed; the session file still holds the last committed state."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        self.errno = error.errno
        super().__init__(f"{path}: could not save ({error.strerror or error}); nothing was changed")


class RevisionConflict(StoreError):
    """The record was changed by someone else since it was read."""


class NotFoundError(StoreError):
    """No such session or record."""
