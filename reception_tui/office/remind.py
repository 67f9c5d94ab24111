"""The reminder notice (催办通知) for one unit: its cases overdue today, written as a PDF into the office folder.

Used by ``reception office remind`` and by the case list's 催办 key (in a worker); below the UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reception_tui.domain.followup import WorkingDayTest, add_working_days
from reception_tui.office.documents import Letterhead, reminder_pdf
from reception_tui.office.model import Case, CaseQuery
from reception_tui.office.store import CaseStore
from reception_tui.storage.atomic import ensure_private_dir, write_atomic

OUT_DIR = "out"
NEW_DUE_WORKING_DAYS = 5
"""The new date a reminder asks for by default: this many working days after today."""
PAGE = 500


class NothingOverdue(Exception):
    """The unit has no case overdue today (or is not a unit of the site config)."""

    def __init__(self, unit: str, today: date, *, known: bool) -> None:
        what = f"no case of {unit} is overdue on {today.isoformat()}" if known else f"unknown unit {unit}"
        super().__init__(what)
        self.unit, self.today, self.known = unit, today, known


@dataclass(frozen=True)
class Reminder:
    """A reminder written: where, for which unit, how many cases."""

    path: Path
    unit: str
    count: int
    new_due: date


def default_new_due(today: date, is_working_day: WorkingDayTest) -> date:
    """Today plus :data:`NEW_DUE_WORKING_DAYS` working days."""
    return add_working_days(today, NEW_DUE_WORKING_DAYS, is_working_day)


def reminder_file(out_dir: Path, unit_code: str, today: date) -> Path:
    """``催办通知-<unit>-<date>.pdf`` in ``out_dir`` (the code made safe as a file name)."""
    safe = unit_code.replace("/", "_").replace("\\", "_")
    return out_dir / Path(f"催办通知-{safe}-{today.isoformat()}.pdf").name


def overdue_cases(store: CaseStore, unit_code: str, today: date) -> list[Case]:
    """The unit's cases overdue on ``today`` (a page at a time from the store)."""
    return list(store.each(CaseQuery(unit=unit_code, overdue_on=today), page_size=PAGE))


def write_reminder(
    store: CaseStore,
    *,
    unit_code: str,
    unit_name: str | None,
    letterhead: Letterhead,
    today: date,
    new_due: date,
    office_dir: Path,
    to: Path | None = None,
) -> Reminder:
    """Write the reminder for ``unit_code`` (``unit_name`` None: not a unit of the site config) 0600 and
    atomically into ``to`` or ``<office_dir>/out``; :class:`NothingOverdue` when there is nothing to remind of."""
    if unit_name is None:
        raise NothingOverdue(unit_code, today, known=False)
    cases = overdue_cases(store, unit_code, today)
    if not cases:
        raise NothingOverdue(unit_code, today, known=True)
    data = reminder_pdf(unit_name, cases, letterhead=letterhead, today=today, new_due=new_due)
    path = reminder_file(ensure_private_dir(to if to is not None else office_dir / OUT_DIR), unit_code, today)
    write_atomic(path, data)
    return Reminder(path, unit_name, len(cases), new_due)
