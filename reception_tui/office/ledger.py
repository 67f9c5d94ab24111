"""The office's ledger: the exchange ledger (``exchange/ledger.py``) with the follow-up columns, masked by
default (issue 17 item 5).

Personal data in full only for a named clerk with a reason: one reveal log entry per case with a visitor
(purpose ``ledger``), written in one transaction before the file, so there is no full ledger without its
log. The exchange layer never imports the office side; this module wraps it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from reception_tui.domain.followup import CaseState
from reception_tui.exchange.ledger import COLUMNS, WRITERS, LedgerResult, heading, ledger_order, ledger_rows
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.i18n import t
from reception_tui.office.model import Case, CaseQuery, RevealField
from reception_tui.office.store import CaseStore
from reception_tui.office.words import outcome_label, satisfaction_label, state_label
from reception_tui.storage.atomic import atomic_writer

FOLLOWUP_COLUMNS = (
    "followup_state", "followup_unit", "transferred_on", "due_on", "replied_on", "outcome", "satisfaction",
    "closed_on", "round",
)  # fmt: skip
LEDGER_FIELDS = (RevealField.NAME, RevealField.PHONE, RevealField.ADDRESS)
"""What a ledger with personal data shows in full (the reveal log names these)."""
PAGE = 500


@dataclass(frozen=True)
class LedgerReveal:
    """Who asked for the ledger with personal data, and why."""

    clerk: str
    reason: str


@dataclass(frozen=True)
class OfficeLedgerResult:
    """What was written, and how many reveal log entries it made."""

    path: Path
    rows: int
    revealed: int


def followup_heading(column: str) -> str:
    """The Chinese heading of a follow-up column (the main system expects Chinese, like the other columns)."""
    return t(f"office_cli.ledger.col.{column}", lang="zh")


def followup_cells(
    case: Case, unit_names: Mapping[str, str], state_labels: Mapping[CaseState, str] | None = None
) -> dict[str, str]:
    """The follow-up columns of one case, in Chinese words."""
    f = case.followup
    unit = unit_names.get(f.unit, f.unit)
    return {
        "followup_state": state_label(f.state, "zh", labels=state_labels),
        "followup_unit": unit,
        "transferred_on": f.transferred_on.isoformat() if f.transferred_on else "",
        "due_on": f.due_on.isoformat() if f.due_on else "",
        "replied_on": f.replied_on.isoformat() if f.replied_on else "",
        "outcome": f"{outcome_label(f.outcome, short=True, lang='zh')}" if f.outcome else "",
        "satisfaction": satisfaction_label(f.satisfaction, "zh") if f.satisfaction else "",
        "closed_on": f.closed_on.isoformat() if f.closed_on else "",
        "round": str(f.round) if f.round else "",
    }


def _followups(
    store: CaseStore,
    wanted: set[str],
    unit_names: Mapping[str, str],
    state_labels: Mapping[CaseState, str] | None,
) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """The follow-up cells of the ``wanted`` cases (in :data:`FOLLOWUP_COLUMNS` order), and the visitor id
    of those with a visitor; read page by page (by cursor), so no more than a page of cases is held."""
    cells: dict[str, tuple[str, ...]] = {}
    visitors: dict[str, str] = {}
    for case in store.each(CaseQuery(), page_size=PAGE):
        if case.case_id in wanted:
            found = followup_cells(case, unit_names, state_labels)
            cells[case.case_id] = tuple(found[column] for column in FOLLOWUP_COLUMNS)
            if case.desk.visitor_id:
                visitors[case.case_id] = case.desk.visitor_id
    return cells, visitors


def write_office_ledger(
    office_dir: Path,
    store: CaseStore,
    fmt: str,
    out: Path,
    session_ids: Collection[str] | None = None,
    *,
    reveal: LedgerReveal | None = None,
    unit_names: Mapping[str, str] | None = None,
    state_labels: Mapping[CaseState, str] | None = None,
    office_db: str | None = None,
) -> OfficeLedgerResult:
    """Sync the store, then write the ledger of ``office_dir`` (its sessions in ``office_db`` when given, else in
    the folder's SQLite file) with its follow-up columns to ``out``: masked, unless ``reveal`` names the clerk and
    reason (then logged first, one entry per case).

    The rows stream from the import store into the file; what is held is the rows' keys and the
    follow-up cells of their cases."""
    with OfficeStore(office_dir, office_db) as imported:
        order = ledger_order(imported, session_ids)
    store.sync()
    followups, visitors = _followups(store, {issue_id for _, issue_id, _ in order}, unit_names or {}, state_labels)
    columns = [(c, heading(c)) for c in COLUMNS]
    if followups:
        columns += [(c, followup_heading(c)) for c in FOLLOWUP_COLUMNS]
    revealed = 0
    if reveal is not None:
        seen = [(issue_id, visitors[issue_id]) for _, issue_id, _ in order if issue_id in visitors]
        revealed = store.log_reveals(seen, LEDGER_FIELDS, clerk=reveal.clerk, reason=reveal.reason, purpose="ledger")
    empty = ("",) * len(FOLLOWUP_COLUMNS)

    def rows(imported: OfficeStore) -> Iterator[dict[str, str]]:
        for row in ledger_rows(imported, session_ids, masked=reveal is None, order=order):
            if followups:
                row.update(zip(FOLLOWUP_COLUMNS, followups.get(row["issue_id"], empty), strict=True))
            yield row

    with OfficeStore(office_dir, office_db) as imported, atomic_writer(out) as stream:
        count = WRITERS[fmt](stream, rows(imported), columns)
    return OfficeLedgerResult(out, count, revealed)


__all__ = ["FOLLOWUP_COLUMNS", "LedgerResult", "LedgerReveal", "OfficeLedgerResult", "write_office_ledger"]
