"""The laptop's side of sync: which sessions have changes not yet exported where, and writing them safely.

What was exported where lives in ``<data>/exchange/exports.json`` (written atomically, under a lock),
not in the session files, so exporting never needs a session's write lock. A session has changes
not exported to a destination when the hash of a fresh export payload differs from the payload
hash last written there. Each file is written atomically, its page cache dropped, read back from
the device and its sha256 compared: only then is the stick reported safe to remove.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import filelock

from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.canonical import sha256_hex
from reception_tui.exchange.document import build_export, export_file_name, payload_sha256
from reception_tui.exchange.errors import DestinationError, KeyFileError
from reception_tui.exchange.keys import DeviceKey
from reception_tui.i18n import Message, os_reason
from reception_tui.storage.atomic import FILE_MODE, ensure_private_dir, write_atomic
from reception_tui.storage.data_folder import DataFolder
from reception_tui.storage.errors import CorruptStoreError
from reception_tui.storage.session_store import SessionSnapshot

EXCHANGE_DIR = "exchange"
EXPORT_LOG_FILE = "exports.json"


def exchange_dir(data_folder: DataFolder) -> Path:
    """``<data>/exchange``: device key, export log."""
    return data_folder.root / EXCHANGE_DIR


def destination_key(folder: Path) -> str:
    """How a destination folder is remembered."""
    return str(folder.expanduser().resolve())


class ExportLog:
    """The export sequence and every export made, per session and destination."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / EXPORT_LOG_FILE
        self.lock = filelock.FileLock(str(folder / ".exports.lock"), timeout=30, mode=FILE_MODE)
        self.data: dict[str, Any] = {"format_version": 1, "sequence": 0, "exports": [], "purged": {}}
        self.reload()

    def reload(self) -> None:
        """Read the log from disk."""
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data.get("exports"), list) or not isinstance(data.get("sequence"), int):
                raise ValueError
        except (OSError, UnicodeDecodeError, ValueError, AttributeError):
            raise KeyFileError(self.path, Message("exchange.problem.log_damaged")) from None
        data.setdefault("purged", {})
        self.data = data

    def save(self) -> None:
        """Write the log atomically."""
        text = json.dumps(self.data, ensure_ascii=False, indent=2)
        write_atomic(self.path, (text + "\n").encode("utf-8"))

    def next_sequence(self) -> int:
        """Take the next export number and save it first, so a number is never used twice."""
        self.data["sequence"] = int(self.data["sequence"]) + 1
        self.save()
        return int(self.data["sequence"])

    def exports_of(self, session_id: str) -> list[dict[str, Any]]:
        """Every export of a session, oldest first."""
        return [e for e in self.data["exports"] if e.get("session_id") == session_id]

    def last_export(self, session_id: str, destination: str) -> dict[str, Any] | None:
        """The last export of a session to a destination."""
        matches = [e for e in self.exports_of(session_id) if e.get("destination") == destination]
        return matches[-1] if matches else None

    def record(self, entry: dict[str, Any]) -> None:
        """Remember an export (saved)."""
        self.data["exports"].append(entry)
        self.save()

    def purged(self, session_id: str) -> dict[str, Any] | None:
        """When and on whose acknowledgement a session's personal data was purged."""
        value = self.data["purged"].get(session_id)
        return value if isinstance(value, dict) else None

    def mark_purged(self, session_id: str, info: dict[str, Any]) -> None:
        """Remember a purge (saved)."""
        self.data["purged"][session_id] = info
        self.save()


@dataclass(frozen=True)
class PendingSession:
    """A session with changes not yet exported to a destination."""

    snapshot: SessionSnapshot
    folder: Path
    payload_sha256: str
    last_exported_at: str | None


@dataclass(frozen=True)
class ExportResult:
    """One file written and verified."""

    session_id: str
    path: Path
    sequence: int
    file_sha256: str
    counts: dict[str, int]
    sealed: bool


