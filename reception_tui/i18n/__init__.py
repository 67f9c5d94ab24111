"""The message catalogue: every user-facing string, in Chinese (default) and English.

Each feature keeps its messages in ``i18n/messages/<feature>.py`` (``ZH`` and ``EN`` dicts); they are
merged here. ``t("key", **params)`` formats the message in the current language; an unknown key
falls back to English, then to the key itself, so a missing translation never crashes the desk.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reception_tui.i18n.messages import calendar, core, desk, exchange, receipts

_MODULES = (core, desk, receipts, exchange, calendar)

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
    """The message ``key`` in ``lang`` (default: current), formatted with ``params``."""
    catalogue = LANGUAGES[lang or _current]
    template = catalogue.get(key) or EN.get(key) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def listing(items: Iterable[str], lang: str | None = None) -> str:
    """Names (or numbers) joined as each language writes a list: 周建国、林晓梅 in Chinese, "a, b" in English."""
    return ("、" if (lang or _current) == "zh" else ", ").join(items)


__all__ = ["DEFAULT_LANGUAGE", "EN", "LANGUAGES", "ZH", "language", "listing", "set_language", "t"]
