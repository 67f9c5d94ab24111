"""The message catalogue: every user-facing string, in Chinese (default) and English.

Each feature keeps its messages in ``i18n/messages/<feature>.py`` (``ZH`` and ``EN`` dicts); they are
merged here. ``t("key", **params)`` formats the message in the current language; an unknown key
falls back to English, then to the key itself, so a missing translation never crashes the desk.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from reception_tui.i18n.messages import (
    calendar,
    case_screen,
    config,
    core,
    desk,
    exchange,
    office,
    office_cli,
    office_privacy,
    office_store,
    receipts,
    report_views,
    reports,
    status,
    workbench,
)

_MODULES = (
    core,
    desk,
    receipts,
    exchange,
    calendar,
    config,
    case_screen,
    office,
    office_cli,
    office_privacy,
    office_store,
    reports,
    report_views,
    status,
    workbench,
)

ZH: dict[str, str] = {}
EN: dict[str, str] = {}
for _module in _MODULES:
    ZH.update(_module.ZH)
    EN.update(_module.EN)

LANGUAGES = {"zh": ZH, "en": EN}
DEFAULT_LANGUAGE = "zh"

_current = DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Choose the interface language (``zh`` or ``en``)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current = lang


def language() -> str:
    """The current interface language."""
    return _current


def t(key: str, lang: str | None = None, **params: Any) -> str:
    """The message ``key`` in ``lang`` (default: current), formatted with ``params``.

    A parameter that is itself a ``Message`` (an error's reason, say) is rendered in the same language."""
    catalogue = LANGUAGES[lang or _current]
    template = catalogue.get(key) or EN.get(key) or key
    params = {name: value.text(lang) if isinstance(value, Message) else value for name, value in params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


@dataclass(frozen=True)
class Message:
    """A message not yet put into words: a catalogue key and its parameters, rendered when shown."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the current language)."""
        return t(self.key, lang, **self.params)


def os_reason(error: OSError) -> Message:
    """Why the system refused, as a message: in Chinese, the disk is full, read-only, gone...; in English,
    the system's own words."""
    name = errno.errorcode.get(error.errno or 0, "")
    key = f"os.error.{name}" if name and f"os.error.{name}" in ZH else "os.error.other"
    return Message(key, {"code": error.errno or "-", "strerror": error.strerror or type(error).__name__})


def describe(error: BaseException, lang: str | None = None) -> str:
    """An error in ``lang`` (default: current): from its message key and parameters when it carries them
    (storage and domain errors do), from its errno for a system error, else its own text."""
    key = getattr(error, "key", None)
    if isinstance(key, str):
        return t(key, lang, **dict(getattr(error, "params", {}) or {}))
    if isinstance(error, OSError) and error.errno is not None:
        reason = os_reason(error).text(lang)
        name = getattr(error, "filename", None)
        return f"{name}: {reason}" if name else reason
    return str(error)


def listing(items: Iterable[str], lang: str | None = None) -> str:
    """Names (or numbers) joined as each language writes a list: 周建国、林晓梅 in Chinese, "a, b" in English."""
    return ("、" if (lang or _current) == "zh" else ", ").join(items)


__all__ = [
    "DEFAULT_LANGUAGE",
    "EN",
    "LANGUAGES",
    "ZH",
    "Message",
    "describe",
    "language",
    "listing",
    "os_reason",
    "set_language",
    "t",
]
