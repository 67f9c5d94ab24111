"""Text reaches a field already clean: pastes are cleaned and cut at the field's limit, bidi controls never typed in.

A terminal hands a paste to the focused widget as one :class:`~textual.events.Paste` event, and
Textual's ``Input`` and ``TextArea`` insert it as it is: an escape sequence or a right-to-left override
then sits in the field, is written raw to the terminal on every repaint, and moves what is typed
after it (the cursor counts cells, the text counts characters), until :func:`clean_text` removes it at
the save. A paste of a megabyte made every later keystroke in a text area take seconds. So the app
cleans each paste with the one rule (``clean_text``), cuts it to what the field can still hold and
says so, and drops typed bidirectional controls (an input method can send them), before any widget
sees the event.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, TextArea

from reception_tui.domain.intake import MAX_LONG_TEXT
from reception_tui.domain.text import clean_text, is_bidi_control
from reception_tui.i18n import t

DEFAULT_LIMIT = MAX_LONG_TEXT
"""Characters a text field holds when it declares no limit (the longest text the desk stores)."""


def field_limit(widget: Input | TextArea) -> int:
    """How many characters ``widget`` may hold: its ``max_length``, else :data:`DEFAULT_LIMIT`."""
    limit = getattr(widget, "max_length", 0)
    return limit if isinstance(limit, int) and limit > 0 else DEFAULT_LIMIT


def field_label(widget: Widget) -> str:
    """The field's name as its form shows it (the label beside it), else its placeholder or id."""
    parent = widget.parent
    if isinstance(parent, Widget):
        for label in parent.query(Label):
            content = label.content
            text = content.plain if isinstance(content, Content) else str(content)
            if text.strip():
                return text.strip()
    placeholder = getattr(widget, "placeholder", "")
    return str(placeholder) if placeholder else widget.id or ""


def _room(widget: Input | TextArea) -> int:
    """Characters the field can still take, counting the selection a paste replaces as free."""
    if isinstance(widget, Input):
        used = len(widget.value) - len(widget.selected_text)
    else:
        used = len(widget.text) - len(widget.selected_text)
    return max(0, field_limit(widget) - used)


def clean_paste(app: App[Any], event: events.Paste) -> bool:
    """Clean ``event.text`` for the focused field and cut it to fit; ``False`` when nothing is left to paste."""
    target = app.focused
    multiline = isinstance(target, TextArea)
    text = clean_text(event.text, multiline=multiline)
    if isinstance(target, Input | TextArea):
        room = _room(target)
        if len(text) > room:
            limit, field = field_limit(target), field_label(target)
            key = "desk.paste.cut" if room else "desk.paste.full"
            app.notify(t(key, field=field, limit=limit, kept=room), severity="warning", markup=False)
            text = text[:room]
    event.text = text
    return bool(text)


def guard_event(app: App[Any], event: events.Event) -> bool:
    """Clean or drop text on its way to a widget; ``True`` when the event must go no further."""
    if isinstance(event, events.Paste) and not event.is_forwarded:
        return not clean_paste(app, event)
    if isinstance(event, events.Key) and event.character and len(event.character) == 1:
        return is_bidi_control(event.character)
    return False
