"""The office store: every imported session in one database: the office folder's SQLite file, or a PostgreSQL
server (``office_db``), through :class:`reception_tui.storage.sql.Database`.

A session is what the laptops export and the unit the office merges, so the store keeps one row
per session holding its current records as one canonical JSON document, beside one row per
imported file holding the payload exactly as it was verified (see docs/exchange.md):

    sessions   per session: site, day, and ``state``, the current version of each of its records
               (session, visitors, issues, receipts, audit events): the highest revision; for two
               different bodies at the same revision (a conflict) the one whose canonical JSON has
               the smaller sha256, so any import order gives the same result; ``conflicts`` lists
               the content hashes of every version of a record whose current revision has more
               than one; ``versions`` counts the record versions that became current or a side
               of a conflict as files arrived; ``case_numbers`` the current issues' case numbers
               (one per line), so numbers given out twice are found without reading states
    files      one row per imported file (by the sha256 of its bytes): who sent it, when it was
               imported, its counts, and its payload (NULL while it is the same bytes as its
               session's ``state``: a session imported from one file is stored once). Every
               version of every record stays readable here: both sides of a conflict included.

Importing a new session is two inserts whatever its size, instead of a few hundred B-tree inserts
for one row per record; the ledger reads each session in one decode. Lookups by site and day go
through an index.

**Two importers at once** (PostgreSQL; on SQLite ``BEGIN IMMEDIATE`` queues them): a file's merge
first locks its session's row (``SELECT … FOR UPDATE``, or for a new session ``INSERT … ON CONFLICT
DO NOTHING``, which waits for another importer's insert of the same session), then looks for the
file's row: a file the other importer stored meanwhile is reported as already imported. On
PostgreSQL every file is its own transaction (a batch there is only a grouping), so a transaction
locks one session's row and two importers cannot deadlock; a cut connection loses at most the file
in flight.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from reception_tui.exchange.errors import ExchangeError
from reception_tui.exchange.reader import RECORD_KINDS, VerifiedExport
from reception_tui.i18n import Message, os_reason
from reception_tui.storage import sql
from reception_tui.storage.atomic import ensure_private_dir
from reception_tui.storage.sql import (
    POSTGRESQL,
    SQLITE,
    Database,
    DatabaseError,
    driver_errors,
    make_private,
    without_password,
)

STORE_FILE = sql.STORE_FILE
SCHEMA_VERSION = 2
_CREATE_LOCK = 0x5245_4345  # advisory lock key while the tables are created on PostgreSQL
_SESSIONS_PAGE = 200
_STORE_SCHEMA_TABLE = "store_schema"
"""On PostgreSQL (no ``user_version``) the import store's version is a row of this table."""

KINDS = RECORD_KINDS

ERASED_VISITORS = "erased_visitors"
"""The key of a session's state listing the visitor ids whose personal data the office erased (retention or
a person's request): whatever revision of them a later export brings, their personal fields stay blank."""
VISITOR_PERSONAL_FIELDS = ("name", "phone", "address", "id_number", "unit_name")
ISSUE_PERSONAL_FIELDS = ("own_words", "summary", "place")
_LIST_OF_KIND = {kind: name for name, kind in RECORD_KINDS.items()}
"""Record kind -> the payload key holding its records."""

