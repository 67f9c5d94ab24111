"""Masking of personal data for paper and screens (个人信息保护法; GB/T 35273 §7.2)."""

from __future__ import annotations

import re
import unicodedata

# An address is read as words: residential areas, administrative areas, streets and numbers. The
# residential area (estate) is the only part shown; every number and what it numbers is cut.
_ADDRESS_WORD = re.compile(
    r"(?P<estate>小区|花园|新村|家园|公寓|大厦|社区|山庄|苑|村|里)"
    r"|(?P<admin>特别行政区|自治区|自治州|自治县|街道|省|市|区|县|旗|镇|乡)"
    r"|(?P<street>大道|大街|胡同|路|街|道|巷|弄)"
    r"|(?P<number>#+(?P<unit>号楼|单元|号|弄|巷|栋|幢|座|室|楼|层|组|排|期|区|户|门)?)"
)
# Big units that are names more often than numbers (万科, 亿达); every other numeral is a number.
_NOT_NUMERALS = frozenset("万亿兆")
_NUMBER_MARKS = frozenset("-#/.－＃／．—")
_ELLIPSIS = "…"


def _graphemes(text: str) -> list[str]:
    """Characters as a reader sees them: combining marks and variation selectors stay with their base."""
    clusters: list[str] = []
    for char in text:
        joins = unicodedata.combining(char) or "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"
        if clusters and (joins or char == "\u200d" or clusters[-1].endswith("\u200d")):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def mask_name(name: str) -> str:
    """张三明 → 张*明, 张三 → 张*, 欧阳娜娜 → 欧**娜, 𪚥 → *; empty stays empty."""
    if not name:
        return ""
    chars = _graphemes(name)
    if len(chars) == 1:
        return "*"
    if len(chars) == 2:
        return chars[0] + "*"
    return chars[0] + "*" * (len(chars) - 2) + chars[-1]


def mask_phone(phone: str) -> str:
    """13812341234 → 138****1234; a landline keeps its area code and last 4 digits."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * (len(phone) - 4) + phone[-4:] if len(phone) > 4 else "****"
    head = 3 if phone.startswith("1") else (3 if phone[:3] in {"010", "020", "021", "022", "023"} else 4)
    head = min(head, len(phone) - 4)
    return phone[:head] + "*" * (len(phone) - head - 4) + phone[-4:]


def mask_id_number(id_number: str) -> str:
    """Only the last 4 characters of an ID number are ever shown."""
    return f"****{id_number[-4:]}" if id_number else ""


def _is_numeral(char: str) -> bool:
    """Digits of any width or script, Latin letters (楼 A 座), Chinese numerals (三幢), number marks (3-2-101)."""
    if char in _NUMBER_MARKS:
        return True
    if char in _NOT_NUMERALS:
        return False
    folded = unicodedata.normalize("NFKC", char)
    return (folded.isascii() and folded.isalnum()) or unicodedata.numeric(char, None) is not None


def mask_address(address: str) -> str:
    """The residential area only: 保俶路12号宝石小区3幢 → 宝石小区.

    The estate is the name that ends in 小区/花园/苑/社区/村… after the last street, administrative
    area or number before it (an estate inside a community stays whole: 保俶社区松木场小区). An
    estate whose name holds a numeral (宝石二村) cannot be told from a house number and is not shown.
    Without an estate only the administrative area (杭州市西湖区…) is shown, else just …; never a number.
    """
    if not address:
        return ""
    shape = "".join("#" if _is_numeral(char) else char for char in address)
    segment_start = 0
    after_bare_number = False
    estate: tuple[int, int] | None = None
    for word in _ADDRESS_WORD.finditer(shape):
        if word.lastgroup == "estate":
            if not after_bare_number and address[segment_start : word.start()].strip():
                estate = (segment_start, word.end())
            continue
        segment_start = word.end()
        after_bare_number = word.group("number") is not None and word.group("unit") is None
    if estate is not None:
        return address[estate[0] : estate[1]].strip()
    return _administrative_area(address, shape)


def _administrative_area(address: str, shape: str) -> str:
    """The leading province/city/district words of an address without an estate, then …."""
    end = 0
    for word in _ADDRESS_WORD.finditer(shape):
        if word.lastgroup != "admin" or not address[end : word.start()].strip():
            break
        end = word.end()
    area = address[:end].strip()
    return area if end == len(address.rstrip()) else area + _ELLIPSIS
