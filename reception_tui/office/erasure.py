"""Removing visitors' personal data from the office folder, every copy of it (retention and erasure, issue 17).

What goes, for each chosen visitor (a session and a visitor id):

- in the session's state (``sessions.state``): the visitor's name, phone, address, ID number and unit name,
  and their issues' own words, summary and place become ""; the visitor id is listed in the state's
  ``erased_visitors``, which the import merge (``exchange/office_store.py``) honours: a later export of the
  session, of any revision, never brings the values back;
- the older versions of the session kept as ``files.payload``: rewritten with the same removal (the versions
  stay, so the history of the non-personal fields is still readable);
- the visitor's case rows: the desk fields re-projected from the blanked state (masked name, phone's last four,
  summary, own words, place, search text) with the matching ``source_hash``, so the case does not show as
  "changed at the desk";
- the cases' kept documents: the bytes under ``documents/`` are deleted (unless a case not erased keeps the
  same content), the row stays with its sha256, size, date and clerk for the record, its file name blanked;
- files under ``out/`` (generated PDFs, exports) whose name or content mentions one of the cases' numbers or
  one of the removed values, and quarantined copies (``quarantine/``) of the sessions' export files;
- on SQLite, the freed pages and the write-ahead log: ``secure_delete`` during the change, then ``VACUUM`` and
  ``wal_checkpoint(TRUNCATE)``. On PostgreSQL the old row versions stay in the table files until the office's
  database administrator runs ``VACUUM FULL`` (see docs/office.md).

Case numbers, categories, request types, districts, units, dates, the follow-up (outcome, satisfaction) and the
steps stay: the reports keep counting the case. Every run is logged in ``privacy_log`` without personal values.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from reception_tui.domain.errors import FieldError
from reception_tui.domain.validation import normalise_phone
from reception_tui.exchange.office_import import QUARANTINE_DIR
from reception_tui.exchange.office_store import (
    ERASED_VISITORS,
    ISSUE_PERSONAL_FIELDS,
    VISITOR_PERSONAL_FIELDS,
    blank_personal,
    erased_visitors,
)
from reception_tui.office.db import SQLITE
from reception_tui.office.projection import project_session
from reception_tui.office.store import DESK_COLUMNS, CaseStore, _desk_values

OUT_DIR = "out"
"""Where the office's generated files (PDFs, exports) go in the office folder."""

RETENTION, ERASE, SUBJECT_ACCESS = "retention", "erase", "subject_access"
KINDS = ("visitors", "cases", "values", "file_versions", "documents", "out_files", "quarantine_files")
"""What a removal counts, in the order it is reported."""


@dataclass(frozen=True, order=True)
class VisitorKey:
    """One visitor record: the session it is in and its id."""

    session_id: str
    visitor_id: str


