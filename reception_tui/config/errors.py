"""The one error a bad site configuration raises: which file, which line, which field, what to do."""

from __future__ import annotations


class ConfigError(Exception):
    """A site configuration that cannot be used; ``str()`` is the one-line message for the user."""

    def __init__(self, path: str, problem: str, *, line: int | None = None, field: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        self.field = field
        where = path if line is None else f"{path}:{line}"
        subject = f" [{field}]" if field else ""
        super().__init__(f"{where}{subject}: {problem}")
