"""Moving an office folder's store into PostgreSQL (``reception office migrate --from DIR --to postgresql://…``).

Every row of the folder's ``office.sqlite3`` (the imports: ``sessions``, ``files``; the office's work: ``cases``,
``case_steps``, ``case_sync``, ``reveals``, ``documents``) is copied into the database the URL names, in one
transaction: the copy is all there or not at all. Rows already there (same primary key) are left as they are
(``INSERT … ON CONFLICT DO NOTHING``), so a rerun after a cut connection, or after the office went on working in
the folder, copies only what is missing. The documents' bytes stay in the folder's ``documents/`` (the server
holds their list); keys, quarantine and acknowledgements stay in the folder too.

**Verified.** After the copy, each table is read back on both sides: the number of source rows, and the sha256
of the source's canonical rows (each row as JSON with bytes as hex, the rows' digests sorted, so neither
engine's collation matters) against the same over the target's rows with the source's keys. A target row that
differs from its source row (the same key, other content: two folders that gave out the same step numbers, or a
row changed on the server) fails the verification, with the table and the number of differing rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from reception_tui.exchange.office_store import OfficeStore
from reception_tui.office.db import POSTGRESQL, SQLITE, Database
from reception_tui.office.schema import migrate

TABLES: tuple[tuple[str, str, str | None], ...] = (
    # (table, primary key, order on the SQLite side: files in import order, so PG's imported_order follows it)
    ("sessions", "session_id", None),
    ("files", "file_sha256", "rowid"),
    ("cases", "case_id", None),
    ("case_sync", "session_id", None),
    ("case_steps", "step_id", "step_id"),
    ("reveals", "reveal_id", "reveal_id"),
    ("documents", "document_id", "document_id"),
)
LATER_TABLES: tuple[tuple[str, str, str | None], ...] = (("privacy_log", "log_id", "log_id"),)
"""Tables of later schema versions, copied when the folder's store has them."""
IDENTITY_COLUMNS = {
    "case_steps": "step_id", "reveals": "reveal_id", "documents": "document_id", "privacy_log": "log_id",
}  # fmt: skip
CHUNK_ROWS = 2000


@dataclass(frozen=True)
class TableCheck:
    """One table's copy: rows in the folder, rows added now, and whether the server holds the same rows."""

    table: str
    source_rows: int
    copied: int
    source_sha256: str
    target_sha256: str
    differing: int
    missing: int

    @property
    def ok(self) -> bool:
        return self.source_sha256 == self.target_sha256 and not self.differing and not self.missing


@dataclass
class MoveReport:
    target: str
    tables: list[TableCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.tables)


def _canonical(value: Any) -> Any:
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    return value


def _row_digest(row: tuple[Any, ...]) -> bytes:
    return hashlib.sha256(orjson.dumps([_canonical(value) for value in row])).digest()


def _columns(db: Database, table: str) -> list[str]:
    cursor = db.execute(f"SELECT * FROM {table} LIMIT 0")  # noqa: S608 (table names are constants)
    return [str(column[0]) for column in cursor.description]


def _rows(db: Database, table: str, columns: list[str], order: str | None) -> Iterator[tuple[Any, ...]]:
    """The table's rows in chunks (SQLite streams them; the order only matters for identity values)."""
    statement = f"SELECT {', '.join(columns)} FROM {table}"  # noqa: S608
    if order and (db.dialect == SQLITE or order != "rowid"):
        statement += f" ORDER BY {order}"
    cursor = db.execute(statement)
    while True:
        chunk = cursor.fetchmany(CHUNK_ROWS)
        if not chunk:
            return
        yield from (tuple(row) for row in chunk)


def _digests(db: Database, table: str, columns: list[str], key: str, order: str | None) -> dict[Any, bytes]:
    position = columns.index(key)
    return {row[position]: _row_digest(row) for row in _rows(db, table, columns, order)}


def _table_sha256(digests: list[bytes]) -> str:
    whole = hashlib.sha256()
    for digest in sorted(digests):
        whole.update(digest)
    return whole.hexdigest()


def open_source(office_dir: Path) -> Database:
    """The folder's store with every table present (an office that never opened the workbench has no cases)."""
    OfficeStore(office_dir).close()
    source = Database.open_sqlite(office_dir)
    migrate(source)
    return source


def open_target(office_dir: Path, url: str) -> Database:
    """The server's database with the import store's and the office's tables at this program's version."""
    OfficeStore(office_dir, url).close()
    target = Database.open_postgresql(url)
    try:
        migrate(target)
    except BaseException:
        target.close()
        raise
    return target


def tables_of(source: Database) -> list[tuple[str, str, str | None]]:
    """The tables to copy: :data:`TABLES` and those of :data:`LATER_TABLES` the folder's store has."""
    present = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    later = [entry for entry in LATER_TABLES if source.scalar(present, (entry[0],))]
    return [*TABLES, *later]


def copy_rows(source: Database, target: Database, *, progress: Callable[[str, int], None] | None = None) -> list[int]:
    """Copy every table's rows the target lacks, in one transaction; the number added per table (tables_of order)."""
    added: list[int] = []
    with target.transaction():
        for table, _key, order in tables_of(source):
            columns = _columns(source, table)
            overriding = (
                " OVERRIDING SYSTEM VALUE" if target.dialect == POSTGRESQL and table in IDENTITY_COLUMNS else ""
            )
            insert = (
                f"INSERT INTO {table} ({', '.join(columns)}){overriding} "  # noqa: S608
                f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT DO NOTHING"
            )
            before = int(target.scalar(f"SELECT COUNT(*) FROM {table}"))  # noqa: S608
            chunk: list[tuple[Any, ...]] = []
            for row in _rows(source, table, columns, order):
                chunk.append(row)
                if len(chunk) >= CHUNK_ROWS:
                    target.executemany(insert, chunk)
                    chunk = []
            if chunk:
                target.executemany(insert, chunk)
            if target.dialect == POSTGRESQL and table in IDENTITY_COLUMNS:
                column = IDENTITY_COLUMNS[table]
                # the next identity value after the copied ones (setval to 1 with is_called false on an empty table)
                target.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "  # noqa: S608
                    f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
                )
            count = int(target.scalar(f"SELECT COUNT(*) FROM {table}")) - before  # noqa: S608
            added.append(count)
            if progress is not None:
                progress(table, count)
    return added


def verify(source: Database, target: Database, added: list[int]) -> list[TableCheck]:
    """Each table's count and canonical-row hash, folder against server (see the module docstring)."""
    checks: list[TableCheck] = []
    for (table, key, order), copied in zip(tables_of(source), added, strict=True):
        columns = _columns(source, table)
        mine = _digests(source, table, columns, key, order)
        theirs = _digests(target, table, columns, key, None)
        matching = [theirs[k] for k in mine if k in theirs]
        missing = sum(1 for k in mine if k not in theirs)
        differing = sum(1 for k, digest in mine.items() if k in theirs and theirs[k] != digest)
        checks.append(
            TableCheck(table, len(mine), copied, _table_sha256(list(mine.values())), _table_sha256(matching),
                       differing, missing)
        )  # fmt: skip
    return checks


def move_store(office_dir: Path, url: str, *, progress: Callable[[str, int], None] | None = None) -> MoveReport:
    """Copy the folder's store into the PostgreSQL database ``url`` and verify it (safe to rerun)."""
    source = open_source(office_dir)
    try:
        target = open_target(office_dir, url)
        try:
            added = copy_rows(source, target, progress=progress)
            report = MoveReport(target.where, verify(source, target, added))
        finally:
            target.close()
    finally:
        source.close()
    return report
