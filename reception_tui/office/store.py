"""CaseStore: the office's cases over portable SQL (SQLite or PostgreSQL), see docs/office.md.

- :meth:`CaseStore.sync` projects the imported sessions whose ``versions`` changed since the last sync
  (``case_sync``), one transaction per batch of sessions; it writes desk fields only (the follow-up of
  a case a clerk has touched is never written by a sync) and marks ``source_changed`` when the desk's
  fields changed.
- :meth:`CaseStore.apply` checks a step with the domain rules and saves the new follow-up with
  ``UPDATE … WHERE case_id = ? AND revision = ?`` and the step row in one transaction; a stale revision
  is a :class:`StoreConflict`.
- :meth:`CaseStore.reveal` writes the reveal log row, then reads the full values, in one transaction.

**Polling.** The workbench calls :meth:`CaseStore.data_version` every second or two (it costs one
pragma and an in-process counter on SQLite, a one-row read on PostgreSQL) and, when the number
differs from the last one it saw, calls :meth:`CaseStore.sync` and re-runs its query. The number
changes with every commit by another connection (an import, another clerk) and with every write
of this store.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from reception_tui.calendar.workdays import WorkingDays
from reception_tui.domain.errors import FieldError, ValidationFailed
from reception_tui.domain.followup import (
    WAITING_FOR_UNIT,
    CaseKind,
    CaseState,
    Followup,
    FollowupRules,
    Limit,
    LimitKind,
    Outcome,
    Satisfaction,
    Step,
    StepKind,
    WorkingDayTest,
    add_working_days,
    apply_step,
)
from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.office.db import SQLITE, Database
from reception_tui.office.model import (
    Case,
    CaseNotFound,
    CasePage,
    CaseQuery,
    Counts,
    DeskFields,
    Document,
    PageCursor,
    Revealed,
    RevealEntry,
    RevealField,
    Seek,
    Sort,
    StoreConflict,
    SyncReport,
    TimelineEntry,
)
from reception_tui.office.projection import ProjectedCase, project_session
from reception_tui.office.schema import DATA_VERSION_TABLE, migrate
from reception_tui.office.settings import OfficeSettings
from reception_tui.storage.atomic import ensure_private_dir, write_atomic

DOCUMENTS_DIR = "documents"
SYNC_BATCH_SESSIONS = 200
"""Sessions projected per transaction: a sync killed half-way keeps the finished batches."""

DESK_COLUMNS = (
    "case_number", "session_id", "visitor_id", "site_code", "day", "category", "request_type", "district",
    "summary", "own_words", "place", "receiving_deputy", "desk_target", "suggestion_deputy", "visitor_masked",
    "phone_last4", "confidential", "deputies", "desk_note",
)  # fmt: skip
FOLLOWUP_COLUMNS = (
    "kind", "anonymous", "state", "status", "unit", "slip_number", "transferred_on", "due_on", "extensions",
    "replied_on", "outcome", "copied_on", "informed_on", "satisfaction", "surveyed_round", "handling_round",
    "closed_on",
)  # fmt: skip
CASE_COLUMNS = ("case_id", *DESK_COLUMNS, *FOLLOWUP_COLUMNS, "revision", "updated_at", "updated_by", "source_changed")
_SELECT_CASE = f"SELECT {', '.join(CASE_COLUMNS)} FROM cases"  # noqa: S608 (column names are constants)
_STEP_COLUMNS = "seq, kind, clerk, at, data, state_before, state_after, revision"
_WAITING = tuple(sorted(state.value for state in WAITING_FOR_UNIT))
_SURVEY_STATES = (CaseState.INFORMED.value, CaseState.SETTLED.value)
_DATE_KEYS = frozenset({"on", "due"})
_REVEAL_KEYS = {
    RevealField.NAME: "name",
    RevealField.PHONE: "phone",
    RevealField.ADDRESS: "address",
    RevealField.ID_NUMBER: "id_number",
}

UnitLimit = Callable[[str], Limit | None]

_IN_WAITING = f"state IN ({', '.join('?' * len(_WAITING))})"
_COUNTS_SQL = (
    "SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM cases WHERE status = ?), "  # noqa: S608
    f"(SELECT COUNT(*) FROM cases WHERE {_IN_WAITING} AND due_on < ?), "
    f"(SELECT COUNT(*) FROM cases WHERE {_IN_WAITING} AND due_on >= ? AND due_on <= ?), "
    "(SELECT COUNT(*) FROM cases WHERE state IN (?, ?) AND anonymous = 0 AND surveyed_round < "
    "CASE WHEN handling_round < 1 THEN 1 ELSE handling_round END), "
    "(SELECT COUNT(*) FROM cases WHERE source_changed = 1)"
)
"""The workbench header: one statement of six counts, each over an index."""


SEARCH_IDS_MAX = 1000
"""A text search with at most this many matches reads its page by primary key from the ids its one pass found."""

_DUE_STEPS = frozenset({StepKind.TRANSFER, StepKind.REHANDLE})
"""Steps whose due date the store computes from a limit when the clerk gave none (stored with the step)."""


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _escape_like(text: str) -> str:
    """``text`` for a ``LIKE … ESCAPE '\\'`` pattern: ``%``, ``_`` and the escape itself matched literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _deputies_text(names: Iterable[str]) -> str:
    """Deputies on duty as ``\\nA\\nB\\n`` (so one name matches with ``LIKE '%\\nA\\n%'``)."""
    joined = "\n".join(names)
    return f"\n{joined}\n" if joined else ""


