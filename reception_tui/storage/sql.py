"""One thin layer over sqlite3 and psycopg: placeholders, transactions, rows (see docs/office.md).

Used by the office's case store (``office``) and the import store (``exchange``), which share one
database: the office folder's ``office.sqlite3`` or a PostgreSQL server.

Every statement of the office store is written once, with ``?`` placeholders and SQL both engines
accept. :class:`Database` converts the placeholders for psycopg (``%s``), opens transactions the way
each engine serialises writers (``BEGIN IMMEDIATE`` on SQLite, so two clerks' saves queue instead of
failing half-way; a plain ``BEGIN`` on PostgreSQL, whose row locks do the same), and hands rows back
as tuples.

Statements must not hold a literal ``?`` or ``%`` in a string: values always go in as parameters
(``LIKE`` patterns included), so the conversion is a plain replacement.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from reception_tui.storage.atomic import ensure_private_dir

SQLITE, POSTGRESQL = "sqlite", "postgresql"
STORE_FILE = "office.sqlite3"
"""The office folder's database file (imports and cases), when no server is named."""
BUSY_TIMEOUT_SECONDS = 30
CACHE_KIB = 64 * 1024
"""SQLite's page cache per connection (a ceiling: pages are held as they are read)."""
Params = Sequence[Any]
_SECRET_PARAMETERS = frozenset({"password", "sslpassword"})


class DatabaseError(Exception):
    """The office database cannot be opened or used; ``key``/``params`` for the interface."""

    def __init__(self, key: str, **params: Any) -> None:
        from reception_tui.i18n import t

        self.key = key
        self.params: dict[str, Any] = params
        super().__init__(t(key, "en", **params))


def _psycopg() -> Any:
    """psycopg, imported when PostgreSQL is first used (it costs the laptop's start-up otherwise)."""
    return importlib.import_module("psycopg")


def driver_errors() -> tuple[type[BaseException], ...]:
    """What a failing statement raises, either engine (for callers that report any database failure). A function,
    so that psycopg is imported only when an error is being handled or PostgreSQL is in use."""
    return (sqlite3.Error, _psycopg().Error, DatabaseError)


def make_private(path: Path) -> None:
    """Create the store file 0600 (it holds every visitor's personal data) and make an existing one,
    with its -wal and -shm files, 0600 again. SQLite gives the files it makes beside a database
    the database file's mode, so a store created 0600 keeps its -wal and -shm private too."""
    # O_NOFOLLOW and O_CLOEXEC do not exist on Windows (nor do POSIX modes: nothing to tighten there)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    os.close(os.open(path, flags, 0o600))
    if os.name == "nt":
        return
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        with contextlib.suppress(FileNotFoundError):
            sibling = path.with_name(name)
            if sibling.stat().st_mode & 0o077:
                sibling.chmod(0o600)


