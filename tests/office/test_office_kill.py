"""A clerk's save killed with SIGKILL in the middle of its transaction leaves the case as it was: the case
row and its steps always agree (one step, one transaction)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from reception_tui.domain.followup import CaseKind, CaseState, Step, StepKind
from reception_tui.office.model import CaseQuery
from reception_tui.office.store import CaseStore
from tests.conftest import REPO_ROOT
from tests.office.conftest import NOW

_CHILD = """
import sys, time
from datetime import date, datetime
from pathlib import Path

from reception_tui.config import load_config, sample_config_path
from reception_tui.domain.followup import Step, StepKind
from reception_tui.office.db import Database
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import open_case_store

office, case_id, pause_after, marker = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
office_db = sys.argv[5] or None
execute = Database.execute

def slow_execute(self, statement, params=()):
    result = execute(self, statement, params)
    if statement.startswith(pause_after):
        marker.write_text("in the middle")
        time.sleep(60)
    return result

Database.execute = slow_execute
now = datetime.fromisoformat("2026-11-27T10:00:00+08:00")
store = open_case_store(office, OfficeSettings(office_db=office_db), load_config(sample_config_path()), now=lambda: now)
step = Step(StepKind.TRANSFER, "王芳", now, {"unit": "QZF", "slip_number": "ZB-9", "on": date(2026, 11, 23)})
store.apply(case_id, step, revision=1)
"""


@pytest.mark.parametrize("pause_after", ["UPDATE cases SET kind", "INSERT INTO case_steps"])
def test_a_save_killed_half_way_leaves_no_half_step(
    store: CaseStore,
    imported: Path,
    open_store: Callable[[Path], CaseStore],
    tmp_path: Path,
    pause_after: str,
    office_db: str | None,
) -> None:
    case = next(c for c in store.query(CaseQuery(), limit=500).cases if c.kind is CaseKind.TRANSFER)
    marker = tmp_path / "marker"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(imported), case.case_id, pause_after, str(marker), office_db or ""],
        env=env,
        cwd=REPO_ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the child ended before reaching the statement"
            assert time.monotonic() < deadline, "the child never reached the statement"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    after = open_store(imported)
    stored = after.get(case.case_id)
    assert stored.revision == 1 and stored.state is CaseState.AWAITING_TRANSFER and after.timeline(case.case_id) == []
    # the lock died with the process: the next save goes through, and row and steps agree
    saved = after.apply(
        case.case_id,
        Step(StepKind.TRANSFER, "李强", NOW, {"unit": "QZJJ", "slip_number": "ZB-10", "on": date(2026, 11, 24)}),
        revision=1,
    )
    [entry] = after.timeline(case.case_id)
    assert saved.revision == entry.revision == 2 and entry.state_after is saved.state is CaseState.TRANSFERRED
