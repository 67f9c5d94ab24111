"""Searching every byte of a data folder for visitors' personal data, in every encoding it could be stored in."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader

from reception_tui.domain.models import Visitor


def _json_escaped(text: str) -> list[bytes]:
    """``text`` as a JSON writer with ``ensure_ascii`` would store it (``\\u5f20``, either case)."""
    escaped = "".join(ch if ch.isascii() else f"\\u{ord(ch):04x}" for ch in text)
    return [escaped.encode("ascii"), escaped.upper().replace("\\U", "\\u").encode("ascii")]


def encodings(text: str) -> list[bytes]:
    """Every byte form ``text`` may take in a file: UTF-8, JSON escapes, UTF-16 (PDF strings), GB18030 (printers)."""
    forms = [text.encode("utf-8"), *_json_escaped(text), text.encode("utf-16-be"), text.encode("utf-16-le")]
    try:
        forms.append(text.encode("gb18030"))
    except UnicodeEncodeError:
        pass
    forms.append(text.encode("utf-16-be").hex().encode("ascii"))  # PDF hex strings
    forms.append(text.encode("utf-16-be").hex().upper().encode("ascii"))
    return [form for form in forms if form]


def _readable_forms(path: Path, raw: bytes) -> list[bytes]:
    """The file's bytes, plus what a PDF shows as text and any zlib streams inside it, decompressed."""
    forms = [raw]
    if raw.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(raw))
        forms.append("".join(page.extract_text() or "" for page in reader.pages).encode("utf-8"))
        start = 0
        while (found := raw.find(b"stream", start)) >= 0:
            start = found + 6
            body = raw[start:].lstrip(b"\r\n")
            try:
                forms.append(zlib.decompressobj().decompress(body))
            except zlib.error:
                continue
    return forms


def personal_values(visitors: Iterable[Visitor]) -> list[str]:
    """Each visitor's name, phone and address (the ones given)."""
    return [value for v in visitors for value in (v.name, v.phone, v.address) if value]


def find_personal_data(root: Path, values: Iterable[str]) -> list[tuple[Path, str]]:
    """Every (file, value) where a value is stored under ``root`` in any of its encodings."""
    wanted = [(value, encodings(value)) for value in values]
    hits = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        forms = _readable_forms(path, path.read_bytes())
        for value, patterns in wanted:
            if any(pattern in form for form in forms for pattern in patterns):
                hits.append((path, value))
    return hits
