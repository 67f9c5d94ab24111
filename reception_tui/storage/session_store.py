"""One reception session's database: a TinyDB snapshot and a journal of commits in its own folder.

Layout of a session folder (0700, every file 0600)::

    session.json           the snapshot (a TinyDB file with a generation id), replaced atomically
    session.journal        the commits made since the snapshot, appended one checksummed line each
    session.json.prev      the previous generation of the snapshot, offered if the live one is found damaged
    session.journal.prev   the journal folded into the live snapshot: with the previous generation it
                           rebuilds the live one, so recovering loses no commit
    .lock                  held while a process has the session open for writing
    .owner                 "pid … on …" of the process holding the lock, for the second window's message
    draft.json             the form being typed (services.drafts); *.damaged-*: damaged files set aside

Every commit writes records and their audit events as one journal entry (one write, one fdatasync);
the journal is folded into a new snapshot when it grows, when the session closes, and before a purge
(see :mod:`reception_tui.storage.durable`). Readers without the lock see the snapshot and its journal.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import filelock
import orjson
from tinydb import TinyDB

from reception_tui.domain.codec import (
    CodecError,
    audit_from_dict,
    issue_from_dict,
    receipt_from_dict,
    session_from_dict,
    to_dict,
    visitor_from_dict,
)
from reception_tui.domain.models import AuditEvent, Issue, ReceiptIssued, ReceptionSession, Record, Visitor
from reception_tui.storage.atomic import FILE_MODE, ensure_private_dir, fsync_dir, write_atomic
from reception_tui.storage.durable import (
    GENERATION_TABLE,
    DurableJSONStorage,
    gc_paused,
    journal_path,
    parse_store_bytes,
    previous_generation,
    read_tables,
    rebuild_from_previous,
    set_aside_damaged,
    written_intact,
)
from reception_tui.storage.errors import (
    CorruptStoreError,
    NotFoundError,
    RevisionConflict,
    SessionLockedError,
    StoreWriteError,
    reason,
)
from reception_tui.storage.journal import Op

STORE_FILE = "session.json"
LOCK_FILE = ".lock"
OWNER_FILE = ".owner"
FORMAT_VERSION = 1

TABLES: dict[type[Record], str] = {
    ReceptionSession: "session", Visitor: "visitors", Issue: "issues", ReceiptIssued: "receipts",
}
DECODERS: dict[str, Callable[[Any], Any]] = {
    "session": session_from_dict, "visitors": visitor_from_dict, "issues": issue_from_dict,
    "receipts": receipt_from_dict,
}
AUDIT_PREFIX = "audit"
AUDIT_SEGMENT = 500
"""Audit events are kept in segments of this many, so appending one re-serialises a small table."""
META_TABLE = "meta"

T = TypeVar("T")


def read_session_file(path: Path) -> dict[str, Any]:
    """A session's tables as last committed, read without locking it: the snapshot (only ever replaced
    whole) and the entries of its journal (only ever appended; a torn last entry is ignored)."""
    return read_tables(path)


def read_snapshot_file(path: Path) -> dict[str, Any]:
    """Parse one snapshot file alone (a previous generation, a copy)."""
    return parse_store_bytes(path.read_bytes(), path)


def _where(error: Exception) -> str:
    """The record type and field a decoding error names (an identifier, never a value)."""
    if isinstance(error, CodecError):
        return f"{error.record_type}.{error.field}"
    return type(error).__name__


def _records(table: dict[str, Any], decode: Callable[[Any], T], path: Path) -> list[T]:
    out = []
    for doc in table.values():
        try:
            out.append(decode(doc))
        except CodecError as error:
            problem = reason("store.reason.bad_record", where=_where(error), detail=str(error))
            raise CorruptStoreError(path, problem) from None
    return out


@dataclass(frozen=True)
class SessionSnapshot:
    """Everything in a session file, decoded; what listings, exports and receipts read."""

    session: ReceptionSession
    visitors: tuple[Visitor, ...]
    issues: tuple[Issue, ...]
    audit: tuple[AuditEvent, ...]
    receipts: tuple[ReceiptIssued, ...] = ()

    @classmethod
    def from_tables(cls, tables: dict[str, Any], path: Path, *, audit: bool = True) -> SessionSnapshot:
        """Decode the raw tables of a session file; with ``audit=False`` the audit events are left
        undecoded (``audit`` is empty): the store's open keeps none of them, and skips them only for a
        file :func:`written_intact` vouches for."""
        sessions = _records(tables.get("session", {}), session_from_dict, path)
        if len(sessions) != 1:
            raise CorruptStoreError(path, reason("store.reason.no_session"))
        visitors = sorted(_records(tables.get("visitors", {}), visitor_from_dict, path), key=lambda v: v.queue_number)
        issues = sorted(
            _records(tables.get("issues", {}), issue_from_dict, path), key=lambda i: (i.case_number, i.number)
        )
        audit_docs = {
            f"{name}/{doc_id}": doc
            for name, table in tables.items() if audit and name.startswith(AUDIT_PREFIX)
            for doc_id, doc in table.items()
        }
        events = sorted(_records(audit_docs, audit_from_dict, path), key=lambda e: e.at)
        receipts = sorted(_records(tables.get("receipts", {}), receipt_from_dict, path), key=lambda r: r.created_at)
        return cls(sessions[0], tuple(visitors), tuple(issues), tuple(events), tuple(receipts))


class SessionStore:
    """The open, locked database of one session; the only way records are written."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / STORE_FILE
        # not thread-local: the desk opens a session in a thread worker and closes it on the UI thread
        self._lock = filelock.FileLock(str(folder / LOCK_FILE), timeout=0, mode=FILE_MODE, thread_local=False)
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise SessionLockedError(folder, self._owner()) from None
        try:
            with contextlib.suppress(OSError):
                (folder / LOCK_FILE).chmod(FILE_MODE)  # a lock file made by an older version was 0644
            self._storage: DurableJSONStorage | None = None
            self._db, opened = self._open_db()
            self._index: dict[str, dict[str, int]] = {}
            self._decoded: dict[str, dict[str, Any]] = {}
            if opened is not None:
                # the integrity check at open decoded every record: keep them rather than decode again
                self._decoded = {
                    "session": {opened.session.id: opened.session},
                    "visitors": {v.id: v for v in opened.visitors},
                    "issues": {i.id: i for i in opened.issues},
                    "receipts": {r.id: r for r in opened.receipts},
                }
            self._audit_count: int | None = None
            self._next_ids: dict[str, int] = {}
            """Each table's next TinyDB document id, once looked up."""
            self._write_owner()
        except BaseException:
            self._lock.release()
            raise

    # -- opening -------------------------------------------------------------------------------

    def _open_db(self) -> tuple[TinyDB, SessionSnapshot | None]:
        db = TinyDB(self.path, storage=DurableJSONStorage)
        storage = db.storage
        assert isinstance(storage, DurableJSONStorage)
        self._storage = storage
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            storage.prime({}, 0)
            return db, None
        try:
            with gc_paused():
                tables = storage.prime(parse_store_bytes(raw, self.path), len(raw))
                # every record is checked at open, where the desk can offer the previous generation;
                # the audit events only when the file is not byte for byte as written (the journal's
                # entries have their own checksums), since nothing here keeps them
                snapshot = SessionSnapshot.from_tables(tables, self.path, audit=not written_intact(raw))
        except CorruptStoreError as error:
            # the journal stays: with the previous generation and its journal it rebuilds this state
            storage.close_without_fold()
            set_aside = set_aside_damaged(self.path)
            previous = previous_generation(self.path)
            raise CorruptStoreError(
                self.path, error.reason, set_aside=set_aside, previous=previous if _parses(previous) else None,
            ) from None
        return db, snapshot

    def _owner(self) -> str:
        with contextlib.suppress(OSError):
            return (self.folder / OWNER_FILE).read_text(encoding="utf-8").strip()
        return ""

    def _write_owner(self) -> None:
        """Say who holds the lock, for the second window's message. Advisory only, so not fsynced:
        after a power cut the lock is gone anyway and a stale or empty owner line harms nothing."""
        with contextlib.suppress(OSError):
            fd = os.open(self.folder / OWNER_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
            with os.fdopen(fd, "wb") as handle:
                handle.write(f"pid {os.getpid()} on {socket.gethostname()}".encode())

    def close(self) -> None:
        """Fold the journal into the snapshot (best effort: every commit is already on disk) and
        release the lock."""
        try:
            with contextlib.suppress(Exception):
                self._db.close()
        finally:
            self._lock.release()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------------

    def _table(self, name: str) -> dict[str, Any]:
        data = self._db.storage.read() or {}
        table: dict[str, Any] = data.get(name, {})
        return table

    def snapshot(self) -> SessionSnapshot:
        """All records of the session as they are now."""
        return SessionSnapshot.from_tables(self._db.storage.read() or {}, self.path)

    def _records_of(self, name: str) -> dict[str, Any]:
        """Decoded records of a table by id, kept until the next failed write (records are frozen)."""
        records = self._decoded.get(name)
        if records is None:
            try:
                records = {doc["id"]: DECODERS[name](doc) for doc in self._table(name).values()}
            except (CodecError, KeyError, TypeError) as error:
                raise CorruptStoreError(
                    self.path, reason("store.reason.bad_record_in", table=name, where=_where(error), detail=str(error))
                ) from None
            self._decoded[name] = records
        return records

    def session(self) -> ReceptionSession:
        """The session record."""
        sessions = list(self._records_of("session").values())
        if not sessions:
            raise NotFoundError("store.error.no_session_record")
        session: ReceptionSession = sessions[0]
        return session

    def visitors(self) -> list[Visitor]:
        """Visitors in queue order."""
        return sorted(self._records_of("visitors").values(), key=lambda v: v.queue_number)

    def issues(self, visitor_id: str | None = None) -> list[Issue]:
        """Issues, all or one visitor's, in case-number order."""
        found: Iterable[Issue] = self._records_of("issues").values()
        if visitor_id is not None:
            found = [issue for issue in found if issue.visitor_id == visitor_id]
        return sorted(found, key=lambda i: (i.case_number, i.number))

    def receipts(self, visitor_id: str | None = None) -> list[ReceiptIssued]:
        """Receipts issued, all or one visitor's, oldest first."""
        found: Iterable[ReceiptIssued] = self._records_of("receipts").values()
        if visitor_id is not None:
            found = [receipt for receipt in found if receipt.visitor_id == visitor_id]
        return sorted(found, key=lambda r: r.created_at)

    def audit(self) -> list[AuditEvent]:
        """Audit events in time order."""
        return list(self.snapshot().audit)

    def get(self, record_type: type[T], record_id: str) -> T:
        """One record by id; :class:`NotFoundError` if there is none."""
        name = TABLES[record_type]  # type: ignore[index]
        record: T | None = self._records_of(name).get(record_id)
        if record is None:
            raise NotFoundError("store.error.no_record", table=name, record=record_id)
        return record

    def _doc_ids(self, name: str) -> dict[str, int]:
        index = self._index.get(name)
        if index is None:
            index = {doc["id"]: int(doc_id) for doc_id, doc in self._table(name).items()}
            self._index[name] = index
        return index

    # -- writing -------------------------------------------------------------------------------

    def commit(self, records: Sequence[Record], events: Iterable[AuditEvent] = ()) -> None:
        """Write ``records`` and their audit ``events`` together, durably, or not at all.

        A record with revision 1 must be new; any other must follow the stored revision exactly
        (:class:`RevisionConflict` otherwise). :class:`StoreWriteError` means the disk refused the
        write and the file still holds the previous state.
        """
        for record in records:
            name = TABLES[type(record)]
            stored = self._records_of(name).get(record.id)
            if stored is None and record.revision != 1:
                raise RevisionConflict("store.error.not_stored", table=name, record=record.id)
            if stored is not None and stored.revision != record.revision - 1:
                raise RevisionConflict("store.error.revision", table=name, record=record.id, revision=stored.revision)
        assert self._storage is not None
        events = list(events)
        ops: list[Op] = []
        new_ids: list[tuple[str, str, int]] = []
        next_ids = self._next_ids
        for record in records:
            name = TABLES[type(record)]
            index = self._doc_ids(name)
            doc_id = index.get(record.id)
            if doc_id is None:
                doc_id = next_ids.get(name) or self._next_doc_id(name)
                next_ids = {**next_ids, name: doc_id + 1}
                new_ids.append((name, record.id, doc_id))
            ops.append([name, str(doc_id), to_dict(record)])
        audit_count = self._audit_total()
        for offset, event in enumerate(events):
            segment = self._segment_name(audit_count + offset)
            doc_id = next_ids.get(segment) or self._next_doc_id(segment)
            next_ids = {**next_ids, segment: doc_id + 1}
            ops.append([segment, str(doc_id), to_dict(event)])
        try:
            self._storage.commit(ops)
        except BaseException as error:
            self._index.clear()
            self._decoded.clear()
            self._audit_count = None
            self._next_ids = {}
            if isinstance(error, OSError):
                raise StoreWriteError(self.path, error) from None
            raise
        self._next_ids = next_ids
        for name, record_id, doc_id in new_ids:
            self._index[name][record_id] = doc_id
        self._audit_count = audit_count + len(events)
        for record in records:
            self._records_of(TABLES[type(record)])[record.id] = record

    def _audit_total(self) -> int:
        if self._audit_count is None:
            data = self._db.storage.read() or {}
            self._audit_count = sum(len(table) for name, table in data.items() if name.startswith(AUDIT_PREFIX))
        return self._audit_count

    @staticmethod
    def _segment_name(position: int) -> str:
        return f"{AUDIT_PREFIX}_{position // AUDIT_SEGMENT:04d}"

    def _next_doc_id(self, name: str) -> int:
        """TinyDB's next document id in table ``name``: one more than the largest."""
        return max((int(doc_id) for doc_id in self._table(name)), default=0) + 1

    def forget_earlier_copies(self) -> list[Path]:
        """Leave the current state as the only one in the folder; returns the files removed.

        After a purge, earlier states must not survive anywhere: the journal is folded into the
        snapshot, the previous generation becomes a copy of the current file, and every other file in
        the folder (the folded journal, damaged copies set aside, drafts, temp files left by a crash)
        is removed. The lock and owner files stay.
        """
        assert self._storage is not None
        try:
            self._storage.fold()  # the journal's entries into the snapshot, and the journal out of the way
        except OSError as error:
            raise StoreWriteError(self.path, error) from None
        write_atomic(previous_generation(self.path), self.path.read_bytes())
        keep = {STORE_FILE, previous_generation(self.path).name, LOCK_FILE, OWNER_FILE}
        removed = []
        for path in sorted(self.folder.iterdir()):
            if path.name in keep or not (path.is_file() or path.is_symlink()):
                continue
            path.unlink()
            removed.append(path)
        fsync_dir(self.folder)
        return removed

    def set_meta(self, **values: Any) -> None:
        """Store small non-record settings of the session (format version, export marks)."""
        assert self._storage is not None
        current = self._table(META_TABLE).get("1")
        doc = {**current, **values} if current is not None else {"format_version": FORMAT_VERSION, **values}
        try:
            self._storage.commit([[META_TABLE, "1", doc]])
        except OSError as error:
            raise StoreWriteError(self.path, error) from None

    def meta(self) -> dict[str, Any]:
        """The session's meta values."""
        table = self._table(META_TABLE)
        return dict(table.get("1", {}))


def _parses(path: Path) -> bool:
    try:
        SessionSnapshot.from_tables(read_snapshot_file(path), path)
    except (OSError, CorruptStoreError):
        return False
    return True


def create_store(folder: Path, session: ReceptionSession, event: AuditEvent) -> SessionStore:
    """Make a new session folder and database holding ``session``; returns it open and locked."""
    ensure_private_dir(folder)
    store = SessionStore(folder)
    try:
        store.commit([session], [event])
        store.set_meta(format_version=FORMAT_VERSION)
    except BaseException:
        store.close()
        raise
    return store


def recover_previous(folder: Path) -> bool:
    """Put the last good generation back as the live file; False when there is none.

    The previous generation is brought up to date with the journal that was folded into the damaged
    snapshot and, when it continues that one, the damaged snapshot's own journal, so normally no
    commit is lost. The damaged file stays set aside; a journal that could not be applied is set
    aside when the session is next opened.
    """
    path = folder / STORE_FILE
    previous = previous_generation(path)
    if not _parses(previous):
        return False
    tables = read_snapshot_file(previous)
    journal_applied = rebuild_from_previous(path, tables)
    tables.pop(GENERATION_TABLE, None)  # a new generation: no journal on disk belongs to it
    if path.exists():
        set_aside_damaged(path)
    write_atomic(path, orjson.dumps(tables))
    if journal_applied:
        journal_path(path).unlink()  # everything in it is in the file just written
        fsync_dir(folder)
    return True
