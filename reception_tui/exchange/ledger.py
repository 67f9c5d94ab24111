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
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from reception_tui.domain.masking import mask_address, mask_name, mask_phone
from reception_tui.domain.text import clean_text, is_clean
from reception_tui.exchange.office_store import OfficeStore, StoredRecord, StoredSession
from reception_tui.exchange.text_fields import may_need_cleaning
from reception_tui.i18n import t
from reception_tui.storage.atomic import atomic_writer

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


LedgerKey = tuple[str, str, str]
"""Where a row stands in the ledger and where it comes from: (case number, issue id, session id)."""
_CACHED_SESSIONS = 4
"""Decoded sessions kept while the rows are written (rows by case number come a session at a time)."""


def ledger_order(store: OfficeStore, session_ids: Collection[str] | None = None) -> list[LedgerKey]:
    """The ledger's rows in order (by case number, then issue id), as keys: every current issue of the
    store (of ``session_ids`` only, when given). One pass over the sessions that keeps only the keys."""
    chosen = (
        store.sessions()
        if session_ids is None
        else (found for found in map(store.session, sorted(session_ids)) if found is not None)
    )
    keys = [
        (str(record.body.get("case_number")), record.id, stored.session_id)
        for stored in chosen
        for record in stored.records["issue"]
    ]
    keys.sort()
    return keys


@dataclass(frozen=True)
class _Session:
    """What the rows of one session read from it."""

    body: dict[str, Any]
    visitors: dict[str, dict[str, Any]]
    issues: dict[str, StoredRecord]
    conflicts: frozenset[str]
    """Ids of the session's issues and visitors with a conflict."""


def _session(stored: StoredSession) -> _Session:
    return _Session(
        stored.session.body,
        {record.id: record.body for record in stored.records["visitor"]},
        {record.id: record for record in stored.records["issue"]},
        frozenset(record_id for kind in ("issue", "visitor") for record_id in stored.conflicts.get(kind, {})),
    )


def ledger_rows(
    store: OfficeStore,
    session_ids: Collection[str] | None = None,
    *,
    masked: bool = False,
    order: Sequence[LedgerKey] | None = None,
) -> Iterator[dict[str, str]]:
    """Every current issue (of ``session_ids`` only, when given) as a row of text cells, by case number;
    the visitor's name, phone and address masked with ``masked``. ``order``: the keys of
    :func:`ledger_order`, when the caller has them already.

    The rows are made as they are read: only the keys and a few decoded sessions are held at a time,
    so a year's ledger streams into its file."""
    keys = ledger_order(store, session_ids) if order is None else order
    # given out twice anywhere in the store (two laptops at one site and day), listed rows or not
    used = store.case_numbers_used_twice(session_ids)
    cache: OrderedDict[str, _Session | None] = OrderedDict()
    for _, issue_id, session_id in keys:
        if session_id in cache:
            cache.move_to_end(session_id)
            session = cache[session_id]
        else:
            stored = store.session(session_id)
            session = cache[session_id] = None if stored is None else _session(stored)
            if len(cache) > _CACHED_SESSIONS:
                cache.popitem(last=False)
        record = None if session is None else session.issues.get(issue_id)
        if session is None or record is None:
            continue  # gone since the keys were read (erased meanwhile)
        yield _row(record, session, used, masked=masked)


def _row(record: StoredRecord, session: _Session, used: Collection[str], *, masked: bool) -> dict[str, str]:
    issue = record.body
    body = session.body
    visitor_id = str(issue.get("visitor_id"))
    visitor = session.visitors.get(visitor_id)
    disposition, target = _disposition(issue.get("disposition"))
    status = str(issue.get("status", ""))
    row = {
        "case_number": str(issue.get("case_number", "")),
        "day": str(body.get("day", "")),
        "site": str(body.get("site_name", "")),
        "deputies": "、".join(str(d) for d in body.get("deputies", [])),
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
        if record.id in session.conflicts or visitor_id in session.conflicts
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
    return row


def _masked(value: str, mask: Callable[[str], str], masked: bool) -> str:
    return mask(value) if masked and value else value


def _headed(columns: Sequence[tuple[str, str]] | None) -> Sequence[tuple[str, str]]:
    """``(key, heading)`` of each column: the given ones, else the exchange ledger's."""
    return columns if columns is not None else [(c, heading(c)) for c in COLUMNS]


def _csv_safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_csv(
    stream: BinaryIO, rows: Iterable[dict[str, str]], columns: Sequence[tuple[str, str]] | None = None
) -> int:
    """UTF-8 with BOM, CRLF, headings first (``columns``: ``(key, heading)`` pairs, default the ledger's);
    returns the rows written."""
    headed = _headed(columns)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=False)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([title for _, title in headed])
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 (the count is returned)
        writer.writerow([_csv_safe(row[c]) for c, _ in headed])
    text.flush()
    text.detach()
    return count