class Database:
    """A connection to the office database (SQLite file or PostgreSQL server), safe to share between
    threads: a lock serialises statements, and a transaction holds it from BEGIN to COMMIT, so a
    worker's read never lands inside another thread's transaction.

    Outside :meth:`transaction` every statement commits on its own (autocommit); inside it, the
    statements commit together or not at all.
    """

    def __init__(self, connection: Any, dialect: str, where: str, *, url: str | None = None) -> None:
        self._conn = connection
        self._url = url
        self.dialect = dialect
        self.where = where
        """The file or the server (without a password), for messages."""
        self._depth = 0
        self._open = False
        """A transaction was begun on the connection (by :meth:`transaction` or a caller's own ``BEGIN``):
        a lost connection is then reported, never silently replaced mid-transaction."""
        self._lock = threading.RLock()

    # -- opening -------------------------------------------------------------------------------------

    @classmethod
    def open_sqlite(cls, office_dir: Path) -> Database:
        """The office folder's ``office.sqlite3`` (the file ``reception import`` writes), created 0600."""
        path = office_dir / STORE_FILE
        try:
            ensure_private_dir(office_dir)
            make_private(path)
            conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
            conn.execute("PRAGMA foreign_keys=ON")
            # up to 64 MiB of pages kept between statements (the default is 2 MiB): a report's dozen scans of the
            # same year's rows then read them from memory, not again from the OS (benchmarks/README.md, Reports)
            conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        except (sqlite3.Error, OSError) as error:
            raise DatabaseError("office.db.cannot_open", where=str(path), detail=str(error)) from None
        return cls(conn, SQLITE, str(path))

    @classmethod
    def open_postgresql(cls, url: str) -> Database:
        """A PostgreSQL database by libpq URL (``postgresql://user@host/db``, ``postgresql://?service=name``);
        the password comes from libpq (password file, service file, ``PGPASSWORD``), never from here."""
        where = without_password(url)
        return cls(cls._connect(url, where), POSTGRESQL, where, url=url)

    @staticmethod
    def _connect(url: str, where: str) -> Any:
        psycopg = _psycopg()
        try:
            return psycopg.connect(url, autocommit=True)
        except psycopg.Error as error:
            raise DatabaseError("office.db.cannot_open", where=where, detail=_first_line(error)) from None

    @classmethod
    def open(cls, office_dir: Path, url: str | None = None) -> Database:
        """The SQLite file in ``office_dir``, or the PostgreSQL database ``url`` when one is given."""
        if url:
            return cls.open_postgresql(url)
        return cls.open_sqlite(office_dir)

    def open_reader(self) -> Database | None:
        """A second connection to the same database, for reads run in another thread while this one is busy (the
        report computes the previous period's figures beside the period's own: benchmarks/README.md, Reports);
        the caller closes it. None when there is no second connection to be had: a transaction is open on this
        one (another connection would not see its rows), the SQLite database is not a file, the connection was
        not opened from a URL, or opening fails. SQLite's second connection is read-only (``query_only``)."""
        with self._lock:
            if self._conn is None or self.in_transaction:
                return None
            if self.dialect != SQLITE:
                if not self._url:
                    return None
                try:
                    return Database(self._connect(self._url, self.where), self.dialect, self.where, url=self._url)
                except DatabaseError:
                    return None
            try:
                files = self._conn.execute("PRAGMA database_list").fetchall()
                path = next((str(row[2]) for row in files if row[1] == "main"), "")
                if not path:
                    return None
                conn = sqlite3.connect(
                    path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False
                )
            except sqlite3.Error:
                return None
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
            conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            conn.execute("PRAGMA query_only=ON")
        except sqlite3.Error:
            conn.close()
            return None
        return Database(conn, SQLITE, self.where)

    def close(self) -> None:
        self._conn.close()

    @property
    def backend_pid(self) -> int | None:
        """The PostgreSQL server process serving this connection (None on SQLite)."""
        if self.dialect == SQLITE:
            return None
        return int(self._conn.info.backend_pid)

    @property
    def in_transaction(self) -> bool:
        """True while a transaction is open on the connection."""
        if self.dialect == SQLITE:
            return bool(self._conn.in_transaction)
        idle = importlib.import_module("psycopg.pq").TransactionStatus.IDLE
        return bool(self._conn.info.transaction_status != idle)

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        """A lost PostgreSQL connection (server restarted, backend killed, network cut) as a
        :class:`DatabaseError` that says what happened: the open transaction was rolled back by the
        server, nothing of it was kept, and running the command again completes it."""
        psycopg = _psycopg()
        try:
            yield
        except psycopg.OperationalError as error:
            if self._conn.closed or isinstance(error, psycopg.errors.AdminShutdown | psycopg.errors.CrashShutdown):
                raise DatabaseError("office.db.connection_lost", where=self.where, detail=_first_line(error)) from None
            raise DatabaseError("office.db.failed", where=self.where, detail=_first_line(error)) from None

    def _reconnect_if_lost(self) -> None:
        """Outside a transaction (the caller checks), a PostgreSQL connection the server dropped is opened again:
        a clerk's next action after a server restart just works. Inside one, the loss is reported instead."""
        if self.dialect == POSTGRESQL and self._conn.closed and self._url is not None:
            self._conn = self._connect(self._url, self.where)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- statements ----------------------------------------------------------------------------------

    def sql(self, statement: str) -> str:
        """The statement in this engine's placeholder style."""
        return statement if self.dialect == SQLITE else statement.replace("?", "%s")

    def execute(self, statement: str, params: Params = ()) -> Any:
        """Run one statement; the engine's cursor (rowcount, fetch…) is returned."""
        with self._lock:
            if self.dialect == SQLITE:
                return self._conn.execute(statement, tuple(params))
            word = statement.split(None, 1)[0].upper() if statement.strip() else ""
            if word in ("COMMIT", "ROLLBACK") and "TO" not in statement.upper().split():
                self._open = False
            elif not self._open:
                self._reconnect_if_lost()
                self._open = word in ("BEGIN", "START")
            with self._translated():
                cursor = self._conn.cursor()
                cursor.execute(self.sql(statement), tuple(params))
            return cursor

    def executemany(self, statement: str, rows: Sequence[Params]) -> None:
        with self._lock:
            if self.dialect == SQLITE:
                self._conn.executemany(statement, rows)
            else:
                with self._translated():
                    self._conn.cursor().executemany(self.sql(statement), rows)

    def script(self, statements: Sequence[str]) -> None:
        """Run DDL statements one by one (no parameters)."""
        for statement in statements:
            if self.dialect == SQLITE:
                self._conn.execute(statement)
            else:
                with self._translated():
                    self._conn.cursor().execute(statement)

    def fetchone(self, statement: str, params: Params = ()) -> tuple[Any, ...] | None:
        with self._lock:
            row = self.execute(statement, params).fetchone()
        return None if row is None else tuple(row)

    def fetchall(self, statement: str, params: Params = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return [tuple(row) for row in self.execute(statement, params).fetchall()]

    def scalar(self, statement: str, params: Params = ()) -> Any:
        """The first column of the first row, or None."""
        row = self.fetchone(statement, params)
        return None if row is None else row[0]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """Statements inside commit together; an exception rolls them back. Nested calls join the outer one.

        SQLite takes the write lock at ``BEGIN IMMEDIATE`` (waiting up to the busy timeout for an import or
        another clerk), so a read-check-write inside never meets a changed row.
        """
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            self.execute("BEGIN IMMEDIATE" if self.dialect == SQLITE else "BEGIN")
            self._depth = 1
            try:
                yield self
            except BaseException:
                self._depth = 0
                with contextlib.suppress(Exception):
                    self.execute("ROLLBACK")
                raise
            self._depth = 0
            self.execute("COMMIT")

    @property
    def integrity_errors(self) -> tuple[type[BaseException], ...]:
        """The exceptions a refused statement raises (a trigger's abort, a constraint)."""
        if self.dialect == SQLITE:
            return (sqlite3.IntegrityError, sqlite3.OperationalError)
        return (_psycopg().Error,)


def without_password(url: str) -> str:
    """The URL for messages and logs: ``postgresql://user:secret@host/db`` → ``postgresql://user@host/db``, and a
    ``password=`` parameter dropped. Socket folders (``?host=%2Ftmp%2F…``) and services (``?service=name``) stay."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    rest, qmark, query = rest.partition("?")
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        credentials, _, hosts = authority.rpartition("@")
        authority = f"{credentials.split(':', 1)[0]}@{hosts}"
    if qmark:
        kept = [part for part in query.split("&") if part and unquote(part.split("=", 1)[0]) not in _SECRET_PARAMETERS]
        query = "&".join(kept)
    return f"{scheme}://{authority}{slash}{path}{'?' + query if query else ''}"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
