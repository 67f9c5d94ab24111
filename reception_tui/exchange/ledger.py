"""The ledger for the main office system: one row per issue, Chinese column headings, CSV, XLSX or JSON.

:func:`ledger_rows` gives visitors in full, or masked (张*明, 138****1234, the estate of the address) with
``masked=True``; the command writes masked unless a clerk asks for personal data (logged as a reveal, on
the office side: ``office/ledger.py``, which also adds the follow-up columns).

CSV is UTF-8 with a BOM and CRLF line ends so Excel and WPS open it without garbling Chinese; cells that a
spreadsheet would run as a formula
(starting with = + - @) are prefixed with an apostrophe. XLSX cells are written as text. Every
cell goes through the domain's one text rule (``clean_text``) once more, whatever the store holds (a
store imported by an earlier version may hold escapes or bidirectional overrides).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from reception_tui.domain.masking import mask_address, mask_name, mask_phone
from reception_tui.domain.text import clean_text, is_clean
from reception_tui.exchange.office_store import OfficeStore, StoredRecord
from reception_tui.exchange.text_fields import may_need_cleaning
from reception_tui.i18n import t
from reception_tui.storage.atomic import write_atomic

COLUMNS = (
    "case_number",
    "day",
    "site",
    "deputies",
    "receiving_deputy",
    "visitor",
    "phone",
    "address",
    "district",
    "category",
    "request_type",
    "summary",
    "own_words",
    "disposition",
    "target",
    "expected_reply_date",
    "status",
    "confidential",
    "conflict",
    "duplicate_case",
    "session_id",
    "issue_id",
    "revision",
)
FORMATS = ("csv", "xlsx", "json")
MULTILINE_COLUMNS = frozenset({"summary", "own_words"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def heading(column: str) -> str:
    """The office's Chinese heading of a column (the main system expects these, whatever the UI language)."""
    return t(f"exchange.ledger.col.{column}", lang="zh")


def _disposition(disposition: dict[str, Any] | None) -> tuple[str, str]:
    if not disposition:
        return "", ""
    kind = str(disposition.get("kind", ""))
    label = t(f"exchange.ledger.disposition.{kind}", lang="zh")
    if kind == "transfer":
        return label, str(disposition.get("target_name", ""))
    if kind == "suggestion":
        motion = t("exchange.ledger.motion" if disposition.get("motion") else "exchange.ledger.suggestion", lang="zh")
        return f"{label}（{motion}）", str(disposition.get("deputy", ""))
    if kind == "redirected":
        return f"{label}（{disposition.get('channel', '')}）", str(disposition.get("directed_to", ""))
    return label, str(disposition.get("explained_by", ""))


def _visitor_label(visitor: dict[str, Any] | None, *, masked: bool = False) -> str:
    if visitor is None:
        return ""
    name = str(visitor.get("name", ""))
    name = (mask_name(name) if masked else name) or t("exchange.ledger.anonymous", lang="zh")
    unit = str(visitor.get("unit_name", ""))
    return f"{name}（{unit}）" if unit else name


def ledger_rows(
    store: OfficeStore, session_ids: Collection[str] | None = None, *, masked: bool = False
) -> Iterator[dict[str, str]]:
    """Every current issue (of ``session_ids`` only, when given) as a row of text cells, by case number;
    the visitor's name, phone and address masked with ``masked``."""
    sessions: dict[str, dict[str, Any]] = {}
    visitors: dict[tuple[str, str], dict[str, Any]] = {}
    conflicts: set[tuple[str, str]] = set()
    issues: list[StoredRecord] = []
    chosen = (
        store.sessions()
        if session_ids is None
        else (found for found in map(store.session, sorted(session_ids)) if found is not None)
    )
    for stored in chosen:  # one decode per session
        sessions[stored.session_id] = stored.session.body
        visitors.update(((stored.session_id, r.id), r.body) for r in stored.records["visitor"])
        for kind in ("issue", "visitor"):
            conflicts.update((stored.session_id, record_id) for record_id in stored.conflicts.get(kind, {}))
        issues.extend(stored.records["issue"])
    issues.sort(key=lambda r: (str(r.body.get("case_number")), r.id))
    # given out twice anywhere in the store (two laptops at one site and day), listed rows or not
    used = store.case_numbers_used_twice(session_ids)
    for record in issues:
        issue = record.body
        session = sessions.get(record.session_id, {})
        visitor_key = (record.session_id, str(issue.get("visitor_id")))
        visitor = visitors.get(visitor_key)
        disposition, target = _disposition(issue.get("disposition"))
        status = str(issue.get("status", ""))
        row = {
            "case_number": str(issue.get("case_number", "")),
            "day": str(session.get("day", "")),
            "site": str(session.get("site_name", "")),
            "deputies": "、".join(str(d) for d in session.get("deputies", [])),
            "receiving_deputy": str(issue.get("receiving_deputy", "")),
            "visitor": _visitor_label(visitor, masked=masked),
            "phone": _masked(str((visitor or {}).get("phone", "")), mask_phone, masked),
            "address": _masked(str((visitor or {}).get("address", "")), mask_address, masked),
            "district": str((visitor or {}).get("district", "")),
            "category": str(issue.get("category", "")),
            "request_type": str(issue.get("request_type", "")),
            "summary": str(issue.get("summary", "")),
            "own_words": str(issue.get("own_words", "")),
            "disposition": disposition,
            "target": target,
            "expected_reply_date": str(issue.get("expected_reply_date") or ""),
            "status": t(f"exchange.ledger.status.{status}", lang="zh") if status else "",
            "confidential": t("exchange.ledger.yes", lang="zh") if issue.get("confidential") else "",
            "conflict": t("exchange.ledger.yes", lang="zh")
            if (record.session_id, record.id) in conflicts or visitor_key in conflicts
            else "",
            "duplicate_case": t("exchange.ledger.yes", lang="zh") if str(issue.get("case_number", "")) in used else "",
            "session_id": record.session_id,
            "issue_id": record.id,
            "revision": str(record.revision),
        }
        if may_need_cleaning(('"' + '"'.join(row.values()) + '"').encode("utf-8")):
            for column, value in row.items():
                multiline = column in MULTILINE_COLUMNS
                if not is_clean(value, multiline=multiline):
                    row[column] = clean_text(value, multiline=multiline)
        yield row


