"""A command-palette provider listing the current screen's own commands, so every key is also a command."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider


class HasPaletteCommands(Protocol):
    """A screen that offers (title, help, callback) triples to the palette."""

    def palette_commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        """The screen's commands."""
        ...


class ScreenCommands(Provider):
    """Offers the commands of the screen the palette was opened from."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        source = getattr(screen, "palette_commands", None)
        return list(source()) if callable(source) else []

    async def discover(self) -> Hits:
        """All the screen's commands, before anything is typed."""
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """The screen's commands matching ``query``."""
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = max(matcher.match(title), matcher.match(help_text))
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
