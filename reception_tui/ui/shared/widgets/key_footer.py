"""The footer: compact, in the interface's language, and never cut off at the right edge.

Textual's footer shows its own key labels in English ("palette", "Dismiss menu") and lets keys run off
the screen: at 80 columns the desk's footer ended in "^q▏^p palette". Here Textual's labels are
translated, and the keys that do not fit are left out from the end (the app's feature keys first);
every key stays in the help (F1) and the command palette (Ctrl+P), which is always shown.

Textual's footer rebuilds all its keys (a dozen widgets, each styled and laid out) whenever the screen
says its bindings changed: eight times while the desk starts (mounting, focus, the session arriving),
a fifth of the desk's start-up work. Here a rebuild happens only when what the footer would show
differs from what it shows.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reception_tui.i18n import language, t

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
    """A compact footer whose keys fit its width."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._shown: Hashable = None

    def _what_would_show(self) -> Hashable:
        """Everything the keys are composed from: the shown bindings (key, display, label, action, group,
        enabled, tooltip), the palette key's, and the language of the translated labels."""
        if not self._bindings_ready or not self.is_attached:
            return None
        shown = tuple(
            (binding.key, binding.key_display, binding.description, binding.action, id(binding.group), enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "app.command_palette"
        )
        return shown, self.show_command_palette, self.compact, language()

    def compose(self) -> ComposeResult:
        """Textual's keys, their labels translated."""
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description in TEXTUAL_LABELS:
                widget.description = t(TEXTUAL_LABELS[widget.description])
            yield widget

    async def recompose(self) -> None:
        """Recompose when the keys to show changed (they change with the focus), then fit the new keys."""
        would_show = self._what_would_show()
        if would_show is not None and would_show == self._shown:
            return
        await super().recompose()
        self._shown = would_show
        self.fit()

    def on_resize(self) -> None:
        """Fit the keys to a new width."""
        self.fit()

    def fit(self) -> None:
        """Show the keys that fit before the command palette key, in order; hide the rest."""
        keys = list(self.query_children(FooterKey))
        palette = [key for key in keys if key.has_class(PALETTE_CLASS)]
        room = self.size.width - sum(key_width(key) for key in palette)  # its border for the space
        for key in keys:
            if key not in palette:
                room -= key_width(key)
                key.display = room >= 0
