"""Errors of the session exchange.

ExchangeError           anything the exchange refuses or cannot do; ``str()`` is free of visitors' data
├── RejectedFile        an export file the office will not import: ``reason`` (a message key) and ``detail``
├── KeyFileError        a device or office key file is missing or damaged
└── DestinationError    the export destination cannot be written, or the read-back did not match

An error made from an ``i18n.Message`` (any of them: a key file's or a destination's problem, a refused
file's detail, the office store's refusal) carries a message key and parameters (``key``, ``params``), so
``i18n.describe`` shows it in the interface's language, chosen when shown rather than when raised;
``str()`` stays English, for logs and scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reception_tui.i18n import Message


def in_words(text: str | Message, lang: str | None = None) -> str:
    """``text`` as shown in ``lang`` (default: current): a message rendered, plain text (a JSON path, a
    fingerprint) as it is."""
    return text.text(lang) if isinstance(text, Message) else text


class ExchangeError(Exception):
    """Base class of exchange errors: English text, or a message rendered in the language of whoever shows it."""

    def __init__(self, message: str | Message = "") -> None:
        if isinstance(message, Message):
            self.key = message.key
            self.params: dict[str, Any] = dict(message.params)
        super().__init__(in_words(message, "en"))


class _AtPath(ExchangeError):
    """A problem with the file or folder at ``path``; ``problem`` is English text or a message."""

    def __init__(self, path: Path, problem: str | Message) -> None:
        self.path = path
        self.problem = in_words(problem, "en")
        if isinstance(problem, Message):
            super().__init__(Message("exchange.error.at_path", {"path": path, "problem": problem}))
        else:
            super().__init__(f"{path}: {problem}")


class RejectedFile(ExchangeError):
    """An export file failed a check; ``reason`` is an ``exchange.reject.*`` message key.

    ``detail`` says where or how much: plain text when it holds no words (a JSON path such as
    ``$.payload.issues[3].visitor_id``, a key fingerprint), else a message; :meth:`detail_text` puts it
    into words. ``str()`` is ``reason: detail`` with the detail in English.
    """

    def __init__(self, reason: str, detail: str | Message = "") -> None:
        self.reason = reason
        self.detail = detail
        message = self.message
        self.key, self.params = message.key, dict(message.params)
        english = self.detail_text("en")
        Exception.__init__(self, f"{reason}: {english}" if english else reason)

    @property
    def message(self) -> Message:
        """The reason and its detail as one message: 文件太大（…） / the file is too large (…)."""
        return rejection(self.reason, self.detail)

    def detail_text(self, lang: str | None = None) -> str:
        """The detail in ``lang`` (default: current); empty when there is none."""
        return in_words(self.detail, lang)


def rejection(reason: str, detail: str | Message = "") -> Message:
    """A refusal's reason (an ``exchange.reject.*`` key) with its detail in brackets, when there is one."""
    framed: str | Message = Message("exchange.cli.import.detail", {"detail": detail}) if detail else ""
    return Message("exchange.error.rejected", {"reason": Message(reason), "detail": framed})


class KeyFileError(_AtPath):
    """A key file cannot be read or made."""


class DestinationError(_AtPath):
    """Writing an export to its destination failed; nothing there is to be trusted."""
