"""The office store: every imported record version in one SQLite database in the office folder.

SQLite (standard library) gives what a growing archive of 100,000 issues needs: indexed lookups
by id that stay fast as it grows, one transaction per imported file (a killed import leaves no
half file behind), and a single file the office can back up. See docs/exchange.md. Keys start
with the session id, so one file's records land on neighbouring pages (random UUID keys alone
would scatter every commit over the whole index), and a record id can never reach into another
session's records.

    versions   every (session, kind, id, revision, content hash) ever imported, with its JSON body
    current    the winning version of each record: highest revision; for two different bodies
               at the same revision (a conflict) the smaller content hash, so any import order
               gives the same result while both versions stay in ``versions``
    imports    one row per imported file (its sha256), for summaries and acknowledgements
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from reception_tui.exchange.errors import ExchangeError
from reception_tui.exchange.reader import RECORD_KINDS, VerifiedExport
from reception_tui.storage.atomic import ensure_private_dir

STORE_FILE = "office.sqlite3"
SCHEMA_VERSION = 1

KINDS = RECORD_KINDS

_DDL = """
CREATE TABLE IF NOT EXISTS versions (
    session_id TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL,
    content_sha256 TEXT NOT NULL, body TEXT NOT NULL, first_file TEXT NOT NULL,
    UNIQUE (session_id, kind, id, revision, content_sha256)
);
CREATE TABLE IF NOT EXISTS current (
    session_id TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL,
    content_sha256 TEXT NOT NULL,
    PRIMARY KEY (session_id, kind, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS imports (
    file_sha256 TEXT PRIMARY KEY, file_name TEXT NOT NULL, device_id TEXT NOT NULL,
    export_sequence INTEGER NOT NULL, session_id TEXT NOT NULL, payload_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL, counts TEXT NOT NULL
);
"""


_NEW, _UPDATED, _UNCHANGED, _CONFLICT = range(4)
"""Indexes of :class:`MergeCounts`' buckets, in the order merge lists them."""


@dataclass
class MergeCounts:
    """What one file (or a whole batch) changed, per record kind."""

    new: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, int] = field(default_factory=dict)

    def bump(self, bucket: dict[str, int], kind: str) -> None:
        """Count one record of ``kind`` in ``bucket``."""
        bucket[kind] = bucket.get(kind, 0) + 1

    def add(self, other: MergeCounts) -> None:
        """Add another file's counts."""
        for mine, theirs in (
            (self.new, other.new),
            (self.updated, other.updated),
            (self.unchanged, other.unchanged),
            (self.conflicts, other.conflicts),
        ):
            for kind, count in theirs.items():
                mine[kind] = mine.get(kind, 0) + count

    @property
    def changed(self) -> bool:
        """True when anything was stored."""
        return bool(self.new or self.updated or self.conflicts)


@dataclass(frozen=True)
class StoredRecord:
    """The current version of a record."""

    kind: str
    id: str
    revision: int
    session_id: str
    body: dict[str, Any]


class PendingCommit:
    """A batch's COMMIT, run here or in a helper thread; :meth:`wait` returns once it is on disk."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self) -> None:
        """Run the commit in a helper thread."""
        self._thread = threading.Thread(target=self.run, name="office-store-commit")
        self._thread.start()

    def run(self) -> None:
        """Commit; a failure rolls the batch back and is raised by :meth:`wait`."""
        try:
            self._db.execute("COMMIT")
        except BaseException as error:  # handed to the waiting thread
            self._error = error
            with contextlib.suppress(sqlite3.Error):
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")

    def wait(self) -> None:
        """Block until the commit is done; raise its error if it failed."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error


class OfficeStore:
    """The office database; use as a context manager."""

    def __init__(self, office_dir: Path) -> None:
        self.path = office_dir / STORE_FILE
        self._in_batch = False
        try:
            ensure_private_dir(office_dir)
            # one thread at a time: a batch's commit may run in a helper thread while this one checks
            # the next files, and is waited for before the connection is used again
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit returns only once the write-ahead log is on disk, so an acknowledged file
            # survives a power cut. Files are merged as savepoints and committed in batches, so the
            # fsync happens once per batch, not per file.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_DDL)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except (sqlite3.Error, OSError) as error:
            raise ExchangeError(f"{self.path}: cannot open the office store ({error})") from None

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> OfficeStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def already_imported(self, file_sha256: str) -> bool:
        """True when a file with these exact bytes was imported before."""
        row = self._db.execute("SELECT 1 FROM imports WHERE file_sha256 = ?", (file_sha256,)).fetchone()
        return row is not None

    def merge(
        self, export: VerifiedExport, *, file_sha256: str, file_name: str, now: datetime
    ) -> MergeCounts:
        """Merge every record of ``export`` atomically: all of it is stored, or none.

        Inside :meth:`batch` the file is a savepoint of the batch's transaction; otherwise its own
        transaction.
        """
        session_id = export.manifest["session_id"]
        counts = MergeCounts()
        db = self._db
        db.execute("SAVEPOINT merge_file" if self._in_batch else "BEGIN IMMEDIATE")
        try:
            existing = {
                (kind, record_id): (revision, digest)
                for kind, record_id, revision, digest in db.execute(
                    "SELECT kind, id, revision, content_sha256 FROM current WHERE session_id = ?",
                    (session_id,),
                )
            }
            versions: list[tuple[Any, ...]] = []
            inserts: list[tuple[Any, ...]] = []
            tally: dict[tuple[int, str], int] = {}
            for kind, record_id, revision, body in export.records:
                digest = hashlib.sha256(body).hexdigest()
                versions.append((session_id, kind, record_id, revision, digest, body, file_name))
                key = (kind, record_id)
                stored = existing.get(key)
                if stored is None:
                    outcome = _NEW
                elif revision > stored[0]:
                    outcome = _UPDATED
                elif revision == stored[0] and digest != stored[1]:
                    outcome = _CONFLICT
                    if digest > stored[1]:
                        tally[(outcome, kind)] = tally.get((outcome, kind), 0) + 1
                        continue
                else:
                    tally[(_UNCHANGED, kind)] = tally.get((_UNCHANGED, kind), 0) + 1
                    continue
                existing[key] = (revision, digest)
                inserts.append((session_id, kind, record_id, revision, digest))
                tally[(outcome, kind)] = tally.get((outcome, kind), 0) + 1
            buckets = (counts.new, counts.updated, counts.unchanged, counts.conflicts)
            for (outcome, kind), number in tally.items():
                buckets[outcome][kind] = number
            db.executemany(
                "INSERT OR IGNORE INTO versions "
                "(session_id, kind, id, revision, content_sha256, body, first_file) "
                # the body arrives as its UTF-8 bytes and is stored as that text without a round trip
                # through a Python string (orjson wrote it: it is valid UTF-8)
                "VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?)",
                versions,
            )
            db.executemany("INSERT OR REPLACE INTO current VALUES (?, ?, ?, ?, ?)", inserts)
            db.execute(
                "INSERT OR IGNORE INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    file_sha256,
                    file_name,
                    export.device_id,
                    export.manifest["export_sequence"],
                    session_id,
                    export.manifest["payload"]["sha256"],
                    now.isoformat(),
                    orjson.dumps(export.manifest["counts"]).decode("ascii"),
                ),
            )
            db.execute("RELEASE merge_file" if self._in_batch else "COMMIT")
        except BaseException:
            db.execute("ROLLBACK TO merge_file" if self._in_batch else "ROLLBACK")
            if self._in_batch:
                db.execute("RELEASE merge_file")
            raise
        return counts

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group many files' merges into one transaction (each file still whole or absent).

        A killed import loses the files of the open batch, never part of a file; running it again
        imports them. On an exception the batch is rolled back.
        """
        self.begin_batch()
        try:
            yield
        except BaseException:
            self.rollback_batch()
            raise
        self.commit_batch().wait()

    def begin_batch(self) -> None:
        """Open a batch: the transaction the following merges are savepoints of."""
        self._db.execute("BEGIN IMMEDIATE")
        self._in_batch = True

    def rollback_batch(self) -> None:
        """Drop every merge of the open batch."""
        self._in_batch = False
        self._db.execute("ROLLBACK")

    def commit_batch(self, *, in_background: bool = False) -> PendingCommit:
        """Commit the open batch (durable once :meth:`PendingCommit.wait` returns).

        ``in_background``: the commit runs in a helper thread, so this thread can check the next
        files (which needs no database) while the disk flushes; nothing may use the store until
        :meth:`PendingCommit.wait` has returned.
        """
        self._in_batch = False
        pending = PendingCommit(self._db)
        if in_background:
            pending.start()
        else:
            pending.run()
        return pending

    def checkpoint(self) -> None:
        """Copy committed imports from the write-ahead log into the database file (already durable)."""
        self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def import_row(self, file_sha256: str) -> dict[str, Any] | None:
        """What was recorded when the file with this hash was imported."""
        row = self._db.execute(
            "SELECT file_name, device_id, export_sequence, session_id, payload_sha256, imported_at, counts "
            "FROM imports WHERE file_sha256 = ?",
            (file_sha256,),
        ).fetchone()
        if row is None:
            return None
        names = ("file_name", "device_id", "export_sequence", "session_id", "payload_sha256", "imported_at")
        return {**dict(zip(names, row[:6], strict=True)), "counts": orjson.loads(row[6])}

    def records(self, kind: str) -> Iterator[StoredRecord]:
        """The current version of every record of ``kind``."""
        query = (
            "SELECT c.kind, c.id, c.revision, c.session_id, v.body FROM current c JOIN versions v "
            "ON v.session_id = c.session_id AND v.kind = c.kind AND v.id = c.id AND v.revision = c.revision "
            "AND v.content_sha256 = c.content_sha256 WHERE c.kind = ? ORDER BY c.session_id, c.id"
        )
        for row_kind, record_id, revision, session_id, body in self._db.execute(query, (kind,)):
            yield StoredRecord(row_kind, record_id, revision, session_id, orjson.loads(body))

    def session_records(self, session_id: str, kind: str) -> Iterator[StoredRecord]:
        """The current version of every record of ``kind`` in one session (an index range, not a scan)."""
        query = (
            "SELECT c.kind, c.id, c.revision, c.session_id, v.body FROM current c JOIN versions v "
            "ON v.session_id = c.session_id AND v.kind = c.kind AND v.id = c.id AND v.revision = c.revision "
            "AND v.content_sha256 = c.content_sha256 WHERE c.session_id = ? AND c.kind = ? ORDER BY c.id"
        )
        for row_kind, record_id, revision, row_session, body in self._db.execute(query, (session_id, kind)):
            yield StoredRecord(row_kind, record_id, revision, row_session, orjson.loads(body))

    def conflicted_ids(self, kind: str) -> set[tuple[str, str]]:
        """(session id, record id) of records whose current revision exists in two or more versions."""
        query = (
            "SELECT v.session_id, v.id FROM versions v JOIN current c ON c.session_id = v.session_id "
            "AND c.kind = v.kind AND c.id = v.id AND c.revision = v.revision WHERE v.kind = ? "
            "GROUP BY v.session_id, v.id HAVING COUNT(*) > 1"
        )
        return {(row[0], row[1]) for row in self._db.execute(query, (kind,))}

    def count(self, kind: str) -> int:
        """Number of current records of ``kind``."""
        row = self._db.execute("SELECT COUNT(*) FROM current WHERE kind = ?", (kind,)).fetchone()
        return int(row[0])

    def version_count(self) -> int:
        """Number of stored versions (all kinds)."""
        return int(self._db.execute("SELECT COUNT(*) FROM versions").fetchone()[0])
