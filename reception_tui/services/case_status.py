"""The office's word on a returning visitor's earlier cases, as the desk shows it.

The status file the laptop keeps (``exchange/status_in.py``) gives each case number's state; here
those become one line per case in the interface's language ("BSJD-…：已答复（B类）"). Reading the
kept file is a file read: the desk calls these from a worker, never on the UI thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from reception_tui.domain.followup import WAITING_FOR_UNIT, CaseState
from reception_tui.exchange.status_in import StatusFile
from reception_tui.i18n import t
from reception_tui.storage.data_folder import DataFolder

REPLIED_OR_LATER = frozenset(
    {
        CaseState.REPLIED,
        CaseState.COPIED,
        CaseState.INFORMED,
        CaseState.SURVEYED,
        CaseState.REHANDLING,
        CaseState.CLOSED,
    }
)


def status_line(case_number: str, status: StatusFile | None) -> str:
    """One case's state from the office, or that the office has not reported on it."""
    case = status.case(case_number) if status is not None else None
    if case is None:
        return t("status.line.unknown", case=case_number)
    state = t(f"status.state.{case.state.value}")
    if case.outcome is not None and case.state in REPLIED_OR_LATER:
        state = t("status.outcome", state=state, outcome=case.outcome.value)
    if case.state in WAITING_FOR_UNIT and case.due_on is not None:
        return t("status.line.due", case=case_number, state=state, due=case.due_on.isoformat())
    return t("status.line", case=case_number, state=state)


def status_lines(case_numbers: Iterable[str], status: StatusFile | None) -> list[str]:
    """A line per case number (duplicates once, in the order given)."""
    return [status_line(number, status) for number in dict.fromkeys(case_numbers)]


def earlier_case_numbers(
    folder: DataFolder, phone: str, *, exclude: Sequence[Path] = (), recent_sessions: int = 6
) -> list[str]:
    """The case numbers of issues of visitors with ``phone`` in the recent sessions on this laptop (the
    same sessions the phone-seen check looks at), oldest first."""
    found: list[str] = []
    others = [f for f in folder.session_folders() if f not in exclude][-recent_sessions:]
    for other in others:
        try:
            snapshot = folder.read(other)
        except Exception:  # noqa: S112 - a damaged old session must not stop registration
            continue
        visitors = {v.id for v in snapshot.visitors if v.phone == phone}
        found.extend(i.case_number for i in snapshot.issues if i.visitor_id in visitors and i.case_number)
    return found
