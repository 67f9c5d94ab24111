"""Masking of personal data for paper and screens (个人信息保护法; GB/T 35273 §7.2)."""

from __future__ import annotations

import re

_AREA_WORD = re.compile(r"小区|社区|新村|村|花园|苑|公寓|大厦|家园|里|弄")
_FIRST_DIGIT = re.compile(r"[0-9０-９一二三四五六七八九十]+[幢栋号楼单室弄]")


def mask_name(name: str) -> str:
    """张三明 → 张*明, 张三 → 张*, 欧阳娜娜 → 欧**娜; empty stays empty."""
    if not name:
        return ""
    if len(name) == 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


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


def mask_address(address: str) -> str:
    """Cut an address to its residential area (小区/社区/村…); unknown shapes keep 6 characters."""
    if not address:
        return ""
    prefix = _FIRST_DIGIT.split(address, maxsplit=1)[0]
    ends = [match.end() for match in _AREA_WORD.finditer(prefix)]
    if ends:
        return prefix[: ends[-1]]
    return address[:6] + ("…" if len(address) > 6 else "")
