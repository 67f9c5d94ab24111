"""The footer: compact, in the interface's language, and never cut off at the right edge.

Textual's footer shows its own key labels in English ("palette", "Dismiss menu") and lets keys run off
the screen: at 80 columns the desk's footer ended in "^q▏^p palette". Here Textual's labels are
translated, and the keys that do not fit are left out from the end (the app's feature keys first);
every key stays in the help (F1) and the command palette (Ctrl+P), which is always shown.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reception_tui.i18n import t

TEXTUAL_LABELS = {
    "palette": "ui.key.palette",
    "Dismiss menu": "ui.key.dismiss_menu",
    "Exit the command palette": "ui.key.close_palette",
}
"""Labels of Textual's own bindings and the messages shown instead."""

PALETTE_CLASS = "-command-palette"


def key_width(key: FooterKey) -> int:
    """Cells a compact footer key takes, with the space after it."""
    label = cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0)
    return label + 1


class KeyFooter(Footer):
    """A compact footer whose keys fit the screen's width."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._composed_width = 0

    def compose(self) -> ComposeResult:
        """Textual's keys, translated, as many as fit before the command palette key."""
        widgets: list[Widget] = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        for key in keys:
            if key.description in TEXTUAL_LABELS:
                key.description = t(TEXTUAL_LABELS[key.description])
        self._composed_width = self.app.size.width
        palette = [key for key in keys if key.has_class(PALETTE_CLASS)]
        room = self._composed_width - sum(key_width(key) for key in palette)  # its border for the space
        for widget in widgets:
            if widget in palette:
                continue
            if isinstance(widget, FooterKey):
                room -= key_width(widget)
                if room < 0:
                    break
            yield widget
        yield from palette

    def on_resize(self) -> None:
        """Lay the keys out again for a new width."""
        if self.app.size.width != self._composed_width:
            self.call_after_refresh(self.recompose)
