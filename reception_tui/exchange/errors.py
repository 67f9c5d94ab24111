"""Errors of the session exchange.

ExchangeError           anything the exchange refuses or cannot do; ``str()`` is free of visitors' data
├── RejectedFile        an export file the office will not import: ``reason`` (a message key) and ``detail``
├── KeyFileError        a device or office key file is missing or damaged
└── DestinationError    the export destination cannot be written, or the read-back did not match

A key file's or a destination's problem given as an ``i18n.Message`` makes the error carry a message key and
parameters (``key``, ``params``), so the interface shows it in its own language; ``str()`` stays English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reception_tui.i18n import Message


class ExchangeError(Exception):
    """Base class of exchange errors."""


class _AtPath(ExchangeError):
    """A problem with the file or folder at ``path``; ``problem`` is English text or a message."""

    def __init__(self, path: Path, problem: str | Message) -> None:
        self.path = path
        self.problem = problem.text("en") if isinstance(problem, Message) else problem
        if isinstance(problem, Message):
            self.key = "exchange.error.at_path"
            self.params: dict[str, Any] = {"path": path, "problem": problem}
        super().__init__(f"{path}: {self.problem}")


class RejectedFile(ExchangeError):
    """An export file failed a check; ``reason`` is an ``exchange.reject.*`` message key."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


class KeyFileError(_AtPath):
    """A key file cannot be read or made."""


class DestinationError(_AtPath):
    """Writing an export to its destination failed; nothing there is to be trusted."""