def _desk_values(desk: DeskFields) -> tuple[Any, ...]:
    return (
        desk.case_number, desk.session_id, desk.visitor_id, desk.site_code, desk.day.isoformat(), desk.category,
        desk.request_type, desk.district, desk.summary, desk.own_words, desk.place, desk.receiving_deputy,
        desk.desk_target, desk.suggestion_deputy, desk.visitor_masked, desk.phone_last4, int(desk.confidential),
        _deputies_text(desk.deputies_on_duty), desk.desk_note,
    )  # fmt: skip


def _followup_values(f: Followup) -> tuple[Any, ...]:
    return (
        f.kind.value, int(f.anonymous), f.state.value, f.status.value, f.unit, f.slip_number, _iso(f.transferred_on),
        _iso(f.due_on), f.extensions, _iso(f.replied_on), f.outcome.value if f.outcome else None, _iso(f.copied_on),
        _iso(f.informed_on), f.satisfaction.value if f.satisfaction else None, f.surveyed_round, f.round,
        _iso(f.closed_on),
    )  # fmt: skip


def _case_from_row(row: Sequence[Any]) -> Case:
    values = dict(zip(CASE_COLUMNS, row, strict=True))
    desk = DeskFields(
        case_number=values["case_number"], session_id=values["session_id"], issue_id=values["case_id"],
        visitor_id=values["visitor_id"], site_code=values["site_code"], day=date.fromisoformat(values["day"]),
        category=values["category"], request_type=values["request_type"], district=values["district"],
        summary=values["summary"], own_words=values["own_words"], place=values["place"],
        receiving_deputy=values["receiving_deputy"], desk_target=values["desk_target"],
        suggestion_deputy=values["suggestion_deputy"], visitor_masked=values["visitor_masked"],
        phone_last4=values["phone_last4"], confidential=bool(values["confidential"]),
        deputies_on_duty=tuple(name for name in values["deputies"].split("\n") if name),
        desk_note=values["desk_note"],
    )  # fmt: skip
    followup = Followup(
        kind=CaseKind(values["kind"]), anonymous=bool(values["anonymous"]), state=CaseState(values["state"]),
        unit=values["unit"], slip_number=values["slip_number"], transferred_on=_day(values["transferred_on"]),
        due_on=_day(values["due_on"]), extensions=int(values["extensions"]), replied_on=_day(values["replied_on"]),
        outcome=Outcome(values["outcome"]) if values["outcome"] else None, copied_on=_day(values["copied_on"]),
        informed_on=_day(values["informed_on"]),
        satisfaction=Satisfaction(values["satisfaction"]) if values["satisfaction"] else None,
        surveyed_round=int(values["surveyed_round"]), round=int(values["handling_round"]),
        closed_on=_day(values["closed_on"]),
    )  # fmt: skip
    updated_at = values["updated_at"]
    return Case(
        case_id=values["case_id"], desk=desk, followup=followup, revision=int(values["revision"]),
        updated_at=datetime.fromisoformat(updated_at) if updated_at else None, updated_by=values["updated_by"],
        source_changed=bool(values["source_changed"]),
    )  # fmt: skip


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def step_data_json(data: Mapping[str, Any]) -> str:
    """A step's data as stored: JSON, dates as ISO text, keys sorted."""
    return orjson.dumps(_json_value(data), option=orjson.OPT_SORT_KEYS).decode("utf-8")


