"""Keyboard helpers for the case screen's Pilot tests."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for the workers (reads, saves, reveals, prints) and let their outcome show."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def choose(pilot: Pilot[Any], position: int) -> None:
    """Open the focused drop-down, pick its ``position``-th choice (1 = the first after the prompt)."""
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("home", *(["down"] * position), "enter")
    await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


async def save(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


def screen_text(pilot: Pilot[Any]) -> str:
    """Every text the screens on the stack show (the case screen under a dialog included)."""
    parts: list[str] = []
    for screen in pilot.app.screen_stack:
        for widget in screen.query(Static):
            parts.append(str(widget.render()))
    return "\n".join(parts)