def write_xlsx(
    stream: BinaryIO, rows: Iterable[dict[str, str]], columns: Sequence[tuple[str, str]] | None = None
) -> int:
    """One worksheet, headings bold and frozen, every cell text (phone numbers keep their leading zero);
    returns the rows written."""
    from reception_tui.exchange import xlsx

    headed = _headed(columns)
    return xlsx.write_xlsx(
        stream,
        t("exchange.ledger.sheet", lang="zh"),
        [title for _, title in headed],
        ([row[column] for column, _ in headed] for row in rows),
        [40 if column in {"summary", "own_words", "address"} else 16 for column, _ in headed],
    )


def write_json(
    stream: BinaryIO, rows: Iterable[dict[str, str]], columns: Sequence[tuple[str, str]] | None = None
) -> int:
    """Columns with their headings, then the rows keyed by column name (the bytes ``orjson`` gives for the
    whole document with two-space indents, written a row at a time); returns the rows written."""
    head = orjson.dumps(
        {
            "format": "reception-tui/ledger",
            "format_version": 1,
            "columns": [{"key": c, "heading": title} for c, title in _headed(columns)],
            "rows": [],
        },
        option=orjson.OPT_INDENT_2,
    )
    assert head.endswith(b"[]\n}")
    stream.write(head[: -len(b"]\n}")])
    count = 0
    for count, row in enumerate(rows, start=1):
        # a row is indented two levels deeper; strings hold no raw line break (JSON escapes them)
        stream.write(
            (b",\n    " if count > 1 else b"\n    ")
            + orjson.dumps(row, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n    ")
        )
    stream.write(b"\n  ]\n}\n" if count else b"]\n}\n")
    return count


WRITERS: dict[str, Callable[[BinaryIO, Iterable[dict[str, str]], Sequence[tuple[str, str]] | None], int]] = {
    "csv": write_csv,
    "xlsx": write_xlsx,
    "json": write_json,
}
"""Each format's writer: stream, rows, columns; the rows are read once, as they are written."""


def _render(fmt: str, rows: Iterable[dict[str, str]], columns: Sequence[tuple[str, str]] | None = None) -> bytes:
    buffer = io.BytesIO()
    WRITERS[fmt](buffer, rows, columns)
    return buffer.getvalue()


def render_csv(rows: Iterable[dict[str, str]], columns: Sequence[tuple[str, str]] | None = None) -> bytes:
    """The CSV file's bytes (see :func:`write_csv`)."""
    return _render("csv", rows, columns)


def render_xlsx(rows: Iterable[dict[str, str]], columns: Sequence[tuple[str, str]] | None = None) -> bytes:
    """The XLSX file's bytes (see :func:`write_xlsx`)."""
    return _render("xlsx", rows, columns)


def render_json(rows: Iterable[dict[str, str]], columns: Sequence[tuple[str, str]] | None = None) -> bytes:
    """The JSON file's bytes (see :func:`write_json`)."""
    return _render("json", rows, columns)


RENDERERS: dict[str, Callable[[Iterable[dict[str, str]], Sequence[tuple[str, str]] | None], bytes]] = {
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
    with OfficeStore(office_dir, office_db) as store, atomic_writer(out) as stream:
        count = WRITERS[fmt](stream, ledger_rows(store, session_ids, masked=masked), None)
    return LedgerResult(out, count)