def _step_data(text: str) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(text)
    for key in _DATE_KEYS & data.keys():
        if isinstance(data[key], str):
            data[key] = date.fromisoformat(data[key])
    return data


def _timeline_entry(case_row: Sequence[Any]) -> TimelineEntry:
    seq, kind, clerk, at, data, before, after, revision = case_row
    step = Step(StepKind(kind), clerk, datetime.fromisoformat(at), _step_data(data))
    return TimelineEntry(int(seq), step, CaseState(before), CaseState(after), int(revision))


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def personal_values_in(data: Mapping[str, Any], name: str, phone: str) -> list[str]:
    """The keys of ``data`` whose text holds the visitor's full name (two characters or more) or phone
    number (seven digits or more, spaces and dashes ignored)."""
    digits = re.sub(r"\D", "", phone)
    found: list[str] = []
    for key, value in data.items():
        for text in _texts(value):
            flat = re.sub(r"[\s\-]", "", text)
            if (len(name) >= 2 and name in text) or (len(digits) >= 7 and digits in flat):
                found.append(str(key))
                break
    return found


_SORT_KEYS: dict[Sort, tuple[tuple[str, bool], ...]] = {
    Sort.CASE_NUMBER: (("case_number", False), ("case_id", False)),
    Sort.DUE: (("CASE WHEN due_on IS NULL THEN 1 ELSE 0 END", False), ("COALESCE(due_on, '')", False),
               ("case_number", False), ("case_id", False)),
    Sort.DAY_DESC: (("day", True), ("case_number", False), ("case_id", False)),
    Sort.UPDATED_DESC: (("CASE WHEN updated_at IS NULL THEN 1 ELSE 0 END", False),
                        ("COALESCE(updated_at, '')", True), ("case_number", False), ("case_id", False)),
}  # fmt: skip
"""Each sort as its key: (SQL expression, descending). The last keys make it total (case ids are unique), so a
page's last case says exactly where the next page starts."""


def _sort_values(sort: Sort, case: Case) -> tuple[Any, ...]:
    """The values of ``_SORT_KEYS[sort]`` for ``case``, as stored."""
    tail = (case.desk.case_number, case.case_id)
    if sort is Sort.DUE:
        due = case.followup.due_on
        return (1 if due is None else 0, _iso(due) or "", *tail)
    if sort is Sort.DAY_DESC:
        return (case.desk.day.isoformat(), *tail)
    if sort is Sort.UPDATED_DESC:
        updated = case.updated_at
        return (1 if updated is None else 0, updated.isoformat() if updated else "", *tail)
    return tail


def _seek(keys: Sequence[tuple[str, bool]], values: Sequence[Any], seek: Seek) -> tuple[str, list[Any]]:
    """The WHERE condition of the rows after (``AFTER``, ``FROM``: the cursor's row too) or before ``values`` in
    the order of ``keys``. Keys all in one direction compare as one row value, ``(a, b) > (?, ?)``, which an index
    on (a, b) seeks to; mixed directions expand to ``a < ? OR (a = ? AND (b, c) > (?, ?))`` behind a bound on the
    first key, so an index on it still narrows the walk."""
    inclusive = seek is Seek.FROM
    backwards = seek is Seek.BEFORE
    directions = {descending != backwards for _, descending in keys}
    if len(directions) == 1:
        descending = directions.pop()
        op = ("<" if descending else ">") + ("=" if inclusive else "")
        columns = ", ".join(expression for expression, _ in keys)
        return f"({columns}) {op} ({_marks(len(keys))})", list(values)
    (first, first_desc), rest = keys[0], keys[1:]
    first_desc = first_desc != backwards
    flipped = [(expression, descending != backwards) for expression, descending in rest]
    inner, inner_params = _seek(flipped, values[1:], Seek.FROM if inclusive else Seek.AFTER)
    strict = "<" if first_desc else ">"
    condition = f"{first} {strict}= ? AND ({first} {strict} ? OR ({first} = ? AND {inner}))"
    return condition, [values[0], values[0], values[0], *inner_params]