_DDL = [
    """CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY, site_code TEXT NOT NULL, day TEXT NOT NULL,
    state {blob} NOT NULL, source_file TEXT, conflicts TEXT, versions INTEGER NOT NULL,
    case_numbers TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS sessions_by_site_day ON sessions (site_code, day)",
    """CREATE TABLE IF NOT EXISTS files (
    file_sha256 TEXT PRIMARY KEY, file_name TEXT NOT NULL, device_id TEXT NOT NULL,
    export_sequence INTEGER NOT NULL, session_id TEXT NOT NULL, payload_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL, counts TEXT NOT NULL, payload {blob}{file_order}
)""",
    "CREATE INDEX IF NOT EXISTS files_by_session ON files (session_id{order_column})",
]
"""The import store's tables; BLOB on SQLite is BYTEA on PostgreSQL. Files are read back in import
order: by ``rowid`` on SQLite, by the ``imported_order`` identity column on PostgreSQL."""
_FILES_COLUMNS = (
    "file_sha256, file_name, device_id, export_sequence, session_id, payload_sha256, imported_at, counts, payload"
)
_SESSIONS_COLUMNS = "session_id, site_code, day, state, source_file, conflicts, versions, case_numbers"


def store_ddl(dialect: str) -> list[str]:
    """The import store's CREATE statements for ``dialect``."""
    if dialect == SQLITE:
        values = {"blob": "BLOB", "file_order": "", "order_column": ""}
    else:
        values = {"blob": "BYTEA", "file_order": ", imported_order BIGINT GENERATED ALWAYS AS IDENTITY",
                  "order_column": ""}  # fmt: skip
    return [statement.format(**values) for statement in _DDL]


class AlreadyImported(Exception):
    """Another importer stored the file while this one was checking it (see the module docstring)."""


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


@dataclass(frozen=True)
class StoredSession:
    """A session's current records, by kind, each list ordered by record id."""

    session_id: str
    records: dict[str, list[StoredRecord]]
    conflicts: dict[str, dict[str, list[str]]]
    """kind -> record id -> content hashes of the versions at its current revision (two or more)."""

    @property
    def session(self) -> StoredRecord:
        """The session record itself."""
        return self.records["session"][0]


def merge_revision(kind: str, record: dict[str, Any]) -> int:
    """The revision records merge by: audit events are written once, so they all count as 1."""
    return 1 if kind == "audit" else int(record["revision"])


def content_sha256(record: dict[str, Any]) -> str:
    """sha256 of a record's canonical JSON: what breaks a tie between two versions of one revision."""
    return hashlib.sha256(orjson.dumps(record, option=orjson.OPT_SORT_KEYS)).hexdigest()


class PendingCommit:
    """A batch's COMMIT, run here or in a helper thread; :meth:`wait` returns once it is on disk."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self) -> None:
        """Run the commit in a helper thread."""
        self._thread = threading.Thread(target=self.run, name="office-store-commit")
        self._thread.start()

    def run(self) -> None:
        """Commit; a failure rolls the batch back and is raised by :meth:`wait`."""
        if self._db.dialect == POSTGRESQL:  # every file committed on its own (see the module docstring)
            return
        try:
            self._db.execute("COMMIT")
        except BaseException as error:  # handed to the waiting thread
            self._error = error
            with contextlib.suppress(*driver_errors()):
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

    def __init__(self, office_dir: Path, url: str | None = None) -> None:
        """The store in ``office_dir`` (``office.sqlite3``), or in the PostgreSQL database ``url`` when given."""
        self.path = office_dir / STORE_FILE
        self._in_batch = False
        self.where = without_password(url) if url else str(self.path)
        try:
            if url:
                self._db = Database.open_postgresql(url)
                self.where = self._db.where
                self._create_postgresql()
            else:
                self._db = self._open_sqlite(office_dir)
        except DatabaseError as error:
            problem = Message("exchange.problem.store_open", {"error": error.params.get("detail", str(error))})
            raise ExchangeError(Message("exchange.error.at_path", {"path": self.where, "problem": problem})) from None
        except (*driver_errors(), OSError) as error:  # type: ignore[misc]
            # the system's reason in the interface's language; the engine's own words (English) as a value
            why = os_reason(error) if isinstance(error, OSError) else str(error)
            problem = Message("exchange.problem.store_open", {"error": why})
            raise ExchangeError(Message("exchange.error.at_path", {"path": self.where, "problem": problem})) from None

    @property
    def db(self) -> Database:
        """The store's database connection."""
        return self._db

    @property
    def dialect(self) -> str:
        return self._db.dialect

    def _open_sqlite(self, office_dir: Path) -> Database:
        ensure_private_dir(office_dir)
        make_private(self.path)
        # one thread at a time: a batch's commit may run in a helper thread while this one checks
        # the next files, and is waited for before the connection is used again
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit returns only once the write-ahead log is on disk, so an acknowledged file
            # survives a power cut. Files are merged as savepoints and committed in batches, so the
            # fsync happens once per batch, not per file.
            conn.execute("PRAGMA synchronous=FULL")
            found = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if found not in (0, SCHEMA_VERSION):
                refusal = Message("exchange.problem.store_format", {"found": found, "reads": SCHEMA_VERSION})
                raise ExchangeError(Message("exchange.error.at_path", {"path": self.path, "problem": refusal}))
            for statement in store_ddl(SQLITE):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except BaseException:
            conn.close()
            raise
        return Database(conn, SQLITE, str(self.path))

    def _create_postgresql(self) -> None:
        """The tables (once; two importers starting at once queue on the advisory lock) and the version check."""
        db = self._db
        try:
            with db.transaction():
                db.execute("SELECT pg_advisory_xact_lock(?)", (_CREATE_LOCK,))
                db.execute(f"CREATE TABLE IF NOT EXISTS {_STORE_SCHEMA_TABLE} (version INTEGER NOT NULL)")
                found = int(db.scalar(f"SELECT COALESCE(MAX(version), 0) FROM {_STORE_SCHEMA_TABLE}") or 0)  # noqa: S608
                if found not in (0, SCHEMA_VERSION):
                    refusal = Message("exchange.problem.store_format", {"found": found, "reads": SCHEMA_VERSION})
                    raise ExchangeError(Message("exchange.error.at_path", {"path": db.where, "problem": refusal}))
                if found == 0:
                    db.script(store_ddl(POSTGRESQL))
                    db.execute(f"INSERT INTO {_STORE_SCHEMA_TABLE} (version) VALUES (?)", (SCHEMA_VERSION,))  # noqa: S608
        except BaseException:
            db.close()
            raise

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> OfficeStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def already_imported(self, file_sha256: str) -> bool:
        """True when a file with these exact bytes was imported before."""
        return self._db.fetchone("SELECT 1 FROM files WHERE file_sha256 = ?", (file_sha256,)) is not None

    # -- merging -----------------------------------------------------------------------------------

    def merge(self, export: VerifiedExport, *, file_sha256: str, file_name: str, now: datetime) -> MergeCounts:
        """Merge every record of ``export`` atomically: all of it is stored, or none.

        Inside :meth:`batch` the file is a savepoint of the batch's transaction; otherwise its own
        transaction.
        """
        manifest = export.manifest
        session_id = manifest["session_id"]
        db = self._db
        savepoint = self._in_batch and db.dialect == SQLITE
        db.execute("SAVEPOINT merge_file" if savepoint else self._begin)
        try:
            row, created = self._lock_session(export, file_sha256)
            file_payload: bytes | None
            if created:
                # a session seen for the first time: its payload is its state, stored once
                counts = MergeCounts()
                for name, kind in RECORD_KINDS.items():
                    number = 1 if name == "session" else int(manifest["counts"][name])
                    if number:
                        counts.new[kind] = number
                file_payload = None
            else:
                assert row is not None
                state_bytes, source_file, conflicts_text, versions = row
                stored_state = orjson.loads(state_bytes)
                erased = erased_visitors(stored_state)
                counts, state, conflicts, added = _merge_state(
                    stored_state,
                    orjson.loads(export.payload_bytes),
                    orjson.loads(conflicts_text) if conflicts_text else {},
                )
                if counts.changed:  # (an older or repeated export leaves the state as it is)
                    if source_file is not None:  # the state changes: the file it was keeps its own copy
                        db.execute("UPDATE files SET payload = ? WHERE file_sha256 = ?", (state_bytes, source_file))
                    self._write_state(session_id, state, conflicts, versions + added)
                file_payload = export.payload_bytes
                if erased:  # the file's copy of an erased visitor is stored without their personal data
                    document = orjson.loads(export.payload_bytes)
                    blank_personal(document, erased)
                    file_payload = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
            db.execute(
                f"INSERT INTO files ({_FILES_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "  # noqa: S608
                "ON CONFLICT (file_sha256) DO NOTHING",
                (
                    file_sha256,
                    file_name,
                    export.device_id,
                    manifest["export_sequence"],
                    session_id,
                    manifest["payload"]["sha256"],
                    now.isoformat(),
                    orjson.dumps(manifest["counts"]).decode("ascii"),
                    file_payload,
                ),
            )
            db.execute("RELEASE merge_file" if savepoint else "COMMIT")
        except BaseException:
            with contextlib.suppress(*driver_errors()):  # a lost connection has rolled back already
                db.execute("ROLLBACK TO merge_file" if savepoint else "ROLLBACK")
                if savepoint:
                    db.execute("RELEASE merge_file")
            raise
        return counts

    @property
    def _begin(self) -> str:
        return "BEGIN IMMEDIATE" if self._db.dialect == SQLITE else "BEGIN"

    def _lock_session(self, export: VerifiedExport, file_sha256: str) -> tuple[tuple[Any, ...] | None, bool]:
        """The session's stored row, locked for this merge (PostgreSQL: ``FOR UPDATE``), or None after inserting
        it from ``export`` (True: this file created the session). Raises :class:`AlreadyImported` when the file
        was stored meanwhile by another importer."""
        manifest = export.manifest
        session_id = manifest["session_id"]
        db = self._db
        select = "SELECT state, source_file, conflicts, versions FROM sessions WHERE session_id = ?"
        if db.dialect == POSTGRESQL:
            select += " FOR UPDATE"
        row = db.fetchone(select, (session_id,))
        created = False
        if row is None:
            new = sum(1 if name == "session" else int(manifest["counts"][name]) for name in RECORD_KINDS)
            created = (
                db.execute(
                    f"INSERT INTO sessions ({_SESSIONS_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL, ?, ?) "  # noqa: S608
                    "ON CONFLICT (session_id) DO NOTHING",
                    (session_id, manifest["site_code"], manifest["session_day"], export.payload_bytes, file_sha256,
                     new, "\n".join(export.case_numbers)),
                ).rowcount
                == 1
            )  # fmt: skip
            if not created:  # another importer's insert of this session committed while this one waited
                row = db.fetchone(select, (session_id,))
        if not created and self.already_imported(file_sha256):
            raise AlreadyImported(file_sha256)
        return row, created

    def _write_state(
        self, session_id: str, state: dict[str, Any], conflicts: dict[str, dict[str, list[str]]], versions: int
    ) -> None:
        """Write a session's merged state back (inside the merge's transaction)."""
        cases = (str(issue["case_number"]) for issue in state["issues"] if issue.get("case_number"))
        session = state["session"]  # a newer revision of the session record may correct its site or day
        self._db.execute(
            "UPDATE sessions SET site_code = ?, day = ?, state = ?, source_file = NULL, conflicts = ?, versions = ?, "
            "case_numbers = ? WHERE session_id = ?",
            (
                str(session["site_code"]),
                str(session["day"]),
                orjson.dumps(state, option=orjson.OPT_SORT_KEYS),
                orjson.dumps(conflicts, option=orjson.OPT_SORT_KEYS).decode("utf-8") if conflicts else None,
                versions,
                "\n".join(cases),
                session_id,
            ),
        )

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
        if self._db.dialect == SQLITE:
            self._db.execute("BEGIN IMMEDIATE")
        self._in_batch = True

    def rollback_batch(self) -> None:
        """Drop every merge of the open batch."""
        self._in_batch = False
        if self._db.dialect == SQLITE:
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
        if self._db.dialect == SQLITE:
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    # -- reading -----------------------------------------------------------------------------------

    def import_row(self, file_sha256: str) -> dict[str, Any] | None:
        """What was recorded when the file with this hash was imported."""
        row = self._db.fetchone(
            "SELECT file_name, device_id, export_sequence, session_id, payload_sha256, imported_at, counts "
            "FROM files WHERE file_sha256 = ?",
            (file_sha256,),
        )
        if row is None:
            return None
        names = ("file_name", "device_id", "export_sequence", "session_id", "payload_sha256", "imported_at")
        return {**dict(zip(names, row[:6], strict=True)), "counts": orjson.loads(row[6])}

    def sessions(self) -> Iterator[StoredSession]:
        """Every session's current records, in session id order (one decode per session, read as they
        are needed: an archive of years is never all in memory at once)."""
        last = ""
        while True:  # in pages by key: no cursor is held open between the caller's steps
            rows = self._db.fetchall(
                "SELECT session_id, state, conflicts FROM sessions WHERE session_id > ? ORDER BY session_id LIMIT ?",
                (last, _SESSIONS_PAGE),
            )
            for session_id, state, conflicts in rows:
                yield _stored_session(session_id, state, conflicts)
            if len(rows) < _SESSIONS_PAGE:
                return
            last = rows[-1][0]

    def session(self, session_id: str) -> StoredSession | None:
        """One session's current records, or None."""
        row = self._db.fetchone("SELECT state, conflicts FROM sessions WHERE session_id = ?", (session_id,))
        return None if row is None else _stored_session(session_id, row[0], row[1])

    def sessions_on(self, site_code: str, day: str) -> list[StoredSession]:
        """The sessions of one site on one day (an index lookup)."""
        rows = self._db.fetchall(
            "SELECT session_id, state, conflicts FROM sessions WHERE site_code = ? AND day = ? ORDER BY session_id",
            (site_code, day),
        )
        return [_stored_session(*row) for row in rows]

    def records(self, kind: str) -> Iterator[StoredRecord]:
        """The current version of every record of ``kind``, by session id, then record id."""
        for stored in self.sessions():
            yield from stored.records[kind]

    def session_records(self, session_id: str, kind: str) -> Iterator[StoredRecord]:
        """The current version of every record of ``kind`` in one session, by record id."""
        stored = self.session(session_id)
        if stored is not None:
            yield from stored.records[kind]

    def conflicted_ids(self, kind: str) -> set[tuple[str, str]]:
        """(session id, record id) of records whose current revision exists in two or more versions."""
        found: set[tuple[str, str]] = set()
        for session_id, text in self._db.fetchall(
            "SELECT session_id, conflicts FROM sessions WHERE conflicts IS NOT NULL"
        ):
            found.update((session_id, record_id) for record_id in orjson.loads(text).get(kind, {}))
        return found

    def versions_of(self, session_id: str, kind: str, record_id: str) -> list[dict[str, Any]]:
        """Every distinct version of one record that the imported files brought, oldest revision first."""
        found: dict[str, dict[str, Any]] = {}
        name = _LIST_OF_KIND[kind]
        order = "f.rowid" if self._db.dialect == SQLITE else "f.imported_order"
        for payload, state in self._db.fetchall(
            "SELECT f.payload, s.state FROM files f JOIN sessions s ON s.session_id = f.session_id "  # noqa: S608
            f"WHERE f.session_id = ? ORDER BY {order}",
            (session_id,),
        ):
            document = orjson.loads(payload if payload is not None else state)
            records = [document[name]] if name == "session" else document[name]
            for record in records:
                if record["id"] == record_id:
                    found.setdefault(content_sha256(record), record)
        return sorted(found.values(), key=lambda r: (merge_revision(kind, r), content_sha256(r)))

    def case_numbers_used_twice(self, session_ids: Iterable[str] | None = None) -> dict[str, int]:
        """Case numbers (登记编号) held by two or more current issues, with how many hold each.

        Case numbers are made from site, day, queue number and issue number, so two laptops that
        registered visitors for the same site on the same day (each in a session of its own, or both
        in one shared session) give out the same numbers. ``session_ids``: only the numbers of those
        sessions' site-and-day groups (what an import just brought); None: the whole store.
        """
        if session_ids is None:
            rows = self._db.fetchall("SELECT case_numbers FROM sessions")
        else:
            keys = {
                (site, day)
                for session_id in set(session_ids)
                for site, day in self._db.fetchall(
                    "SELECT site_code, day FROM sessions WHERE session_id = ?", (session_id,)
                )
            }
            rows = [
                row
                for site, day in sorted(keys)
                for row in self._db.fetchall(
                    "SELECT case_numbers FROM sessions WHERE site_code = ? AND day = ?", (site, day)
                )
            ]
        seen: dict[str, int] = {}
        for (text,) in rows:
            for case in text.split("\n") if text else ():
                seen[case] = seen.get(case, 0) + 1
        return {case: count for case, count in sorted(seen.items()) if count > 1}

    def count(self, kind: str) -> int:
        """Number of current records of ``kind``."""
        return sum(len(stored.records[kind]) for stored in self.sessions())

    def version_count(self) -> int:
        """Number of record versions that became current or a side of a conflict as files arrived
        (all kinds): a file that changes nothing adds none."""
        return int(self._db.scalar("SELECT COALESCE(SUM(versions), 0) FROM sessions"))

    def file_count(self) -> int:
        """Number of imported files."""
        return int(self._db.scalar("SELECT COUNT(*) FROM files"))


_make_private = make_private  # (moved to storage.sql; the old name for callers)


def _stored_session(session_id: str, state: bytes | memoryview, conflicts: str | None) -> StoredSession:
    document = orjson.loads(bytes(state) if isinstance(state, memoryview) else state)
    records: dict[str, list[StoredRecord]] = {}
    for name, kind in RECORD_KINDS.items():
        items = [document[name]] if name == "session" else document[name]
        records[kind] = sorted(
            (StoredRecord(kind, r["id"], merge_revision(kind, r), session_id, r) for r in items),
            key=lambda r: r.id,
        )
    return StoredSession(session_id, records, orjson.loads(conflicts) if conflicts else {})


def erased_visitors(state: dict[str, Any]) -> set[str]:
    """The visitor ids of a session's state whose personal data was erased."""
    return {str(visitor_id) for visitor_id in state.get(ERASED_VISITORS, ())}


def blank_personal(document: dict[str, Any], visitor_ids: Iterable[str]) -> int:
    """Blank, in place, the personal fields of these visitors and of their issues in a session's state or
    payload document (name, phone, address, ID number, unit name; own words, summary, place); the number of
    non-empty values blanked. Ids, case numbers, categories, dispositions and dates stay."""
    chosen = set(visitor_ids)
    blanked = 0
    for visitor in document.get("visitors", ()):
        if str(visitor.get("id")) in chosen:
            for name in VISITOR_PERSONAL_FIELDS:
                if visitor.get(name):
                    visitor[name] = ""
                    blanked += 1
    for issue in document.get("issues", ()):
        if str(issue.get("visitor_id")) in chosen:
            for name in ISSUE_PERSONAL_FIELDS:
                if issue.get(name):
                    issue[name] = ""
                    blanked += 1
    return blanked


def _merge_state(
    state: dict[str, Any], incoming: dict[str, Any], conflicts: dict[str, dict[str, list[str]]]
) -> tuple[MergeCounts, dict[str, Any], dict[str, dict[str, list[str]]], int]:
    """Merge a verified payload into a session's state: (counts, new state, conflicts, versions added).

    Per record: unknown id → new; higher revision → updated (its conflict, if any, is over); the
    same revision and body → unchanged; the same revision with another body → a conflict: the
    version with the smaller content hash is current, and every version's hash is listed; a lower
    revision → unchanged. The result is the same whatever order the files come in.

    Visitors listed in the state's ``erased_visitors`` (and their issues) come in with their personal fields
    blanked (``incoming`` is changed in place), so an export made before the office erased them never brings
    the data back.
    """
    counts = MergeCounts()
    added = 0
    merged: dict[str, Any] = {}
    erased = erased_visitors(state)
    if erased:  # an erased visitor keeps blank fields whatever revision of them (or of their issues) comes in;
        blank_personal(incoming, erased)  # blanked before comparing, an unchanged record stays unchanged
    for name, kind in RECORD_KINDS.items():
        single = name == "session"
        current = {r["id"]: r for r in ([state[name]] if single else state[name])}
        kind_conflicts = conflicts.get(kind, {})
        for record in [incoming[name]] if single else incoming[name]:
            record_id = record["id"]
            stored = current.get(record_id)
            if stored is None:
                current[record_id] = record
                counts.bump(counts.new, kind)
                added += 1
                continue
            revision, stored_revision = merge_revision(kind, record), merge_revision(kind, stored)
            if revision > stored_revision:
                current[record_id] = record
                kind_conflicts.pop(record_id, None)
                counts.bump(counts.updated, kind)
                added += 1
            elif revision < stored_revision or record == stored:
                counts.bump(counts.unchanged, kind)
            else:
                digest, stored_digest = content_sha256(record), content_sha256(stored)
                known = kind_conflicts.setdefault(record_id, [stored_digest])
                if digest not in known:
                    known.append(digest)
                    known.sort()
                    added += 1
                if digest < stored_digest:
                    current[record_id] = record
                counts.bump(counts.conflicts, kind)
        if kind_conflicts:
            conflicts[kind] = kind_conflicts
        else:
            conflicts.pop(kind, None)
        ordered = sorted(current.values(), key=lambda r: r["id"])
        merged[name] = ordered[0] if single else ordered
    session_updated = merge_revision("session", incoming["session"]) > merge_revision("session", state["session"])
    merged["config_version"] = (incoming if session_updated else state).get("config_version")
    if erased:
        merged[ERASED_VISITORS] = sorted(erased)
    return counts, merged, conflicts, added