@dataclass
class ErasurePlan:
    """What a removal takes away: the visitors, their cases and how many copies of each kind (no values)."""

    visitors: tuple[VisitorKey, ...]
    case_ids: tuple[str, ...]
    case_numbers: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)
    documents: tuple[str, ...] = ()
    """sha256 of the kept documents whose bytes go."""
    out_files: tuple[Path, ...] = ()
    quarantine_files: tuple[Path, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.visitors


# -- finding a person ----------------------------------------------------------------------------------


def phone_digits(text: str) -> str | None:
    """``text`` as a normalised phone number (full-width digits, +86, spaces and dashes allowed), or None."""
    try:
        return normalise_phone(text)
    except FieldError:
        return None


def _states(store: CaseStore) -> Iterable[tuple[str, dict[str, Any]]]:
    for session_id, state in store.db.fetchall("SELECT session_id, state FROM sessions ORDER BY session_id"):
        yield str(session_id), orjson.loads(bytes(state) if isinstance(state, memoryview) else state)


def find_person(store: CaseStore, phone_or_name: str) -> list[VisitorKey]:
    """Every visitor record whose phone is this phone (normalised both sides) or whose name is exactly this name."""
    wanted = phone_or_name.strip()
    phone = phone_digits(wanted)
    found: list[VisitorKey] = []
    if not wanted:
        return found
    for session_id, state in _states(store):
        for visitor in state.get("visitors", ()):
            if phone is not None:
                stored = str(visitor.get("phone", "") or "")
                matches = bool(stored) and (phone_digits(stored) or stored) == phone
            else:
                matches = str(visitor.get("name", "") or "").strip() == wanted
            if matches:
                found.append(VisitorKey(session_id, str(visitor["id"])))
    return sorted(found)


# -- planning ------------------------------------------------------------------------------------------


def _personal_values(state: Mapping[str, Any], visitor_ids: set[str]) -> list[str]:
    values: list[str] = []
    for visitor in state.get("visitors", ()):
        if str(visitor.get("id")) in visitor_ids:
            values.extend(str(visitor.get(name) or "") for name in VISITOR_PERSONAL_FIELDS)
    for issue in state.get("issues", ()):
        if str(issue.get("visitor_id")) in visitor_ids:
            values.extend(str(issue.get(name) or "") for name in ISSUE_PERSONAL_FIELDS)
    return [value for value in values if len(value.strip()) >= 2]


def _needles(values: Iterable[str]) -> list[bytes]:
    """The byte forms a value may take in a file: UTF-8, JSON escapes, UTF-16 (PDF text), GB18030."""
    forms: list[bytes] = []
    for value in values:
        escaped = "".join(ch if ch.isascii() else f"\\u{ord(ch):04x}" for ch in value)
        forms.extend((value.encode("utf-8"), escaped.encode("ascii"), value.encode("utf-16-be"),
                      value.encode("utf-16-le"), value.encode("utf-16-be").hex().encode("ascii")))  # fmt: skip
        try:
            forms.append(value.encode("gb18030"))
        except UnicodeEncodeError:
            pass
    return list(dict.fromkeys(form for form in forms if form))


def _decoded_stream(body: bytes) -> bytes | None:
    """A PDF stream's content: inflated, or ASCII85-decoded then inflated (reportlab's default), or None."""
    for ascii85 in (False, True):
        try:
            data = base64.a85decode(body.strip(), adobe=True) if ascii85 else body
            return zlib.decompressobj().decompress(data)
        except (zlib.error, ValueError):
            continue
    return None


def _readable(raw: bytes) -> list[bytes]:
    """A file's bytes and, for a PDF, its decoded streams (with any PDF string escapes undone)."""
    forms = [raw]
    if raw.startswith(b"%PDF"):
        start = 0
        while (found := raw.find(b"stream", start)) >= 0:
            start = found + 6
            end = raw.find(b"endstream", start)
            decoded = _decoded_stream(raw[start : end if end >= 0 else len(raw)].lstrip(b"\r\n"))
            if decoded is not None:
                forms.extend((decoded, _unescaped(decoded)))
    return forms


def _unescaped(text: bytes) -> bytes:
    """PDF string escapes (``\\ooo`` octal, ``\\(``, ``\\)``, ``\\\\``) replaced by the bytes they stand for."""
    return re.sub(
        rb"\\([0-7]{1,3}|.)",
        lambda m: bytes([int(m.group(1), 8) & 0xFF]) if m.group(1)[:1].isdigit() else m.group(1),
        text,
        flags=re.DOTALL,
    )


def _files_under(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def _out_files(office_dir: Path, case_numbers: Sequence[str], needles: list[bytes]) -> list[Path]:
    numbers = [number for number in case_numbers if number]
    wanted = [*needles, *(form for number in numbers for form in (number.encode(), number.encode("utf-16-be")))]
    chosen: list[Path] = []
    for path in _files_under(office_dir / OUT_DIR):
        if any(number in path.name for number in numbers):
            chosen.append(path)
            continue
        if any(needle in form for form in _readable(path.read_bytes()) for needle in wanted):
            chosen.append(path)
    return chosen


def _quarantine_files(office_dir: Path, session_ids: Iterable[str], needles: list[bytes]) -> list[Path]:
    """Quarantined copies of the sessions' export files (by the session in the name or the manifest, or a
    removed value inside), each with its reason file."""
    ids = sorted(set(session_ids))
    wanted = [*needles, *(session_id.encode() for session_id in ids)]
    chosen: set[Path] = set()
    for path in _files_under(office_dir / QUARANTINE_DIR):
        if path.name.endswith(".reason.txt"):
            continue
        named = any(f"_{session_id[:8]}_" in path.name for session_id in ids)
        if named or any(needle in form for form in _readable(path.read_bytes()) for needle in wanted):
            chosen.add(path)
            reason = path.with_name(path.name + ".reason.txt")
            if reason.is_file():
                chosen.add(reason)
    return sorted(chosen)


def plan_erasure(store: CaseStore, office_dir: Path, visitors: Iterable[VisitorKey]) -> ErasurePlan:
    """What removing these visitors' personal data takes away (reads only; visitors already erased are left out)."""
    store.sync()
    by_session: dict[str, set[str]] = {}
    for key in visitors:
        by_session.setdefault(key.session_id, set()).add(key.visitor_id)
    chosen: list[VisitorKey] = []
    values: list[str] = []
    blanked = 0
    file_versions = 0
    for session_id, visitor_ids in sorted(by_session.items()):
        row = store.db.fetchone("SELECT state FROM sessions WHERE session_id = ?", (session_id,))
        if row is None:
            continue
        state = orjson.loads(row[0])
        ids = visitor_ids - erased_visitors(state)
        if not ids:
            continue
        chosen.extend(VisitorKey(session_id, visitor_id) for visitor_id in sorted(ids))
        values.extend(_personal_values(state, ids))
        blanked += blank_personal(state, ids)
        file_versions += int(
            store.db.scalar("SELECT COUNT(*) FROM files WHERE session_id = ? AND payload IS NOT NULL", (session_id,))
        )
    cases: list[tuple[str, str]] = []
    for key in chosen:
        cases.extend(
            (str(number), str(case_id))
            for case_id, number in store.db.fetchall(
                "SELECT case_id, case_number FROM cases WHERE session_id = ? AND visitor_id = ?",
                (key.session_id, key.visitor_id),
            )
        )
    cases.sort()
    case_ids = tuple(case_id for _, case_id in cases)
    case_numbers = tuple(number for number, _ in cases)
    documents = _document_bytes_to_remove(store, case_ids)
    needles = _needles(values)
    out_files = _out_files(office_dir, case_numbers, needles) if chosen else []
    quarantined = _quarantine_files(office_dir, by_session, needles) if chosen else []
    counts = {
        "visitors": len(chosen), "cases": len(case_ids), "values": blanked, "file_versions": file_versions,
        "documents": len(documents), "out_files": len(out_files), "quarantine_files": len(quarantined),
    }  # fmt: skip
    return ErasurePlan(tuple(chosen), case_ids, case_numbers, counts, documents, tuple(out_files), tuple(quarantined))


def _document_bytes_to_remove(store: CaseStore, case_ids: Sequence[str]) -> tuple[str, ...]:
    """The documents of these cases whose content no other case keeps."""
    chosen = set(case_ids)
    found: set[str] = set()
    for case_id in case_ids:
        for (sha,) in store.db.fetchall("SELECT sha256 FROM documents WHERE case_id = ?", (case_id,)):
            others = store.db.fetchall("SELECT case_id FROM documents WHERE sha256 = ?", (sha,))
            if all(other in chosen for (other,) in others):
                found.add(str(sha))
    return tuple(sorted(found))


# -- applying ------------------------------------------------------------------------------------------


def log_privacy(
    store: CaseStore, *, at: datetime, clerk: str, action: str, reference: str, case_ids: Sequence[str],
    counts: Mapping[str, int],
) -> None:  # fmt: skip
    """One line of the privacy log (inside the caller's transaction when there is one); no personal values."""
    store.db.execute(
        "INSERT INTO privacy_log (at, clerk, action, reference, case_ids, counts) VALUES (?, ?, ?, ?, ?, ?)",
        (at.isoformat(), clerk, action, reference, "\n".join(case_ids),
         orjson.dumps(dict(counts), option=orjson.OPT_SORT_KEYS).decode("ascii")),
    )  # fmt: skip


@dataclass(frozen=True)
class PrivacyLogEntry:
    """One line of the privacy log."""

    seq: int
    at: datetime
    clerk: str
    action: str
    reference: str
    case_ids: tuple[str, ...]
    counts: dict[str, int]


def privacy_log(store: CaseStore) -> list[PrivacyLogEntry]:
    """Every line of the privacy log, oldest first."""
    rows = store.db.fetchall(
        "SELECT log_id, at, clerk, action, reference, case_ids, counts FROM privacy_log ORDER BY log_id"
    )
    entries: list[PrivacyLogEntry] = []
    for seq, at, clerk, action, reference, cases, counts in rows:
        case_ids = tuple(case for case in cases.split("\n") if case)
        when = datetime.fromisoformat(at)
        entries.append(PrivacyLogEntry(int(seq), when, clerk, action, reference, case_ids, orjson.loads(counts)))
    return entries


def apply_erasure(
    store: CaseStore, office_dir: Path, plan: ErasurePlan, *, clerk: str, action: str, reference: str
) -> ErasurePlan:
    """Remove the plan's personal data everywhere in the office folder and log it; the plan, as done."""
    if store.db.dialect == SQLITE:
        store.db.execute("PRAGMA secure_delete=ON")  # freed pages are zeroed, not left with the old bytes
    by_session: dict[str, set[str]] = {}
    for key in plan.visitors:
        by_session.setdefault(key.session_id, set()).add(key.visitor_id)
    chosen_cases = set(plan.case_ids)
    # the files first: a run cut off after this finds the visitors still due and finishes the database
    for sha in plan.documents:
        store.document_path(sha).unlink(missing_ok=True)
    for path in (*plan.out_files, *plan.quarantine_files):
        path.unlink(missing_ok=True)
    with store.db.transaction():
        for session_id, visitor_ids in sorted(by_session.items()):
            _erase_in_session(store, session_id, visitor_ids, chosen_cases)
        for case_id in plan.case_ids:
            store.db.execute("UPDATE documents SET name = ? WHERE case_id = ?", ("", case_id))
        log_privacy(
            store, at=store.now(), clerk=clerk, action=action, reference=reference, case_ids=plan.case_ids,
            counts=plan.counts,
        )  # fmt: skip
    compact_database(store)
    return plan


def compact_database(store: CaseStore) -> None:
    """On SQLite, rebuild the file and empty the write-ahead log, so no free page or log frame keeps an old copy of
    a row (also run by an ``--apply`` with nothing to remove: it finishes a run cut off before this point). On
    PostgreSQL this is the database administrator's ``VACUUM FULL``."""
    if store.db.dialect == SQLITE:
        store.db.execute("VACUUM")
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _erase_in_session(store: CaseStore, session_id: str, visitor_ids: set[str], case_ids: set[str]) -> None:
    row = store.db.fetchone("SELECT state FROM sessions WHERE session_id = ?", (session_id,))
    if row is None:
        return
    state: dict[str, Any] = orjson.loads(row[0])
    blank_personal(state, visitor_ids)
    state[ERASED_VISITORS] = sorted(erased_visitors(state) | visitor_ids)
    store.db.execute(
        "UPDATE sessions SET state = ? WHERE session_id = ?",
        (orjson.dumps(state, option=orjson.OPT_SORT_KEYS), session_id),
    )
    for file_sha, payload in store.db.fetchall(
        "SELECT file_sha256, payload FROM files WHERE session_id = ? AND payload IS NOT NULL", (session_id,)
    ):
        document = orjson.loads(payload)
        blank_personal(document, visitor_ids)
        store.db.execute(
            "UPDATE files SET payload = ? WHERE file_sha256 = ?",
            (orjson.dumps(document, option=orjson.OPT_SORT_KEYS), file_sha),
        )
    assignments = ", ".join(f"{name} = ?" for name in (*DESK_COLUMNS, "search", "source_hash"))
    for case in project_session(state):
        if case.desk.issue_id in case_ids:
            store.db.execute(
                f"UPDATE cases SET {assignments} WHERE case_id = ?",  # noqa: S608 (column names are constants)
                (*_desk_values(case.desk), case.search, case.source_hash, case.desk.issue_id),
            )
