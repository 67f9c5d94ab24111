"""Keyboard helpers for the desk's Pilot tests: what a liaison officer's fingers do, nothing more."""

from __future__ import annotations

from textual.pilot import Pilot


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Type ``text`` key by key (Chinese, full-width digits and brackets included).

    Pilot turns CJK punctuation (，。) into named keys that TextArea does not insert, so multi-line
    texts in these tests avoid it; a real terminal delivers it as text (checked by hand in tmux).
    """
    await pilot.press(*text)


async def choose(pilot: Pilot[object], steps: int) -> None:
    """Open the focused drop-down, move ``steps`` down, pick it (the form moves on by itself)."""
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*(["down"] * steps), "enter")
    await pilot.pause()


async def save(pilot: Pilot[object]) -> None:
    """Ctrl+S, wait for the save worker's durable write, and let the screens settle."""
    await pilot.press("ctrl+s")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def settle(pilot: Pilot[object]) -> None:
    """Wait for the reads that run in workers (the sessions list, finding a day's session, the phone
    check) and let what they found show."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
