"""A TinyDB storage for one session: a snapshot file plus a journal of the commits made since it.

TinyDB's own JSONStorage truncates the live file and rewrites it in place (a crash leaves broken
JSON), uses the locale's encoding, and re-reads the file on every query. This storage:

* appends each commit's changed documents to the journal (``session.journal``, see
  :mod:`reception_tui.storage.journal`): one write and one ``fdatasync``, whatever the session's size;
* folds the journal into a new snapshot through :func:`write_atomic` (temp file, fsync, rename,
  folder fsync, the replaced snapshot kept as the previous generation) when the journal grows past
  :data:`FOLD_MIN_BYTES` or :data:`FOLD_RATIO` of the snapshot, when the session closes, and before a
  purge; the folded journal is kept beside the previous generation, so a damaged snapshot can be
  rebuilt from the previous one without losing a commit;
* gives every snapshot a generation id (table ``generation``); a journal applies only to the snapshot
  of its generation, so a journal left by a crash during a fold is never replayed twice;
* serialises with orjson (UTF-8) and keeps the state in memory: one process holds the session lock, so
  the files cannot change under it. A failed commit is undone in memory and folds at the next one;
* re-serialises at a fold only the tables changed since the last one;
* ends every snapshot with the CRC-32 of the bytes before it (table ``integrity``, dropped when the
  file is parsed): a file that ends with its own checksum is byte for byte what this store wrote, so
  the open can leave its audit events undecoded (see :func:`written_intact`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import secrets
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from reception_tui.storage.atomic import fsync_dir, replace_file, write_atomic
from reception_tui.storage.errors import CorruptStoreError, reason
from reception_tui.storage.journal import JournalFile, Op, apply, encode_entry, scan

GENERATION_TABLE = "generation"
"""``{"1": {"id": …, "folded": …, "sequence": …}}``: this snapshot's generation id, and the generation
and number of journal entries folded into it. A file without it (written before the journal) is legacy."""
FOLD_MIN_BYTES = 512 * 1024
FOLD_RATIO = 0.25
"""Fold once the journal holds more than max(FOLD_MIN_BYTES, FOLD_RATIO x snapshot) bytes. A fold costs
about as much as writing the snapshot, so folding in proportion to its size keeps its share of each
commit constant: at 2,000 visitors (5.2 MB) a fold of ~15 ms every ~1,400 commits of ~0.9 KB adds
~10 us to each; at 200 visitors ~1.5 ms every ~570 commits, ~3 us. Replaying a journal a quarter of
the snapshot's size at open costs about half as much as parsing the snapshot (benchmarks/README.md)."""
INTEGRITY_TABLE = "integrity"
"""``{"1": {"crc32": "…"}}``, always the last table of a snapshot this store wrote: the CRC-32 of every
byte before it. Never a TinyDB table: :func:`parse_store_bytes` drops it."""
_INTEGRITY_HEAD = b',"integrity":{"1":{"crc32":"'
_INTEGRITY_TAIL = b'"}}}'
_INTEGRITY_BYTES = len(_INTEGRITY_HEAD) + 8 + len(_INTEGRITY_TAIL)
READ_ATTEMPTS = 5
"""Tries of a reader without the lock that raced a fold (the snapshot replaced between its reads)."""


def previous_generation(path: Path) -> Path:
    """Where the last good generation of ``path`` is kept."""
    return path.with_name(path.name + ".prev")


def journal_path(path: Path) -> Path:
    """The journal of snapshot ``path`` (``session.json`` → ``session.journal``)."""
    return path.with_suffix(".journal")


def previous_journal(path: Path) -> Path:
    """The journal folded into ``path``'s current snapshot, kept beside the previous generation."""
    return previous_generation(journal_path(path))


def set_aside_damaged(path: Path) -> Path:
    """Move a damaged file out of the way (never overwrite it); return where it went."""
    target = damaged_name(path)
    replace_file(path, target)
    return target


