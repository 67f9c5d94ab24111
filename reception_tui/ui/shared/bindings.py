"""Key bindings whose labels come from the message catalogue when a screen is built, not when imported.

``BINDINGS`` hold message keys as descriptions; :func:`localise_bindings` swaps in the text of the
current language, so ``--lang en`` (or a test that switches language) shows English in the footer.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from reception_tui.i18n import t


def localise_bindings(node: DOMNode) -> None:
    """Replace each binding's description (a message key) with its text."""
    keys: dict[str, list[Binding]] = {}
    for key, binding in node._bindings:
        text = t(binding.description) if binding.description else ""
        keys.setdefault(key, []).append(replace(binding, description=text))
    node._bindings = BindingsMap.from_keys(keys)


def shown_bindings(node: DOMNode) -> list[Binding]:
    """The bindings a person sees (footer, help, command palette), in declaration order."""
    return [binding for _, binding in node._bindings if binding.show and binding.description]
