"""The office's ledger: the exchange ledger (``exchange/ledger.py``) with the follow-up columns, masked by
default (issue 17 item 5).

Personal data in full only for a named clerk with a reason: one reveal log entry per case with a visitor
(purpose ``ledger``), written in one transaction before the file, so there is no full ledger without its
log. The exchange layer never imports the office side; this module wraps it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from reception_tui.domain.followup import CaseState
from reception_tui.exchange.ledger import COLUMNS, RENDERERS, LedgerResult, heading, ledger_rows
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.i18n import t
from reception_tui.office.model import Case, CaseQuery, RevealField
from reception_tui.office.store import CaseStore
from reception_tui.office.words import outcome_label, satisfaction_label, state_label
from reception_tui.storage.atomic import write_atomic

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


def _cases_by_id(store: CaseStore, wanted: set[str]) -> dict[str, Case]:
    """The cases of ``wanted`` ids, read page by page."""
    return {case.case_id: case for case in store.each(CaseQuery(), page_size=PAGE) if case.case_id in wanted}


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
    reason (then logged first, one entry per case)."""
    with OfficeStore(office_dir, office_db) as imported:
        rows = list(ledger_rows(imported, session_ids, masked=reveal is None))
    store.sync()
    cases = _cases_by_id(store, {row["issue_id"] for row in rows})
    columns = [(c, heading(c)) for c in COLUMNS]
    if cases:
        columns += [(c, followup_heading(c)) for c in FOLLOWUP_COLUMNS]
        empty = dict.fromkeys(FOLLOWUP_COLUMNS, "")
        for row in rows:
            case = cases.get(row["issue_id"])
            row.update(followup_cells(case, unit_names or {}, state_labels) if case is not None else empty)
    revealed = 0
    if reveal is not None:
        seen = [
            (case.case_id, case.desk.visitor_id)
            for case in (cases.get(row["issue_id"]) for row in rows)
            if case is not None and case.desk.visitor_id
        ]
        revealed = store.log_reveals(seen, LEDGER_FIELDS, clerk=reveal.clerk, reason=reveal.reason, purpose="ledger")
    write_atomic(out, RENDERERS[fmt](rows, columns))
    return OfficeLedgerResult(out, len(rows), revealed)


__all__ = ["FOLLOWUP_COLUMNS", "LedgerResult", "LedgerReveal", "OfficeLedgerResult", "write_office_ledger"]
