"""Storage errors.

    StoreError                  anything the store refuses or cannot do
    ├── CorruptStoreError       a session file does not parse: it is set aside, never overwritten
    ├── SessionLockedError      another window or process has the session open for writing
    ├── StoreWriteError         the disk refused a write (full, removed, I/O error); nothing changed
    ├── RevisionConflict        the record changed since it was read
    └── NotFoundError           no such session or record

Each error carries a message key and parameters (``key``, ``params``) so the interface shows it in its own
language (``reception_tui.i18n.describe``); ``str()`` is the English message, for logs and scripts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reception_tui.i18n import Message, os_reason, t

_HOLDER = re.compile(r"pid (\d+) on (.+)")


class StoreError(Exception):
    """Base class of storage errors; ``key`` and ``params`` name a message free of visitors' data."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params: Mapping[str, Any] = params
        super().__init__(t(key, "en", **params))


def reason(key: str, **params: Any) -> Message:
    """Why a session file is damaged, as a message rendered with the error."""
    return Message(key, params)


class CorruptStoreError(StoreError):
    """The file at ``path`` is damaged; ``set_aside`` is where it was moved, ``previous`` the last good one."""

    def __init__(
        self, path: Path, reason: Message, *, set_aside: Path | None = None, previous: Path | None = None
    ) -> None:
        self.path = path
        self.reason = reason
        self.set_aside = set_aside
        self.previous = previous
        super().__init__("store.error.corrupt", path=path, reason=reason)


class SessionLockedError(StoreError):
    """The session is open for writing elsewhere; ``pid`` and ``host`` name the holder when known."""

    def __init__(self, path: Path, holder: str = "") -> None:
        self.path = path
        self.holder = holder
        found = _HOLDER.fullmatch(holder)
        self.pid: int | None = int(found.group(1)) if found else None
        self.host: str = found.group(2) if found else ""
        if self.pid is not None:
            super().__init__("store.error.locked_by", path=path, holder=holder, pid=self.pid, host=self.host)
        elif holder:
            super().__init__("store.error.locked_by_other", path=path, holder=holder)
        else:
            super().__init__("store.error.locked", path=path)


class StoreWriteError(StoreError):
    """A write failed; the session file still holds the last committed state."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        self.errno = error.errno
        super().__init__("store.error.write", path=path, reason=os_reason(error))


class RevisionConflict(StoreError):
    """The record was changed by someone else since it was read."""


class NotFoundError(StoreError):
    """No such session or record."""
