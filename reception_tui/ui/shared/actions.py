"""One declaration per action: its key, its label, its help line, footer and palette, from a screen's table.

A screen lists its :class:`Action` s in ``ACTIONS`` and sets ``BINDINGS = bindings(ACTIONS)``; the
footer, the command palette (:func:`palette_entries`) and the help (:func:`help_rows`) are built
from the same table. Labels are message keys, translated when a screen is built or a list is shown
(:func:`localise`), never when a module is imported, so the language can change after import. Binding
ids are the action ids, so a site's ``keys:`` setting remaps them through Textual's keymap
(:func:`check_keymap` checks the setting first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingsMap, BindingType
from textual.dom import DOMNode
from textual.keys import _normalize_key_list

from reception_tui.config import ConfigError
from reception_tui.config.errors import problem
from reception_tui.domain.site import KeyRemap
from reception_tui.i18n import t

PALETTE_KEY_HELP = "desk.palette.key"
"""The palette's help line for an action without one of its own: the key that does it."""


@dataclass(frozen=True)
class Action:
    """Something a person can do on a screen, by key, from the footer, the palette or the help."""

    id: str
    """Unique in the program: the binding id, the name a site's ``keys:`` setting remaps."""
    keys: str
    """Default key(s), comma-separated as Textual writes them (``"f,slash"``)."""
    action: str
    """The Textual action run (``"save('pdf')"`` runs ``action_save('pdf')``)."""
    label: str
    """Message key of the short label (footer, palette title, help row)."""
    help: str = ""
    """Message key of the palette's help line; empty: the line names the key."""
    show: bool = True
    """Shown in the footer and the help."""
    priority: bool = False
    """Checked before the focused widget's bindings."""
    palette: bool = True
    """Listed in the command palette."""

    def binding(self) -> Binding:
        """The Textual binding; its description is the label's message key until :func:`localise`."""
        return Binding(self.keys, self.action, self.label, show=self.show, priority=self.priority, id=self.id)


def bindings(table: Iterable[Action]) -> list[BindingType]:
    """A screen's ``BINDINGS`` from its table."""
    return [action.binding() for action in table]


def actions_of(node: DOMNode) -> list[Action]:
    """The actions of a screen or app: its class's table, then those its base classes declare."""
    found: list[Action] = []
    seen: set[str] = set()
    for cls in type(node).__mro__:
        for action in cls.__dict__.get("ACTIONS", ()):
            if isinstance(action, Action) and action.id not in seen:
                seen.add(action.id)
                found.append(action)
    return found


def localise(node: DOMNode) -> None:
    """Give the node's bindings the labels of the current language (their descriptions are message keys)."""
    keys: dict[str, list[Binding]] = {}
    for key, binding in node._bindings:
        text = t(binding.description) if binding.description else ""
        keys.setdefault(key, []).append(replace(binding, description=text))
    node._bindings = BindingsMap.from_keys(keys)


def shown_bindings(node: DOMNode) -> list[Binding]:
    """The bindings a person sees (footer, help, command palette), in declaration order."""
    return [binding for _, binding in node._bindings if binding.show and binding.description]


def current_keys(app: App[Any], action: Action) -> list[str]:
    """The keys that run ``action`` now: the keymap's, else the default."""
    keymap: Mapping[str, str] = getattr(app, "_keymap", {})
    return [key.strip() for key in keymap.get(action.id, action.keys).split(",") if key.strip()]


def key_display(app: App[Any], key: str) -> str:
    """A key as the footer shows it (``^s``, ``f1``, ``?``)."""
    return app.get_key_display(Binding(key, ""))


def palette_entries(node: DOMNode, app: App[Any]) -> Iterator[tuple[str, str, Callable[[], object]]]:
    """(title, help line, callback) for each of the node's palette actions, in the current language."""
    for action in actions_of(node):
        if not action.palette:
            continue
        keys = current_keys(app, action)
        shortcut = key_display(app, keys[0]) if keys else ""
        help_text = t(action.help) if action.help else t(PALETTE_KEY_HELP, shortcut=shortcut)
        yield t(action.label), help_text, partial(app.run_action, action.action, node)


def help_rows(node: DOMNode, app: App[Any]) -> list[tuple[str, str]]:
    """(key, label) for each key of each shown action of the node, in the current language."""
    return [
        (key_display(app, key), t(action.label))
        for action in actions_of(node)
        if action.show
        for key in current_keys(app, action)
    ]


def check_keymap(remaps: Iterable[KeyRemap], tables: Mapping[str, Iterable[Action]], source: str) -> dict[str, str]:
    """The keymap a site's ``keys:`` asks for, checked against every screen's table.

    ``tables`` maps a screen's name to its actions, the app's own (active on every screen) under
    ``"app"``. An unknown action id, or a key that another action of the same screen (or the app)
    already uses, is a :class:`ConfigError` naming the file, line, field and value.
    """
    remaps = list(remaps)
    by_id = {action.id: action for table in tables.values() for action in table}
    keymap: dict[str, str] = {}
    for remap in remaps:
        if remap.action not in by_id:
            raise ConfigError(
                source, problem("unknown_action", value=remap.action, keys=remap.keys),
                line=remap.line, field=f"keys.{remap.action}",
            )  # fmt: skip
        keymap[remap.action] = _normalize_key_list(remap.keys)
    lines = {remap.action: remap.line for remap in remaps}
    app_table = list(tables.get("app", ()))
    for name, table in tables.items():
        screen = list(table) if name == "app" else [*table, *app_table]
        used: dict[str, Action] = {}
        for action in screen:
            for key in _normalize_key_list(keymap.get(action.id, action.keys)).split(","):
                other = used.get(key)
                if other is not None and other.id != action.id:
                    remapped, holder = (action, other) if action.id in keymap else (other, action)
                    raise ConfigError(
                        source,
                        problem("key_taken", value=key, action=remapped.id, holder=holder.id, screen=name),
                        line=lines.get(remapped.id), field=f"keys.{remapped.id}",
                    )  # fmt: skip
                used[key] = action
    return keymap
