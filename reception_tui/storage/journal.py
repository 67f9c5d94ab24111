"""The session journal: each commit's changes appended as one checksummed line beside the snapshot.

An entry is ``LLLLLLLLCCCCCCCC <payload>\\n``: the payload's length and CRC-32 in hex, then the
payload, an orjson array ``[generation, sequence, base_generation, base_sequence, ops]``. It applies
to the snapshot whose generation id is ``generation``; sequences count 1, 2, 3… within it; ``base_*``
repeat what that snapshot was folded from (the previous generation and how many of its entries), so
a damaged snapshot can be rebuilt from the previous one. ``ops`` are ``[table, doc_id, doc]`` puts.

Reading stops at the first entry that is cut short, fails its checksum, or breaks the sequence; an
append is one write of the whole entry and one ``fdatasync``, so a crash can only leave a torn last
entry, which is never replayed and is cut off before the next append.
"""

from __future__ import annotations

import contextlib
import errno
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from reception_tui.storage.atomic import FILE_MODE, fsync_dir, replace_file

HEADER = 17
"""Bytes before the payload: 8 hex digits of length, 8 of CRC-32, one space."""

Op = list[Any]
"""``[table, doc_id, doc]``: put ``doc`` under ``doc_id`` (a string) in ``table``."""


def encode_entry(generation: str, sequence: int, base: tuple[str | None, int], ops: list[Op]) -> bytes:
    """One journal line for one commit."""
    payload = orjson.dumps([generation, sequence, base[0], base[1], ops])
    return b"%08x%08x " % (len(payload), zlib.crc32(payload)) + payload + b"\n"


def _entry_at(raw: bytes, offset: int) -> tuple[list[Any], int] | None:
    """The entry starting at ``offset`` and where it ends, or None if there is no intact one."""
    if len(raw) - offset < HEADER + 1 or raw[offset + 16] != 0x20:
        return None
    head = raw[offset : offset + 16]
    if head.translate(None, b"0123456789abcdef"):
        return None  # not hex: garbage, or zeros where a torn entry should be
    length, crc = int(head[:8], 16), int(head[8:], 16)
    end = offset + HEADER + length + 1
    if end > len(raw) or raw[end - 1] != 0x0A:
        return None
    payload = raw[offset + HEADER : end - 1]
    if zlib.crc32(payload) != crc:
        return None
    try:
        entry = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return None
    # orjson makes exactly these types, never subclasses: a class test per value, no call per op
    if not (
        entry.__class__ is list and len(entry) == 5 and entry[0].__class__ is str and entry[1].__class__ is int
        and entry[4].__class__ is list
    ):  # fmt: skip
        return None
    for op in entry[4]:
        if not (
            op.__class__ is list and len(op) == 3 and op[0].__class__ is str and op[1].__class__ is str
            and op[2].__class__ is dict
        ):  # fmt: skip
            return None
    return entry, end


@dataclass
class Scan:
    """What a journal holds for one snapshot generation."""

    ops: list[list[Op]] = field(default_factory=list)
    """Each good entry's ops, in order."""
    end: int = 0
    """Offset just after the last good entry (where the next append goes)."""
    size: int = 0
    first_generation: str | None = None
    """The generation of the file's first intact entry (None when there is none)."""
    base: tuple[str | None, int] = (None, 0)
    """What the snapshot was folded from, as the first entry records it."""
    damaged: bool = False
    """Intact entries follow the first bad one: more than a torn last entry was dropped."""

    @property
    def sequence(self) -> int:
        """The last good entry's sequence number."""
        return len(self.ops)

    @property
    def stale(self) -> bool:
        """The journal's entries belong to another generation than the one asked for."""
        return self.first_generation is not None and not self.ops


