"""The one helper that shows user text: literally, never parsed as markup."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content


def literal(value: str) -> Content:
    """User text as Textual content; ``[b]``, ``[@click=…]`` and a lone ``[/]`` stay as typed."""
    return Content(value)


def literal_cell(value: str) -> Text:
    """User text for a DataTable cell (Rich text, no markup)."""
    return Text(value)
