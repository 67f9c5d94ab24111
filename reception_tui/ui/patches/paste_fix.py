"""Keeps a bracketed paste whole: escape sequences inside it are removed before Textual's parser reads it.

Textual 8's terminal parser collects a bracketed paste (between ``ESC [200~`` and ``ESC [201~``) into
one :class:`~textual.events.Paste` event, except that an ESC inside the paste starts its escape-sequence
search: those characters never reach the paste buffer and are sent on as key presses instead (ESC
as ``^``). A pasted OSC 52 clipboard write (``ESC ]52;c;… BEL``) was thus typed into the field as keys
while the rest arrived afterwards as the paste: the pieces were stored out of order.

The fix: the parser's ``feed`` is wrapped so that the text of a paste is held until its end marker,
cleaned by the one rule (:func:`~reception_tui.domain.text.clean_text`), and only then given to the
parser, which turns it into one Paste event. Input outside pastes passes through untouched (a paste
start marker split between two reads is left to the parser as before).

Applied once, when the UI package is imported; :func:`applied` says whether it took.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual._xterm_parser import XTermParser
from textual.message import Message

from reception_tui.domain.text import clean_text

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"

_original_feed: Callable[[XTermParser, str], Iterable[Message]] | None = None


class PasteGate:
    """Holds the text of a bracketed paste until it ends, then lets it through clean."""

    def __init__(self) -> None:
        self._inside = False
        self._held: list[str] = []
        self._held_size = 0
        self._tail = ""
        """The last characters held, where an end marker split between two reads begins."""

    def feed(self, data: str) -> str:
        """What the parser should read of ``data``: everything, except pastes, which come out whole and clean."""
        out: list[str] = []
        while data:
            if not self._inside:
                start = data.find(PASTE_START)
                if start < 0:
                    out.append(data)
                    break
                out.append(data[:start])
                data = data[start + len(PASTE_START) :]
                self._inside, self._held, self._held_size, self._tail = True, [], 0, ""
                continue
            probe = self._tail + data
            found = probe.find(PASTE_END)
            if found < 0:
                self._held.append(data)
                self._held_size += len(data)
                self._tail = probe[-(len(PASTE_END) - 1) :]
                break
            held = "".join(self._held) + data
            end = self._held_size - len(self._tail) + found
            out.append(PASTE_START + clean_text(held[:end], multiline=True) + PASTE_END)
            data = held[end + len(PASTE_END) :]
            self._inside, self._held, self._held_size, self._tail = False, [], 0, ""
        return "".join(out)


def _feed(self: XTermParser, data: str) -> Iterable[Message]:
    """:meth:`XTermParser.feed`, with each bracketed paste held and cleaned by the parser's own gate."""
    assert _original_feed is not None
    if not data:  # end of input: the parser finishes
        return _original_feed(self, data)
    gate = self.__dict__.setdefault("_reception_paste_gate", PasteGate())
    passed = gate.feed(data)
    return _original_feed(self, passed) if passed else iter(())


def apply() -> bool:
    """Wrap the parser's ``feed`` (idempotent); ``False`` if this Textual has no such method."""
    global _original_feed
    if _original_feed is not None:
        return True
    original = getattr(XTermParser, "feed", None)
    if original is None:
        return False
    _original_feed = original
    XTermParser.feed = _feed  # type: ignore[method-assign]
    return True


def applied() -> bool:
    """Whether the fix is in place."""
    return _original_feed is not None and XTermParser.feed is _feed  # type: ignore[comparison-overlap]