def scan(raw: bytes, generation: str | None, limit: int | None = None) -> Scan:
    """The good entries of ``raw`` for ``generation`` (at most ``limit``), stopping at the first bad one."""
    found = Scan(size=len(raw))
    offset = 0
    while limit is None or len(found.ops) < limit:
        entry = _entry_at(raw, offset)
        if entry is None:
            break
        (entry_generation, sequence, base_generation, base_sequence, ops), end = entry
        if offset == 0:
            found.first_generation = entry_generation
            found.base = (base_generation if isinstance(base_generation, str) else None, base_sequence)
        if entry_generation != generation or sequence != len(found.ops) + 1:
            break
        found.ops.append(ops)
        offset = end
    found.end = offset
    if limit is None and offset < len(raw):
        found.damaged = _intact_entry_after(raw, offset)
    return found


def _intact_entry_after(raw: bytes, offset: int) -> bool:
    """Whether an intact entry starts at ``offset`` or after any later newline (a torn tail has none)."""
    if _entry_at(raw, offset) is not None:
        return True
    at = raw.find(b"\n", offset)
    while at != -1:
        if _entry_at(raw, at + 1) is not None:
            return True
        at = raw.find(b"\n", at + 1)
    return False


def apply(tables: dict[str, Any], ops_list: list[list[Op]]) -> set[str]:
    """Put every op into ``tables``; returns the names of the tables changed."""
    touched = set()
    for ops in ops_list:
        for name, doc_id, doc in ops:
            tables.setdefault(name, {})[doc_id] = doc
            touched.add(name)
    return touched


def _sync(fd: int) -> None:
    sync = getattr(os, "fdatasync", None) or os.fsync
    sync(fd)


class JournalFile:
    """The open journal of the session being written: appends, cut-backs, and its end after a fold."""

    def __init__(self, path: Path, end: int = 0) -> None:
        self.path = path
        self.end = end
        """Offset just after the last entry known to be on disk."""
        self._fd: int | None = None
        self._reset = False
        """The file on disk may hold stale or torn bytes: empty it before the next append."""

    def append(self, entry: bytes) -> None:
        """Write ``entry`` after the last good one, durably; on any error cut the file back (best effort)
        and raise (the entry does not count, and the next append starts at the same offset)."""
        fd = self._open()
        try:
            view = memoryview(entry)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            _sync(fd)
        except BaseException:
            self._cut_back()
            raise
        self.end += len(entry)

    def _open(self) -> int:
        if self._fd is not None:
            return self._fd
        # a link in the session's place is refused (ELOOP), never followed: the entries hold personal data
        flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.path, flags | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            fd = os.open(self.path, flags, FILE_MODE)
            try:
                size = os.fstat(fd).st_size
                if not self._reset and size < self.end:
                    # entries taken as written are gone (the file was cut by something else): growing it
                    # back would put zeros before the next entry, which hides it; the store folds instead
                    raise OSError(errno.EIO, "the session journal is shorter than its entries")
                if self._reset or size != self.end:
                    os.ftruncate(fd, self.end if not self._reset else 0)
                    _sync(fd)
            except BaseException:
                os.close(fd)
                raise
        else:
            fsync_dir(self.path.parent)  # the new name must survive a power cut with the entry
        if self._reset:
            self.end = 0
            self._reset = False
        self._fd = fd
        return fd

    def _cut_back(self) -> None:
        """Drop whatever part of a failed entry reached the file; if even that fails, empty the file
        before the next append (the store folds first, so nothing is lost)."""
        fd = self._fd
        if fd is None:
            return
        try:
            os.ftruncate(fd, self.end)
            _sync(fd)
        except OSError:
            self.close()
            self._reset = True

    def close(self) -> None:
        """Close the file (entries already written stay)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def retire(self, target: Path) -> None:
        """After a fold: move the journal to ``target`` (where the previous generation's journal is kept)
        and start the next one empty. The moved entries are already in the new snapshot, so a failure
        here loses nothing: the file is emptied before the next append instead."""
        self.close()
        self.end = 0
        try:
            if self.path.exists():
                replace_file(self.path, target)
        except OSError:
            self._reset = True
        else:
            fsync_dir(self.path.parent)
