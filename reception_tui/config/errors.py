"""The one error a bad site configuration raises: which file, which line, which field, what to do.

Like the storage errors, it carries a message key and parameters (``key``, ``params``: file, line, field and
the problem, itself a message naming the offending value) so the interface shows it in its own language
(``reception_tui.i18n.describe``); ``str()`` and ``problem`` stay the English text, for logs and scripts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reception_tui.i18n import Message, t


def problem(key: str, **params: Any) -> Message:
    """What is wrong with a configuration, as a message rendered with the error (``config.problem.*``)."""
    return Message(f"config.problem.{key}", params)


TOP_LEVEL = "(top level)"
"""The field name of a problem with the file as a whole (shown as 顶层 in Chinese)."""


class ConfigError(Exception):
    """A site configuration that cannot be used; ``str()`` is the one-line English message."""

    def __init__(
        self, path: str, problem: str | Message, *, line: int | None = None, field: str | None = None
    ) -> None:
        reason = problem if isinstance(problem, Message) else Message("config.problem.text", {"text": problem})
        self.path = path
        self.reason = reason
        self.problem = reason.text("en")
        self.line = line
        self.field = field
        self.value = reason.params.get("value")
        where = "file" if line is None else "file_line"
        self.key = f"config.error.{where}_field" if field else f"config.error.{where}"
        shown_field: str | Message | None = Message("config.field.top_level") if field == TOP_LEVEL else field
        self.params: Mapping[str, Any] = {"path": path, "line": line, "field": shown_field, "problem": reason}
        super().__init__(t(self.key, "en", **self.params))
