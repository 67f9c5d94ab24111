"""The public notice (公告) of a reception day, as plain text and Markdown; never any visitor's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reception_tui.calendar.rota import DutyDay
from reception_tui.calendar.schedule import weekday_label
from reception_tui.domain.site import SiteConfig
from reception_tui.i18n import t

NOTICE_LANGUAGE = "zh"
"""A notice is posted in public in China: it is always written in Chinese."""


def level_label(level: str, lang: str = NOTICE_LANGUAGE) -> str:
    """``city`` → ``市人大代表``; an unknown level code is shown as written in the config."""
    key = f"calendar.level.{level}"
    label = t(key, lang=lang)
    return level if label == key else label


@dataclass(frozen=True)
class Notice:
    """What a notice says, ready to be laid out as text, Markdown or PDF."""

    title: str
    site_name: str
    intro: str
    date_line: str
    time_line: str
    place_line: str
    deputies: tuple[tuple[str, str], ...]
    """(name, level label) of each deputy on duty."""
    districts: tuple[str, ...]
    may_raise: str
    redirect: str
    bring: str
    phone_line: str
    signature: str
    issued: str
    """The date the notice goes up, written out in Chinese."""


def chinese_date(day: date) -> str:
    """``2026年3月20日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def build_notice(config: SiteConfig, duty: DutyDay) -> Notice:
    """The notice's content for one reception day: only the studio's own, public facts."""
    lang = NOTICE_LANGUAGE
    reception = duty.reception
    day = reception.day
    long_weekday = weekday_label(day, lang, long=True)
    end = f"{reception.end:%H:%M}"
    other = t("calendar.notice.other_channel", lang=lang)
    channels = "、".join(c for c in config.redirect_channels if c != other)
    return Notice(
        title=t("calendar.notice.title", lang=lang),
        site_name=config.site_name,
        intro=t("calendar.notice.intro", lang=lang, site=config.site_name),
        date_line=t("calendar.notice.date_line", lang=lang, date=chinese_date(day), weekday=long_weekday),
        time_line=t("calendar.notice.time_line", lang=lang, start=f"{reception.start:%H:%M}", end=end),
        place_line=t("calendar.notice.place_line", lang=lang, place=config.place, address=config.address),
        deputies=tuple((deputy.name, level_label(deputy.level, lang)) for deputy in duty.deputies),
        districts=tuple(district.name for district in config.districts),
        may_raise=t("calendar.notice.may_raise", lang=lang),
        redirect=t("calendar.notice.redirect", lang=lang, channels=channels) if channels else "",
        bring=t("calendar.notice.bring", lang=lang),
        phone_line=t("calendar.notice.phone_line", lang=lang, phone=config.receipt.office_phone),
        signature=config.site_name,
        issued=chinese_date(reception.notice_date),
    )


def notice_sections(notice: Notice) -> list[tuple[str, list[str]]]:
    """The notice's sections as (heading, lines), shared by every layout."""
    lang = NOTICE_LANGUAGE
    deputies = [
        t("calendar.notice.deputy_line", lang=lang, name=name, level=level) for name, level in notice.deputies
    ] or [t("calendar.notice.no_deputies", lang=lang)]
    matters = [line for line in (notice.may_raise, notice.redirect) if line]
    return [
        (t("calendar.notice.h.when", lang=lang), [notice.date_line, notice.time_line]),
        (t("calendar.notice.h.where", lang=lang), [notice.place_line]),
        (t("calendar.notice.h.deputies", lang=lang), deputies),
        (t("calendar.notice.h.districts", lang=lang), list(notice.districts)),
        (t("calendar.notice.h.matters", lang=lang), matters),
        (t("calendar.notice.h.bring", lang=lang), [notice.bring]),
        (t("calendar.notice.h.contact", lang=lang), [notice.phone_line]),
    ]


def render_text(notice: Notice) -> str:
    """The notice as plain text (UTF-8), for a board, a chat group or a printer without PDF."""
    lines = [notice.title, "", notice.intro, ""]
    for heading, body in notice_sections(notice):
        lines.append(f"{heading}：")
        lines.extend(f"  {line}" for line in body)
        lines.append("")
    lines.extend([notice.signature, notice.issued, ""])
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    """Escape the characters Markdown would read as formatting in config text."""
    out = []
    for char in text:
        if char in "\\`*_[]<>|~":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def render_markdown(notice: Notice) -> str:
    """The notice as Markdown, for a web page or a WeChat article draft."""
    lines = [f"# {_md_escape(notice.title)}", "", _md_escape(notice.intro), ""]
    for heading, body in notice_sections(notice):
        lines.append(f"## {_md_escape(heading)}")
        lines.append("")
        lines.extend(f"- {_md_escape(line)}" for line in body)
        lines.append("")
    lines.extend([_md_escape(notice.signature) + "  ", _md_escape(notice.issued), ""])
    return "\n".join(lines)
