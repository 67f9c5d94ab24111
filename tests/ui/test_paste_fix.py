"""A bracketed paste with escape sequences inside reaches the app as one clean Paste event, however it is read."""

from __future__ import annotations

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

import reception_tui.ui  # noqa: F401  (importing the UI package applies the fix)
from reception_tui.ui.patches import paste_fix

START, END = "\x1b[200~", "\x1b[201~"
HOSTILE = "\u202e路面\x1b]52;c;SGVsbG8gd29ybGQ=\x07积水\x1b[31m严重\x1b[0m\r\n请修复"


def parse(*chunks: str) -> list[Message]:
    """The events a terminal read in ``chunks`` gives, as the Linux driver collects them."""
    parser = XTermParser()
    found: list[Message] = []
    for chunk in chunks:
        found.extend(parser.feed(chunk))
    return found


def described(found: list[Message]) -> list[tuple[str, str]]:
    return [
        ("paste", event.text) if isinstance(event, events.Paste) else ("key", getattr(event, "key", ""))
        for event in found
    ]


def test_the_fix_is_applied() -> None:
    assert paste_fix.applied()


def test_a_paste_with_escape_sequences_is_one_clean_paste_event() -> None:
    """Unfixed, the OSC 52 and colour codes came out as key presses (ESC as ``^``) before the rest as a paste."""
    assert described(parse(START + HOSTILE + END)) == [("paste", "路面积水严重\n请修复")]


def test_keys_before_and_after_a_paste_stay_keys() -> None:
    assert described(parse("a" + START + HOSTILE + END + "\x1b[D中")) == [
        ("key", "a"),
        ("paste", "路面积水严重\n请修复"),
        ("key", "left"),
        ("key", "中"),
    ]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 64])
def test_a_paste_read_in_pieces_is_the_same_paste(size: int) -> None:
    """The terminal's reads may split the paste anywhere after its start marker, end marker included."""
    body = HOSTILE + END + "b"
    chunks = [START] + [body[i : i + size] for i in range(0, len(body), size)]
    assert described(parse(*chunks)) == [("paste", "路面积水严重\n请修复"), ("key", "b")]


def test_the_gate_passes_other_input_untouched() -> None:
    gate = paste_fix.PasteGate()
    for data in ("n", "\x1b", "\x1b[D", "\x1b[<0;10;5M", "前后"):
        assert gate.feed(data) == data