def _masked(value: str, mask: Callable[[str], str], masked: bool) -> str:
    return mask(value) if masked and value else value


def _headed(columns: Sequence[tuple[str, str]] | None) -> Sequence[tuple[str, str]]:
    """``(key, heading)`` of each column: the given ones, else the exchange ledger's."""
    return columns if columns is not None else [(c, heading(c)) for c in COLUMNS]


def _csv_safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(rows: list[dict[str, str]], columns: Sequence[tuple[str, str]] | None = None) -> bytes:
    """UTF-8 with BOM, CRLF, headings first (``columns``: ``(key, heading)`` pairs, default the ledger's)."""
    headed = _headed(columns)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([title for _, title in headed])
    for row in rows:
        writer.writerow([_csv_safe(row[c]) for c, _ in headed])
    return buffer.getvalue().encode("utf-8-sig")


def render_xlsx(rows: list[dict[str, str]], columns: Sequence[tuple[str, str]] | None = None) -> bytes:
    """One worksheet, headings bold and frozen, every cell text (phone numbers keep their leading zero)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t("exchange.ledger.sheet", lang="zh")
    headed = _headed(columns)
    sheet.append([title for _, title in headed])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_index, row in enumerate(rows, start=2):
        for col_index, (column, _) in enumerate(headed, start=1):
            cell = sheet.cell(row=row_index, column=col_index)
            cell.value = _strip_illegal(row[column])
            cell.data_type = TYPE_STRING
            cell.number_format = "@"
    sheet.freeze_panes = "A2"
    for col_index, (column, _) in enumerate(headed, start=1):
        letter = sheet.cell(row=1, column=col_index).column_letter
        sheet.column_dimensions[letter].width = 40 if column in {"summary", "own_words", "address"} else 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _strip_illegal(value: str) -> str:
    """XLSX cannot hold C0 control characters (other than tab and line breaks)."""
    return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 0x20)


def render_json(rows: list[dict[str, str]], columns: Sequence[tuple[str, str]] | None = None) -> bytes:
    """Columns with their headings, then the rows keyed by column name."""
    document = {
        "format": "reception-tui/ledger",
        "format_version": 1,
        "columns": [{"key": c, "heading": title} for c, title in _headed(columns)],
        "rows": rows,
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


RENDERERS: dict[str, Callable[[list[dict[str, str]], Sequence[tuple[str, str]] | None], bytes]] = {
    "csv": render_csv,
    "xlsx": render_xlsx,
    "json": render_json,
}


@dataclass(frozen=True)
class LedgerResult:
    """What was written."""

    path: Path
    rows: int


def write_ledger(
    office_dir: Path, fmt: str, out: Path, session_ids: Collection[str] | None = None, *, masked: bool = False,
    office_db: str | None = None,
) -> LedgerResult:  # fmt: skip
    """Write the ledger of the office store in ``office_dir`` (of ``session_ids`` only, when given) to
    ``out`` in format ``fmt`` (visitors in full unless ``masked``; the office command uses
    ``office/ledger.py``); the sessions in ``office_db`` when given."""
    with OfficeStore(office_dir, office_db) as store:
        rows = list(ledger_rows(store, session_ids, masked=masked))
    write_atomic(out, RENDERERS[fmt](rows, None))
    return LedgerResult(out, len(rows))