class Outbox:
    """Exports of this laptop's sessions."""

    def __init__(self, data_folder: DataFolder, config: SiteConfig) -> None:
        self.data_folder = data_folder
        self.config = config
        self.folder = ensure_private_dir(exchange_dir(data_folder))
        self.log = ExportLog(self.folder)
        self.unreadable: list[tuple[Path, CorruptStoreError | OSError]] = []
        """Sessions the last :meth:`pending` could not read, and why: never exported, and never passed over in
        silence (a damaged session is not "already exported")."""

    def device(self) -> DeviceKey:
        """This laptop's device key (made on first use)."""
        return DeviceKey.load_or_create(self.folder)

    def pending(self, destination: Path | None) -> list[PendingSession]:
        """Sessions with changes not yet exported to ``destination`` (purged sessions never are).

        With no destination (no stick inserted yet), sessions whose current state has not been
        exported anywhere, so the liaison officer sees what is waiting before plugging a stick in.
        """
        self.log.reload()
        key = destination_key(destination) if destination is not None else None
        found = []
        self.unreadable = []
        for folder in self.data_folder.session_folders():
            try:
                snapshot = self.data_folder.read(folder)
            except (OSError, CorruptStoreError) as error:
                self.unreadable.append((folder, error))
                continue
            if self.log.purged(snapshot.session.id):
                continue
            digest = payload_sha256(snapshot)
            if key is None:
                exports = self.log.exports_of(snapshot.session.id)
                last = exports[-1] if exports else None
                if any(e.get("payload_sha256") == digest for e in exports):
                    continue
                found.append(
                    PendingSession(snapshot, folder, digest, last.get("exported_at") if last else None)
                )
                continue
            last = self.log.last_export(snapshot.session.id, key)
            if last is None or last.get("payload_sha256") != digest:
                found.append(
                    PendingSession(snapshot, folder, digest, last.get("exported_at") if last else None)
                )
        return found

    def export(
        self,
        folders: Sequence[Path],
        destination: Path,
        *,
        now: Callable[[], datetime],
        progress: Callable[[int, int, ExportResult], None] | None = None,
    ) -> list[ExportResult]:
        """Export the sessions in ``folders`` to ``destination``; every file is verified before the next."""
        try:
            destination.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DestinationError(destination, os_reason(error)) from None
        results = []
        device = self.device()
        with self.log.lock:
            self.log.reload()
            for index, folder in enumerate(folders, 1):
                snapshot = self.data_folder.read(folder)
                if self.log.purged(snapshot.session.id):
                    raise DestinationError(folder, Message("exchange.problem.purged"))
                result = self._export_one(snapshot, destination, device, now())
                results.append(result)
                if progress is not None:
                    progress(index, len(folders), result)
        return results

    def _export_one(
        self, snapshot: SessionSnapshot, destination: Path, device: DeviceKey, now: datetime
    ) -> ExportResult:
        sequence = self.log.next_sequence()
        built = build_export(
            snapshot,
            device,
            sequence=sequence,
            exported_at=now,
            office_public_key=self.config.office_public_key,
        )
        path = destination / export_file_name(built.manifest)
        expected = sha256_hex(built.data)
        try:
            write_atomic(path, built.data)
            found = sha256_hex(read_back(path))
        except OSError as error:
            raise DestinationError(path, os_reason(error)) from None
        if found != expected:
            # a file the stick garbled must not travel: remove it (best effort) so nobody carries it
            with contextlib.suppress(OSError):
                path.unlink()
            raise DestinationError(path, Message("exchange.problem.read_back"))
        self.log.record(
            {
                "session_id": snapshot.session.id,
                "destination": destination_key(destination),
                "file": path.name,
                "sequence": sequence,
                "device_id": device.device_id,
                "payload_sha256": built.payload_sha256,
                "file_sha256": expected,
                "exported_at": now.isoformat(),
                "sealed": bool(self.config.office_public_key),
            }
        )
        return ExportResult(
            snapshot.session.id,
            path,
            sequence,
            expected,
            dict(built.manifest["counts"]),
            bool(self.config.office_public_key),
        )


def read_back(path: Path) -> bytes:
    """Read a just-written file from the device, not from memory: its cached pages are dropped first."""
    fd = os.open(path, os.O_RDONLY)
    try:
        advise = getattr(os, "posix_fadvise", None)
        if advise is not None:
            with contextlib.suppress(OSError):
                advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
