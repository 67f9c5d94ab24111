"""Retention (issue 17): a closed case's personal data is kept ``retention_years`` after its closure, then removed.

A visitor is due when every case of theirs is closed and was closed before the cutoff (``today`` less the
retention period; a case closed on the cutoff day itself is kept one more day). A visitor with one case still
open, or closed more recently, keeps their data: a session can hold several visitors, and only the due ones go.
The removal itself is :mod:`reception_tui.office.erasure`'s, the same as a person's erasure request.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reception_tui.domain.followup import CaseState
from reception_tui.office.erasure import ErasurePlan, VisitorKey, plan_erasure
from reception_tui.office.store import CaseStore


def retention_cutoff(today: date, years: int) -> date:
    """``today`` ``years`` years earlier (29 February becomes 28 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def due_visitors(store: CaseStore, cutoff: date) -> list[VisitorKey]:
    """The visitors whose every case was closed before ``cutoff``."""
    rows = store.db.fetchall(
        "SELECT session_id, visitor_id FROM cases GROUP BY session_id, visitor_id "
        "HAVING SUM(CASE WHEN state = ? AND closed_on IS NOT NULL AND closed_on < ? THEN 0 ELSE 1 END) = 0 "
        "ORDER BY session_id, visitor_id",
        (CaseState.CLOSED.value, cutoff.isoformat()),
    )
    return [VisitorKey(str(session_id), str(visitor_id)) for session_id, visitor_id in rows if visitor_id]


def plan_retention(store: CaseStore, office_dir: Path, *, today: date, years: int) -> ErasurePlan:
    """What a retention run on ``today`` removes (reads only)."""
    store.sync()
    return plan_erasure(store, office_dir, due_visitors(store, retention_cutoff(today, years)))
