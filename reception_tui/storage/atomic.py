"""Durable file writes: temp file in the same folder, write, flush, fsync, ``os.replace``, fsync the folder.

The live file is never truncated in place, so a crash or power cut at any moment leaves either the
old or the new content, never a mix. Files are created 0600 and folders 0700: they hold personal data.

On Windows: a folder cannot be opened to fsync it (NTFS journals the rename itself), so that step is
skipped; ``os.replace`` fails while another program (an antivirus scan, the search indexer, a second
reader) holds the target open, so it is retried for a moment before the error is reported; and the
modes are not applied (Windows keeps only a read-only flag; the data folder under the user's profile
is private to the user by its ACL).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

_IOV_MAX = 512
FILE_MODE = 0o600
DIR_MODE = 0o700
WINDOWS = os.name == "nt"
REPLACE_RETRIES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8)
"""Pauses between attempts of a replace that Windows refused because the target is held open (2 s in all)."""


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) as 0700 if missing; tighten an existing one we own."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if WINDOWS:
        return path  # no POSIX modes there (chmod only sets the read-only flag)
    with contextlib.suppress(OSError):
        if (path.stat().st_mode & 0o777) != DIR_MODE:
            path.chmod(DIR_MODE)
    return path


def fsync_dir(path: Path) -> None:
    """Make a rename or new file in folder ``path`` durable (no-op where folders cannot be opened)."""
    if WINDOWS:
        return  # a folder cannot be opened for fsync on Windows; NTFS journals the rename
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_file(source: Path, target: Path) -> None:
    """``os.replace``; on Windows, retried for a moment while another program holds ``target`` open
    (PermissionError: access denied / sharing violation), then the error propagates."""
    if not WINDOWS:
        os.replace(source, target)
        return
    for pause in (*REPLACE_RETRIES, None):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if pause is None:
                raise
            time.sleep(pause)


def _write_all(fd: int, chunks: Sequence[bytes]) -> None:
    """Write every chunk in order; large chunks are not copied into one buffer first."""
    views = [memoryview(chunk) for chunk in chunks if chunk]
    writev = getattr(os, "writev", None)
    while views:
        if writev is not None:
            written = writev(fd, views[:_IOV_MAX])
        else:
            written = os.write(fd, views[0])
        while views and written >= len(views[0]):
            written -= len(views[0])
            views.pop(0)
        if views and written:
            views[0] = views[0][written:]


def write_atomic(path: Path, data: bytes | Sequence[bytes], *, keep_previous: Path | None = None) -> None:
    """Replace ``path`` with ``data`` (bytes, or chunks written in order) durably.

    With ``keep_previous``, the content being replaced is kept there first (a hard link, so it costs
    no copy): the last good generation, offered if the live file is ever found damaged. On any
    error the temp file is removed, the live file is untouched, and the ``OSError`` propagates.
    """
    folder = path.parent
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    leftovers = [tmp]
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        try:
            _write_all(fd, [data] if isinstance(data, bytes) else data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if keep_previous is not None and path.exists():
            prev_tmp = folder / f".{keep_previous.name}.{secrets.token_hex(4)}.tmp"
            try:
                os.link(path, prev_tmp)
            except OSError:
                pass  # no hard links here (some USB file systems): keep going without a previous generation
            else:
                leftovers.append(prev_tmp)
                replace_file(prev_tmp, keep_previous)
        replace_file(tmp, path)
    except BaseException:
        for leftover in leftovers:
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        raise
    fsync_dir(folder)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file to stream ``path``'s new content into; on leaving the block without an error it
    replaces ``path`` durably (the same procedure as :func:`write_atomic`), on an error it is removed
    and ``path`` is untouched. For content too large to hold in memory at once."""
    folder = path.parent
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        replace_file(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(folder)
