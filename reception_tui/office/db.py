"""One thin layer over sqlite3 and psycopg: placeholders, transactions, rows (see docs/office.md).

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
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from reception_tui.exchange.office_store import STORE_FILE, _make_private
from reception_tui.storage.atomic import ensure_private_dir

SQLITE, POSTGRESQL = "sqlite", "postgresql"
BUSY_TIMEOUT_SECONDS = 30
Params = Sequence[Any]


class DatabaseError(Exception):
    """The office database cannot be opened or used; ``key``/``params`` for the interface."""

    def __init__(self, key: str, **params: Any) -> None:
        from reception_tui.i18n import t

        self.key = key
        self.params: dict[str, Any] = params
        super().__init__(t(key, "en", **params))


class Database:
    """A connection to the office database (SQLite file or PostgreSQL server); one thread at a time.

    Outside :meth:`transaction` every statement commits on its own (autocommit); inside it, the
    statements commit together or not at all.
    """

    def __init__(self, connection: Any, dialect: str, where: str) -> None:
        self._conn = connection
        self.dialect = dialect
        self.where = where
        """The file or the server (without a password), for messages."""
        self._depth = 0

    # -- opening -------------------------------------------------------------------------------------

    @classmethod
    def open_sqlite(cls, office_dir: Path) -> Database:
        """The office folder's ``office.sqlite3`` (the file ``reception import`` writes), created 0600."""
        path = office_dir / STORE_FILE
        try:
            ensure_private_dir(office_dir)
            _make_private(path)
            conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
            conn.execute("PRAGMA foreign_keys=ON")
        except (sqlite3.Error, OSError) as error:
            raise DatabaseError("office.db.cannot_open", where=str(path), detail=str(error)) from None
        return cls(conn, SQLITE, str(path))

    @classmethod
    def open_postgresql(cls, url: str) -> Database:
        """A PostgreSQL database by URL (``postgresql://user@host/db``).

        psycopg 3 is not yet a dependency of the program: it is imported here, when an office asks for
        PostgreSQL, and its absence is reported as an instruction. To finish the engine: add
        ``psycopg[binary]>=3.1`` to the dependencies and run the store's tests against a server.
        """
        where = _without_password(url)
        try:
            psycopg: Any = importlib.import_module("psycopg")
        except ImportError:
            raise DatabaseError("office.db.no_driver", where=where) from None
        try:
            conn = psycopg.connect(url, autocommit=True)
        except Exception as error:  # psycopg.Error; the driver is optional, so not named here
            raise DatabaseError("office.db.cannot_open", where=where, detail=str(error)) from None
        return cls(conn, POSTGRESQL, where)

    @classmethod
    def open(cls, office_dir: Path, url: str | None = None) -> Database:
        """The SQLite file in ``office_dir``, or the PostgreSQL database ``url`` when one is given."""
        if url:
            return cls.open_postgresql(url)
        return cls.open_sqlite(office_dir)

    def close(self) -> None:
        self._conn.close()

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
        if self.dialect == SQLITE:
            return self._conn.execute(statement, tuple(params))
        cursor = self._conn.cursor()
        cursor.execute(self.sql(statement), tuple(params))
        return cursor

    def executemany(self, statement: str, rows: Sequence[Params]) -> None:
        if self.dialect == SQLITE:
            self._conn.executemany(statement, rows)
        else:
            self._conn.cursor().executemany(self.sql(statement), rows)

    def script(self, statements: Sequence[str]) -> None:
        """Run DDL statements one by one (no parameters)."""
        for statement in statements:
            if self.dialect == SQLITE:
                self._conn.execute(statement)
            else:
                self._conn.cursor().execute(statement)

    def fetchone(self, statement: str, params: Params = ()) -> tuple[Any, ...] | None:
        row = self.execute(statement, params).fetchone()
        return None if row is None else tuple(row)

    def fetchall(self, statement: str, params: Params = ()) -> list[tuple[Any, ...]]:
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
        psycopg: Any = importlib.import_module("psycopg")
        return (psycopg.Error,)


def _without_password(url: str) -> str:
    """``postgresql://user:secret@host/db`` → ``postgresql://user@host/db`` (for messages and logs)."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
