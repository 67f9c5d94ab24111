"""A TinyDB storage that writes atomically and durably, always UTF-8, and caches what it wrote.

TinyDB's own JSONStorage truncates the live file and rewrites it in place (a crash leaves broken
JSON), uses the locale's encoding, and re-reads the file on every query. This storage:

* writes through :func:`write_atomic`, keeping the previous generation beside the file;
* serialises with orjson (UTF-8, several times faster than ``json`` on large sessions);
* keeps the last state in memory: one process holds the session lock, so the file cannot change
  under it. A failed write drops the cache, so the next read shows what is really on disk;
* re-serialises only the tables a commit touched: TinyDB replaces a table's dict whenever it
  changes it, so a table whose dict is the very object serialised last time is reused as bytes;
* groups several TinyDB writes into one file write with :meth:`batch` (a record and its audit
  event are committed together or not at all).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from reception_tui.storage.atomic import write_atomic
from reception_tui.storage.errors import CorruptStoreError, reason


def previous_generation(path: Path) -> Path:
    """Where the last good generation of ``path`` is kept."""
    return path.with_name(path.name + ".prev")


def parse_store_bytes(raw: bytes, path: Path) -> dict[str, Any]:
    """Parse a store file; :class:`CorruptStoreError` when it is not a JSON object of tables."""
    try:
        data = orjson.loads(raw) if raw.strip() else {}
    except orjson.JSONDecodeError as error:
        raise CorruptStoreError(
            path, reason("store.reason.not_json", line=error.lineno, column=error.colno, detail=str(error))
        ) from None
    if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
        raise CorruptStoreError(path, reason("store.reason.not_tables"))
    return data


class DurableJSONStorage(Storage):  # type: ignore[misc]
    """TinyDB storage for one session file; see the module docstring."""

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)
        self._cache: dict[str, Any] | None = None
        self._encoded: dict[str, tuple[object, bytes]] = {}
        self._batch_depth = 0
        self._dirty = False

    def read(self) -> dict[str, Any] | None:
        """The whole database; ``None`` for a new, empty file (TinyDB's convention)."""
        if self._cache is None:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return None
            data = parse_store_bytes(raw, self.path)
            self._cache = data
        return self._cache or None

    def prime(self, data: dict[str, Any]) -> None:
        """Start from tables the caller has just parsed from this file (saves parsing it twice)."""
        self._cache = data

    def write(self, data: dict[str, Any]) -> None:
        """Commit ``data`` (or, inside :meth:`batch`, remember it for the batch's end)."""
        self._cache = data
        if self._batch_depth:
            self._dirty = True
            return
        self._flush()

    def _flush(self) -> None:
        data = self._cache if self._cache is not None else {}
        try:
            write_atomic(self.path, self._encode(data), keep_previous=previous_generation(self.path))
        except BaseException:
            self._cache = None
            self._encoded.clear()
            raise

    def _encode(self, data: dict[str, Any]) -> list[bytes]:
        """The whole file as JSON chunks, reusing the bytes of tables that did not change.

        The chunks are written with one gathered write, so large tables are never copied again.
        """
        chunks = [b"{"]
        encoded: dict[str, tuple[object, bytes]] = {}
        for name, table in data.items():
            cached = self._encoded.get(name)
            table_bytes = cached[1] if cached is not None and cached[0] is table else orjson.dumps(table)
            encoded[name] = (table, table_bytes)
            chunks += [b"," if len(chunks) > 1 else b"", orjson.dumps(name), b":", table_bytes]
        chunks.append(b"}")
        self._encoded = encoded
        return chunks

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group writes: one durable file write at the end; on an exception, none at all."""
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self._dirty = False
                self._cache = None
                self._encoded.clear()
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._dirty:
            self._dirty = False
            self._flush()

    def close(self) -> None:
        """Nothing to release: every write is already on disk."""
        self._cache = None
        self._encoded.clear()