def damaged_name(path: Path) -> Path:
    """A free ``<name>.damaged-<time>`` beside ``path``."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
        counter += 1
    return target


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
    data.pop(INTEGRITY_TABLE, None)
    return data


def written_intact(raw: bytes) -> bool:
    """Whether ``raw`` is a snapshot exactly as this store wrote it: it ends with the ``integrity``
    table holding the CRC-32 of every byte before it.

    Such a file's records were all encoded from valid records by this app, so they decode; a file
    without the table (written before it existed, rebuilt from the previous generation, edited by
    hand) or with a wrong checksum (bytes changed on the disk) is decoded record by record as before.
    Costs about 3 ms at 2,000 visitors (5.3 MB), against some 50 ms to decode its audit events.
    """
    at = len(raw) - _INTEGRITY_BYTES
    if at <= 1 or raw[at : at + len(_INTEGRITY_HEAD)] != _INTEGRITY_HEAD or not raw.endswith(_INTEGRITY_TAIL):
        return False
    digits = raw[at + len(_INTEGRITY_HEAD) : len(raw) - len(_INTEGRITY_TAIL)]
    if digits.translate(None, b"0123456789abcdef"):
        return False
    return zlib.crc32(memoryview(raw)[:at]) == int(digits, 16)


def generation_of(tables: dict[str, Any]) -> tuple[str | None, str | None, int]:
    """A snapshot's generation id, and the generation and entry count folded into it."""
    doc = tables.get(GENERATION_TABLE, {}).get("1")
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
        return None, None, 0
    folded = doc.get("folded")
    sequence = doc.get("sequence")
    return doc["id"], folded if isinstance(folded, str) else None, sequence if isinstance(sequence, int) else 0


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a session is parsed and decoded.

    Loading a 2,000-visitor session makes some 600,000 objects, none of them in a cycle; the
    collector, counting allocations, would stop the load for passes over everything the process
    holds. In a process that already holds a large heap (the desk app reopening a day) that was
    15-20 ms of a 120 ms open here. Reference counting still frees what the load drops; the collector
    resumes as it was (a caller that had disabled it keeps it disabled), with what the load made
    counted as old (see below).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            # What the load made is long-lived. Left in the youngest generation, the first collection
            # after the pause would walk every container it made, collecting nothing (15-25 ms at
            # 2,000 visitors, a tenth of the open). Freezing and at once unfreezing moves every
            # generation's list into the oldest one without walking them: the count of young objects
            # restarts from zero and the next full collection sees them as usual. (Skipped when
            # something else in the process has frozen objects, which unfreeze would release.)
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def _read_journal(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def read_tables(path: Path) -> dict[str, Any]:
    """A session's tables as last committed, read without the lock: the snapshot and the entries of
    its journal (a torn last entry ignored). A fold racing the read (the snapshot replaced between
    reading it and its journal) is noticed and the read is made again."""
    journal = journal_path(path)
    tables: dict[str, Any] = {}
    for _attempt in range(READ_ATTEMPTS):
        with open(path, "rb") as handle:
            before = os.fstat(handle.fileno())
            raw = handle.read()
        tables = parse_store_bytes(raw, path)
        generation = generation_of(tables)[0]
        if generation is None:
            return tables  # legacy or new: no journal belongs to it
        found = scan(_read_journal(journal), generation)
        if found.ops:
            apply(tables, found.ops)
            return tables
        try:
            after = os.stat(path)
        except FileNotFoundError:
            continue
        if (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns):
            return tables
    return tables


def rebuild_from_previous(path: Path, tables: dict[str, Any]) -> bool:
    """Bring the previous generation's ``tables`` up to date with the journal folded into the damaged
    snapshot and, when it provably continues that one, the damaged snapshot's own journal. Returns
    whether the live journal was applied (it then holds nothing the rebuilt snapshot lacks)."""
    generation = generation_of(tables)[0]
    if generation is None:
        return False
    live_raw = _read_journal(journal_path(path))
    live = scan(live_raw, None, limit=1)
    if live.first_generation == generation:
        # the damaged snapshot's fold was cut off before its journal moved: it is the previous one's
        apply(tables, scan(live_raw, generation).ops)
        return True
    base_generation, base_sequence = live.base
    folded = scan(_read_journal(previous_journal(path)), generation)
    if live.first_generation is None or base_generation != generation or base_sequence > folded.sequence:
        apply(tables, folded.ops)
        return False
    apply(tables, folded.ops[:base_sequence])
    apply(tables, scan(live_raw, live.first_generation).ops)
    return True


class DurableJSONStorage(Storage):  # type: ignore[misc]
    """TinyDB storage for one session file; see the module docstring."""

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)
        self._cache: dict[str, Any] | None = None
        self._encoded: dict[str, bytes] = {}
        self._dirty: set[str] = set()
        """Tables changed since they were last written to a snapshot."""
        self._generation: str | None = None
        self._base: tuple[str | None, int] = (None, 0)
        self._sequence = 0
        self._journal = JournalFile(journal_path(self.path))
        self._must_fold = False
        """A journal append failed: the next commit writes a whole snapshot instead."""
        self._fold_at = FOLD_MIN_BYTES
        self.set_aside: list[Path] = []
        """Journals (or copies) moved aside at open because they could not be replayed whole."""

    # -- opening -------------------------------------------------------------------------------

    def read(self) -> dict[str, Any] | None:
        """The whole database; ``None`` for a new, empty one (TinyDB's convention)."""
        if self._cache is None:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                self.prime({}, 0)
            else:
                self.prime(parse_store_bytes(raw, self.path), len(raw))
        return self._cache or None

    def prime(self, tables: dict[str, Any], snapshot_size: int) -> dict[str, Any]:
        """Start from the snapshot the caller has just parsed (saves parsing it twice) and replay its
        journal; returns the tables as last committed."""
        self._cache = tables
        generation, folded, folded_sequence = generation_of(tables)
        self._generation, self._base = generation, (folded, folded_sequence)
        self._fold_at = max(FOLD_MIN_BYTES, int(snapshot_size * FOLD_RATIO))
        journal = self._journal.path
        raw = _read_journal(journal)
        if not raw:
            return tables
        found = scan(raw, generation)
        if found.stale or generation is None:
            if folded is not None and found.first_generation == folded:
                # cut off by a crash after a fold's rename: its entries are in the snapshot
                replace_file(journal, previous_journal(self.path))
                fsync_dir(self.path.parent)
            elif found.first_generation is not None or found.damaged:
                self.set_aside.append(set_aside_damaged(journal))
            self._journal.end = 0  # a torn first entry alone is emptied at the next append
            return tables
        if found.damaged:
            # intact entries after a bad one: not a torn append; keep every byte before cutting back
            copy = damaged_name(journal)
            write_atomic(copy, raw)
            self.set_aside.append(copy)
        self._dirty |= apply(tables, found.ops)
        self._sequence = found.sequence
        self._journal.end = found.end  # a torn or bad tail is cut off before the next append
        return tables

    # -- writing -------------------------------------------------------------------------------

    def commit(self, ops: list[Op]) -> None:
        """Put every ``[table, doc_id, doc]`` durably, or (on an exception) none and nothing in memory."""
        data = self.read() or {}
        self._cache = data
        undo: list[tuple[str, str | None, Any]] = []
        for name, doc_id, doc in ops:
            table = data.get(name)
            if table is None:
                table = data[name] = {}
                undo.append((name, None, None))
            undo.append((name, doc_id, table.get(doc_id, _MISSING)))
            table[doc_id] = doc
            self._dirty.add(name)
        try:
            if self._generation is None or self._must_fold:
                self.fold()
            else:
                assert self._generation is not None
                entry = encode_entry(self._generation, self._sequence + 1, self._base, ops)
                try:
                    self._journal.append(entry)
                except BaseException:
                    self._must_fold = True
                    raise
                self._sequence += 1
        except BaseException:
            for name, doc_id, old in reversed(undo):
                if doc_id is None:
                    del data[name]
                elif old is _MISSING:
                    del data[name][doc_id]
                else:
                    data[name][doc_id] = old
            raise
        if self._journal.end >= self._fold_at:
            try:
                self.fold()
            except OSError:
                self._fold_at = self._journal.end + FOLD_MIN_BYTES // 4  # the commit is safe in the journal

    def pending(self) -> bool:
        """Whether the journal holds commits not yet folded into the snapshot."""
        return self._generation is not None and (self._journal.end > 0 or self._must_fold)

    def fold(self) -> None:
        """Write the whole state as a new snapshot generation and retire the journal."""
        data = self._cache if self._cache is not None else {}
        old = data.get(GENERATION_TABLE)
        new_generation = secrets.token_hex(8)
        data[GENERATION_TABLE] = {"1": {"id": new_generation, "folded": self._generation, "sequence": self._sequence}}
        self._dirty.add(GENERATION_TABLE)
        try:
            chunks, encoded = self._encode(data)
            write_atomic(self.path, chunks, keep_previous=previous_generation(self.path))
        except BaseException:
            if old is None:
                del data[GENERATION_TABLE]
            else:
                data[GENERATION_TABLE] = old
            raise
        self._encoded, self._dirty = encoded, set()
        self._base = (self._generation, self._sequence)
        self._generation, self._sequence, self._must_fold = new_generation, 0, False
        self._journal.retire(previous_journal(self.path))
        self._fold_at = max(FOLD_MIN_BYTES, int(sum(len(chunk) for chunk in chunks) * FOLD_RATIO))

    def write(self, data: dict[str, Any]) -> None:
        """TinyDB's whole-database write: a new snapshot."""
        self._cache = data
        self._dirty |= set(data)
        self.fold()

    def _encode(self, data: dict[str, Any]) -> tuple[list[bytes], dict[str, bytes]]:
        """The whole file as JSON chunks, reusing the bytes of tables not changed since the last fold,
        ending with the ``integrity`` table.

        The chunks are written with one gathered write, so large tables are never copied again.
        """
        chunks = [b"{"]
        encoded: dict[str, bytes] = {}
        for name, table in data.items():
            if name == INTEGRITY_TABLE:
                continue  # made afresh below
            table_bytes = self._encoded.get(name)
            if table_bytes is None or name in self._dirty:
                table_bytes = orjson.dumps(table)
            encoded[name] = table_bytes
            chunks += [b"," if len(chunks) > 1 else b"", orjson.dumps(name), b":", table_bytes]
        crc = 0
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
        head = _INTEGRITY_HEAD if len(chunks) > 1 else _INTEGRITY_HEAD[1:]
        chunks.append(b"%s%08x%s" % (head, crc, _INTEGRITY_TAIL))
        return chunks, encoded

    def close(self) -> None:
        """Fold what the journal holds (best effort: it is on disk either way) and forget the state."""
        try:
            if self.pending():
                with contextlib.suppress(OSError):
                    self.fold()
        finally:
            self._journal.close()
            self._cache = None
            self._encoded.clear()

    def close_without_fold(self) -> None:
        """Forget the state and leave the files as they are (the snapshot was found damaged)."""
        self._journal.close()
        self._cache = None
        self._encoded.clear()


_MISSING = object()