class CaseStore:
    """The office's cases (implements :class:`reception_tui.office.model.CaseStoreAPI`)."""

    def __init__(
        self,
        db: Database,
        rules: FollowupRules,
        unit_limit: UnitLimit,
        is_working_day: WorkingDayTest,
        now: Callable[[], datetime],
        *,
        documents_dir: Path | None = None,
    ) -> None:
        self.db = db
        self.rules = rules
        self.unit_limit = unit_limit
        self.is_working_day = is_working_day
        self.now = now
        self.documents_dir = documents_dir
        self._writes = 0
        """This store's own commits: SQLite's ``data_version`` counts only other connections'."""

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- sync --------------------------------------------------------------------------------------

    def sync(self) -> SyncReport:
        report = SyncReport()
        changed = self.db.fetchall(
            "SELECT s.session_id FROM sessions s LEFT JOIN case_sync c ON c.session_id = s.session_id "
            "WHERE c.versions IS NULL OR c.versions <> s.versions ORDER BY s.session_id"
        )
        ids = [row[0] for row in changed]
        for start in range(0, len(ids), SYNC_BATCH_SESSIONS):
            with self.db.transaction():
                for session_id in ids[start : start + SYNC_BATCH_SESSIONS]:
                    self._sync_session(session_id, report)
            self._writes += 1
        return report

    def _sync_session(self, session_id: str, report: SyncReport) -> None:
        row = self.db.fetchone("SELECT state, versions FROM sessions WHERE session_id = ?", (session_id,))
        if row is None:
            return
        state, versions = row
        known = {
            case_id: (source, revision)
            for case_id, source, revision in self.db.fetchall(
                "SELECT case_id, source_hash, revision FROM cases WHERE session_id = ?", (session_id,)
            )
        }
        stamp = self.now().isoformat()
        for case in project_session(orjson.loads(state)):
            case_id = case.desk.issue_id
            if case_id not in known:
                self._insert_case(case, stamp)
                report.new += 1
                continue
            source, revision = known[case_id]
            if source == case.source_hash:
                report.unchanged += 1
                continue
            self._update_desk(case, untouched=revision == 1)
            report.changed += 1
            report.source_changed_ids.append(case_id)
        synced = (versions, stamp, session_id)
        update = "UPDATE case_sync SET versions = ?, synced_at = ? WHERE session_id = ?"
        if self.db.execute(update, synced).rowcount == 0:
            self.db.execute("INSERT INTO case_sync (versions, synced_at, session_id) VALUES (?, ?, ?)", synced)

    def _insert_case(self, case: ProjectedCase, stamp: str) -> None:
        columns = ("case_id", *DESK_COLUMNS, "search", "source_hash", "source_changed", *FOLLOWUP_COLUMNS,
                   "revision", "created_at")  # fmt: skip
        values = (case.desk.issue_id, *_desk_values(case.desk), case.search, case.source_hash, 0,
                  *_followup_values(case.initial), 1, stamp)  # fmt: skip
        self.db.execute(f"INSERT INTO cases ({', '.join(columns)}) VALUES ({_marks(len(columns))})", values)  # noqa: S608

    def _update_desk(self, case: ProjectedCase, *, untouched: bool) -> None:
        """Rewrite the desk fields (never the follow-up) and mark the case source-changed.

        One exception: a case no clerk has saved a step on yet (revision 1) takes the initial follow-up
        of its new kind, so a desk that changes an issue from "explained" to "transfer" before the office
        started on it gives a case that can be transferred. ``revision = 1`` is in the statement's WHERE,
        so a step saved meanwhile is never overwritten."""
        assignments = ", ".join(f"{name} = ?" for name in (*DESK_COLUMNS, "search", "source_hash"))
        self.db.execute(
            f"UPDATE cases SET {assignments}, source_changed = 1 WHERE case_id = ?",  # noqa: S608
            (*_desk_values(case.desk), case.search, case.source_hash, case.desk.issue_id),
        )
        if untouched:
            initial = case.initial
            self.db.execute(
                "UPDATE cases SET kind = ?, anonymous = ?, state = ?, status = ? WHERE case_id = ? AND revision = 1",
                (initial.kind.value, int(initial.anonymous), initial.state.value, initial.status.value,
                 case.desk.issue_id),
            )  # fmt: skip

    def data_version(self) -> int:
        """A number that changes when anything the workbench shows was committed (by anyone): one pragma on SQLite
        (plus this store's own commits, which the pragma does not count), one row on PostgreSQL (schema v4's
        counter, bumped by a trigger in the same transaction as every write)."""
        if self.db.dialect == SQLITE:
            outside = int(self.db.scalar("PRAGMA data_version"))
            return (outside << 32) + self._writes
        return int(self.db.scalar(f"SELECT version FROM {DATA_VERSION_TABLE} WHERE only_row = 1") or 0)  # noqa: S608

    # -- reading -----------------------------------------------------------------------------------

    def _where(self, query: CaseQuery) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if query.states:
            clauses.append(f"state IN ({_marks(len(query.states))})")
            params.extend(state.value for state in query.states)
        if query.open_only:
            clauses.append("status = ?")
            params.append("open")
        for column in ("unit", "district", "category", "site_code"):
            value = getattr(query, column)
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if query.deputy:
            clauses.append("(receiving_deputy = ? OR suggestion_deputy = ? OR deputies LIKE ? ESCAPE '\\')")
            params.extend((query.deputy, query.deputy, f"%\n{_escape_like(query.deputy)}\n%"))
        if query.day_from is not None:
            clauses.append("day >= ?")
            params.append(query.day_from.isoformat())
        if query.day_to is not None:
            clauses.append("day <= ?")
            params.append(query.day_to.isoformat())
        if query.overdue_on is not None:
            clauses.append(f"state IN ({_marks(len(_WAITING))}) AND due_on < ?")
            params.extend((*_WAITING, query.overdue_on.isoformat()))
        if query.due_by is not None:
            clauses.append(f"state IN ({_marks(len(_WAITING))}) AND due_on <= ?")
            params.extend((*_WAITING, query.due_by.isoformat()))
            if query.overdue_on is None:
                clauses.append("due_on >= ?")
                params.append(self.now().date().isoformat())
        if query.waiting_for_survey:
            clauses.append(
                "anonymous = 0 AND state IN (?, ?) AND surveyed_round < CASE WHEN handling_round < 1 THEN 1 "
                "ELSE handling_round END"
            )
            params.extend(_SURVEY_STATES)
        if query.source_changed:
            clauses.append("source_changed = 1")
        if query.text.strip():
            clauses.append("search LIKE ? ESCAPE '\\'")
            params.append(f"%{_escape_like(query.text.strip().lower())}%")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def query(
        self, query: CaseQuery, *, offset: int = 0, limit: int = 50, count_cap: int | None = None,
        cursor: PageCursor | None = None, count: bool = True,
    ) -> CasePage:  # fmt: skip
        """One page of the cases ``query`` matches, with their number.

        The page starts at ``cursor`` (keyset paging: ``WHERE (sort key) > (cursor's key) ORDER BY … LIMIT``, the
        same cost on every page) or, without one, ``offset`` rows in (``OFFSET``: fine near the start, slow deep
        in a large list); ``offset`` is also the page's position the caller shows ("page 3 of 20").
        ``count_cap``: counting stops past that many matches (the page says ``total_capped``: "1,000+"), so a
        broad filter over a million cases costs a capped index walk instead of a full count. ``count=False``:
        no count at all (a caller that streams every page already knows the total); ``total`` is then the
        position after this page and ``total_capped`` says whether more may follow."""
        where, params = self._where(query)
        if query.text.strip():
            # LIKE '%…%' can use no index: one pass finds the matches (up to the cap), and when they are few
            # (a rare term) the page comes from them by primary key instead of a second walk over every case
            cap = SEARCH_IDS_MAX if count_cap is None else min(count_cap, SEARCH_IDS_MAX)
            found = self.db.fetchall(f"SELECT case_id FROM cases{where} LIMIT ?", (*params, cap + 1))  # noqa: S608
            if len(found) <= cap:
                if not found:
                    return CasePage((), 0, offset, limit)
                ids = [row[0] for row in found]
                cases = self._rows(f" WHERE case_id IN ({_marks(len(ids))})", ids, query.sort, offset, limit, cursor)
                return CasePage(cases, len(ids), offset, limit)
            if count_cap is not None and cap == count_cap:  # more than the cap: the pass above already says so
                cases = self._rows(where, params, query.sort, offset, limit, cursor)
                return CasePage(cases, count_cap, offset, limit, total_capped=True)
        cases = self._rows(where, params, query.sort, offset, limit, cursor)
        if not count:
            return CasePage(cases, offset + len(cases), offset, limit, total_capped=len(cases) >= limit)
        total, capped = self._count(where, params, count_cap)
        return CasePage(cases, total, offset, limit, total_capped=capped)

    def each(self, query: CaseQuery, *, page_size: int = 1000) -> Iterator[Case]:
        """Every case ``query`` matches, in its order, read a keyset page at a time (no count, no ``OFFSET``: the
        last page costs what the first does)."""
        cursor: PageCursor | None = None
        while True:
            page = self.query(query, limit=page_size, cursor=cursor, count=False)
            yield from page.cases
            if len(page.cases) < page_size:
                return
            cursor = PageCursor(page.cases[-1], Seek.AFTER)

    def _count(self, where: str, params: Sequence[Any], cap: int | None) -> tuple[int, bool]:
        """The number of matches: exact, or up to ``cap`` (counted over a LIMIT-ed subquery: an index walk that
        stops at ``cap + 1`` rows) and whether there are more."""
        if cap is None:
            return int(self.db.scalar(f"SELECT COUNT(*) FROM cases{where}", params)), False  # noqa: S608
        found = int(
            self.db.scalar(f"SELECT COUNT(*) FROM (SELECT 1 FROM cases{where} LIMIT ?) AS capped", (*params, cap + 1))  # noqa: S608
        )
        return min(found, cap), found > cap

    def _rows(
        self, where: str, params: Sequence[Any], sort: Sort, offset: int, limit: int, cursor: PageCursor | None
    ) -> tuple[Case, ...]:
        keys = _SORT_KEYS[sort]
        backwards = cursor is not None and cursor.seek is Seek.BEFORE
        order = ", ".join(f"{key}{' DESC' if descending != backwards else ''}" for key, descending in keys)
        values: list[Any] = list(params)
        if cursor is None:
            tail = " LIMIT ? OFFSET ?"
            values.extend((max(limit, 0), max(offset, 0)))
        else:
            seek, seek_params = _seek(keys, _sort_values(sort, cursor.case), cursor.seek)
            where = f"{where} AND {seek}" if where else f" WHERE {seek}"
            values.extend(seek_params)
            tail = " LIMIT ?"
            values.append(max(limit, 0))
        rows = self.db.fetchall(f"{_SELECT_CASE}{where} ORDER BY {order}{tail}", values)
        cases = tuple(_case_from_row(row) for row in rows)
        return cases[::-1] if backwards else cases

    def counts(self, today: date) -> Counts:
        soon = add_working_days(today, self.rules.due_soon_working_days, self.is_working_day).isoformat()
        now = today.isoformat()
        row = self.db.fetchone(
            _COUNTS_SQL,
            ("open", *_WAITING, now, *_WAITING, now, soon, *_SURVEY_STATES),
        )
        total, open_, overdue, due_soon, survey, changed = (int(v) for v in row or (0,) * 6)
        return Counts(total, open_, overdue, due_soon, survey, changed)

    def get(self, case_id: str) -> Case:
        row = self.db.fetchone(f"{_SELECT_CASE} WHERE case_id = ?", (case_id,))
        if row is None:
            raise CaseNotFound(case_id)
        return _case_from_row(row)

    def find(self, case_number: str) -> list[Case]:
        rows = self.db.fetchall(f"{_SELECT_CASE} WHERE case_number = ? ORDER BY case_id", (case_number,))
        return [_case_from_row(row) for row in rows]

    def timeline(self, case_id: str, *, after_revision: int = 0) -> list[TimelineEntry]:
        """The case's saved steps in order (only those that made a revision above ``after_revision``)."""
        rows = self.db.fetchall(
            f"SELECT {_STEP_COLUMNS} FROM case_steps WHERE case_id = ? AND revision > ? ORDER BY seq",  # noqa: S608
            (case_id, after_revision),
        )
        return [_timeline_entry(row) for row in rows]

    # -- writing -----------------------------------------------------------------------------------

    def _visitor(self, case: Case) -> dict[str, Any]:
        """The visitor's record in the newest imported version of the case's session (full values)."""
        state = self.db.scalar("SELECT state FROM sessions WHERE session_id = ?", (case.desk.session_id,))
        if state is None:
            return {}
        for visitor in orjson.loads(state).get("visitors", ()):
            if visitor.get("id") == case.desk.visitor_id:
                return dict(visitor)
        return {}

    def check(self, case: Case, step: Step) -> Followup:
        """The case's follow-up after ``step``, checked but not saved: ``ValidationFailed`` / ``StateError``
        from the domain, ``ValidationFailed`` when the step's data holds the visitor's name or phone."""
        followup = apply_step(
            case.followup, step, rules=self.rules, unit_limit=self.unit_limit, is_working_day=self.is_working_day,
        )  # fmt: skip
        visitor = self._visitor(case)
        personal = personal_values_in(step.data, str(visitor.get("name", "")), str(visitor.get("phone", "")))
        if personal:
            problems = [FieldError(key, "office.error.personal_in_step", name=key) for key in personal]
            raise ValidationFailed(problems)
        return followup

    def _save_step(self, case_id: str, step: Step, revision: int) -> Case:
        """Check and write one step; the caller holds the transaction."""
        current = self.get(case_id)
        if current.revision != revision:
            raise StoreConflict(current, self.timeline(case_id, after_revision=revision))
        followup = self.check(current, step)
        assignments = ", ".join(f"{name} = ?" for name in FOLLOWUP_COLUMNS)
        at = step.at.isoformat()
        updated = self.db.execute(
            f"UPDATE cases SET {assignments}, revision = ?, updated_at = ?, updated_by = ? "  # noqa: S608
            "WHERE case_id = ? AND revision = ?",
            (*_followup_values(followup), revision + 1, at, step.clerk, case_id, revision),
        ).rowcount
        if updated != 1:  # another clerk's save got in between (PostgreSQL, read committed)
            raise StoreConflict(self.get(case_id), self.timeline(case_id, after_revision=revision))
        seq = int(self.db.scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM case_steps WHERE case_id = ?", (case_id,)))
        data = dict(step.data)
        if step.kind in _DUE_STEPS and not data.get("due") and followup.due_on is not None:
            data["due"] = followup.due_on  # the due date the limit gave: the timeline shows it, a replay keeps it
        self.db.execute(
            "INSERT INTO case_steps (case_id, seq, kind, clerk, at, data, state_before, state_after, revision) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (case_id, seq, step.kind.value, step.clerk, at, step_data_json(data), current.state.value,
             followup.state.value, revision + 1),
        )  # fmt: skip
        return replace(current, followup=followup, revision=revision + 1, updated_at=step.at, updated_by=step.clerk)

    def apply(self, case_id: str, step: Step, *, revision: int) -> Case:
        with self.db.transaction():
            saved = self._save_step(case_id, step, revision)
        self._writes += 1
        return saved

    def apply_many(self, items: Sequence[tuple[str, Step, int]]) -> list[Case]:
        """Save ``(case_id, step, revision)`` items in ONE transaction: all of them or, when any is refused
        (a stale revision, a domain rule), none; the first refusal is raised. A kill at any moment leaves
        every case as it was or every step saved (the reply spreadsheet's all-or-nothing)."""
        with self.db.transaction():
            saved = [self._save_step(case_id, step, revision) for case_id, step, revision in items]
        self._writes += 1
        return saved

    def acknowledge(self, case_id: str, clerk: str) -> None:
        with self.db.transaction():
            if self.db.execute("UPDATE cases SET source_changed = 0 WHERE case_id = ?", (case_id,)).rowcount == 0:
                raise CaseNotFound(case_id)
        self._writes += 1

    def reveal(
        self, case_id: str, fields: Sequence[RevealField], *, clerk: str, reason: str, note: str = "",
        purpose: str = "screen",
    ) -> Revealed:  # fmt: skip
        errors = [
            FieldError(name, "followup.error.required")
            for name, value in (("clerk", clerk), ("reason", reason), ("fields", list(fields)))
            if not value or (isinstance(value, str) and not value.strip())
        ]
        if errors:
            raise ValidationFailed(errors)
        chosen = tuple(dict.fromkeys(RevealField(name) for name in fields))
        with self.db.transaction():
            case = self.get(case_id)
            self.db.execute(
                "INSERT INTO reveals (at, clerk, case_id, visitor_id, fields, reason, note, purpose) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self.now().isoformat(), clerk.strip(), case_id, case.desk.visitor_id,
                 ",".join(name.value for name in chosen), reason.strip(), note, purpose),
            )  # fmt: skip
            visitor = self._visitor(case)  # read only once the log row is in
            values = {name: str(visitor.get(_REVEAL_KEYS[name], "") or "") for name in chosen}
        self._writes += 1
        return Revealed(values)

    def log_reveals(
        self, cases: Iterable[tuple[str, str]], fields: Sequence[RevealField], *, clerk: str, reason: str,
        note: str = "", purpose: str = "ledger",
    ) -> int:  # fmt: skip
        """Write one reveal log entry per ``(case_id, visitor_id)`` in one transaction, returning no values
        (the caller reads them itself, as the ledger does from the imported sessions); the number written.

        For outputs of thousands of cases, where :meth:`reveal` one case at a time would be slow."""
        errors = [
            FieldError(name, "followup.error.required")
            for name, value in (("clerk", clerk), ("reason", reason), ("fields", list(fields)))
            if not value or (isinstance(value, str) and not value.strip())
        ]
        if errors:
            raise ValidationFailed(errors)
        chosen = ",".join(dict.fromkeys(RevealField(name).value for name in fields))
        at = self.now().isoformat()
        rows = [
            (at, clerk.strip(), case_id, visitor_id, chosen, reason.strip(), note, purpose)
            for case_id, visitor_id in cases
        ]
        if not rows:
            return 0
        with self.db.transaction():
            self.db.executemany(
                "INSERT INTO reveals (at, clerk, case_id, visitor_id, fields, reason, note, purpose) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        self._writes += 1
        return len(rows)

    def reveal_log(self, *, case_id: str | None = None) -> list[RevealEntry]:
        columns = "reveal_id, at, clerk, case_id, visitor_id, fields, reason, note, purpose"
        if case_id is None:
            rows = self.db.fetchall(f"SELECT {columns} FROM reveals ORDER BY reveal_id")  # noqa: S608
        else:
            rows = self.db.fetchall(f"SELECT {columns} FROM reveals WHERE case_id = ? ORDER BY reveal_id", (case_id,))  # noqa: S608
        return [
            RevealEntry(
                seq=int(seq), at=datetime.fromisoformat(at), clerk=clerk, case_id=case, visitor_id=visitor,
                fields=tuple(RevealField(name) for name in fields.split(",") if name), reason=reason, note=note,
                purpose=purpose,
            )
            for seq, at, clerk, case, visitor, fields, reason, note, purpose in rows
        ]

    def add_document(self, case_id: str, name: str, data: bytes, *, clerk: str) -> Document:
        """Keep ``data`` as ``documents/<sha256>`` in the office folder (once per content) and list it for the case."""
        if self.documents_dir is None:
            raise RuntimeError("this store has no documents folder")
        self.get(case_id)
        digest = hashlib.sha256(data).hexdigest()
        folder = ensure_private_dir(self.documents_dir)
        target = folder / digest
        if not target.exists():
            write_atomic(target, data)
        added = self.now()
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO documents (sha256, name, size, case_id, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?)",
                (digest, name, len(data), case_id, added.isoformat(), clerk),
            )
        self._writes += 1
        return Document(digest, name, len(data), added, clerk, case_id)

    def documents(self, case_id: str) -> list[Document]:
        rows = self.db.fetchall(
            "SELECT sha256, name, size, added_at, added_by, case_id FROM documents WHERE case_id = ? "
            "ORDER BY document_id",
            (case_id,),
        )
        return [
            Document(sha, name, int(size), datetime.fromisoformat(at), by, case)
            for sha, name, size, at, by, case in rows
        ]

    def document_path(self, sha256: str) -> Path:
        """Where the bytes of a kept document are."""
        if self.documents_dir is None or not re.fullmatch(r"[0-9a-f]{64}", sha256):
            raise FileNotFoundError(sha256)
        return self.documents_dir / sha256


_LIMIT_KIND = {"working_days": LimitKind.WORKING_DAYS, "calendar_days": LimitKind.CALENDAR_DAYS,
               "months": LimitKind.MONTHS}  # fmt: skip


def unit_limits(config: SiteConfig) -> UnitLimit:
    """The reply limit of each transfer target in the site config, by unit code (None: unknown unit)."""
    limits = {
        target.code: Limit(target.reply_limit, _LIMIT_KIND[str(target.reply_unit)])
        for target in config.transfer_targets
    }
    return limits.get


def open_case_store(
    office_dir: Path, settings: OfficeSettings, config: SiteConfig, *, now: Callable[[], datetime]
) -> CaseStore:
    """The office folder's case store: the database ``office.yaml`` names (default the folder's
    ``office.sqlite3``), its tables brought to this program's version, the site config's units and
    working days."""
    OfficeStore(office_dir, settings.office_db).close()  # the import store's tables, even before the first import
    db = Database.open(office_dir, settings.office_db)
    try:
        migrate(db)
    except BaseException:
        db.close()
        raise
    return CaseStore(
        db, settings.followup, unit_limits(config), WorkingDays(config.official_days), now,
        documents_dir=office_dir / DOCUMENTS_DIR,
    )  # fmt: skip
