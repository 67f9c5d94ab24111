"""Errors of the session exchange.

ExchangeError           anything the exchange refuses or cannot do; ``str()`` is free of visitors' data
├── RejectedFile        an export file the office will not import: ``reason`` (a message key) and ``detail``
├── KeyFileError        a device or office key file is missing or damaged
└── DestinationError    the export destination cannot be written, or the read-back did not match
"""

from __future__ import annotations

from pathlib import Path


class ExchangeError(Exception):
    """Base class of exchange errors."""


class RejectedFile(ExchangeError):
    """An export file failed a check; ``reason`` is an ``exchange.reject.*`` message key."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


class KeyFileError(ExchangeError):
    """A key file cannot be read or made."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class DestinationError(ExchangeError):
    """Writing an export to its destination failed; nothing there is to be trusted."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")
