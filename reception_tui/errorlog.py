"""Error logs without personal data.

A traceback's messages and local variables can hold a visitor's name or phone, so the log keeps
only the exception's type and the code locations (file, line, function), never values or text.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import traceback
from pathlib import Path

from reception_tui import __version__


def describe_safely(error: BaseException) -> str:
    """Exception type and stack locations, chained causes included, with no message text."""
    lines = [f"reception_tui {__version__} on Python {platform.python_version()} ({platform.system()})"]
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        lines.append(f"{type(current).__module__}.{type(current).__qualname__}")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}")
        current = current.__cause__ or current.__context__
        if current is not None:
            lines.append("caused by / while handling:")
    return "\n".join(lines) + "\n"


def write_error_log(error: BaseException, logs_dir: Path) -> Path:
    """Write a personal-data-free report of ``error`` to ``logs_dir``; return its path."""
    logs_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = logs_dir / f"error-{stamp}-{os.getpid()}.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(describe_safely(error))
    return path
