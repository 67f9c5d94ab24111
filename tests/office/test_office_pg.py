"""The office store on PostgreSQL under faults and concurrency: a backend killed in the middle of a step, two
clerks' processes saving the same case at once, two imports of overlapping sticks at once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reception_tui.domain.followup import CaseKind, CaseState, Step, StepKind
from reception_tui.exchange.errors import ExchangeError
from reception_tui.exchange.office_import import import_files
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.i18n import describe
from reception_tui.office.db import Database, DatabaseError
from reception_tui.office.model import CaseQuery
from reception_tui.office.store import CaseStore
from tests.conftest import REPO_ROOT
from tests.exchange.conftest import Laptop
from tests.exchange.helpers import Clock
from tests.office.conftest import NOW, import_into
from tests.pg_server import kill_backend

pytestmark = pytest.mark.postgres


@pytest.fixture
def office_db(postgres_db: str) -> str:
    """These tests are about PostgreSQL only."""
    return postgres_db


def _transfer(clerk: str, slip: str) -> Step:
    return Step(StepKind.TRANSFER, clerk, NOW, {"unit": "QZF", "slip_number": slip, "on": date(2026, 11, 23)})


def _a_transfer_case(store: CaseStore) -> Any:
    return next(c for c in store.query(CaseQuery(), limit=500).cases if c.kind is CaseKind.TRANSFER)


@pytest.mark.parametrize("cut_before", ["INSERT INTO case_steps", "COMMIT"])
def test_a_backend_killed_mid_step_keeps_nothing_says_so_and_a_rerun_completes(
    store: CaseStore,
    imported: Path,
    open_store: Callable[[Path], CaseStore],
    office_db: str,
    monkeypatch: pytest.MonkeyPatch,
    cut_before: str,
) -> None:
    case = _a_transfer_case(store)
    real_execute = Database.execute
    cut: list[int] = []

    def cutting_execute(self: Database, statement: str, params: Any = ()) -> Any:
        if self is store.db and statement.startswith(cut_before) and not cut:
            pid = self.backend_pid
            assert pid is not None
            cut.append(pid)
            kill_backend(office_db, pid)  # the server side of the connection goes, as in a restart
        return real_execute(self, statement, params)

    monkeypatch.setattr(Database, "execute", cutting_execute)
    with pytest.raises(DatabaseError) as caught:
        store.apply(case.case_id, _transfer("王芳", "ZB-1"), revision=1)
    assert caught.value.key == "office.db.connection_lost"
    assert "run it again" in str(caught.value) and cut
    other = open_store(imported)  # another clerk: the step is not there, not half there
    assert other.get(case.case_id).revision == 1 and other.timeline(case.case_id) == []
    # the same store, the clerk's rerun: the connection is opened again and the step completes
    saved = store.apply(case.case_id, _transfer("王芳", "ZB-1"), revision=1)
    assert store.db.backend_pid != cut[0]
    [entry] = other.timeline(case.case_id)
    assert saved.revision == entry.revision == 2 and other.get(case.case_id).state is CaseState.TRANSFERRED


_CLERK = """
import sys, time
from datetime import date, datetime
from pathlib import Path

from reception_tui.config import load_config, sample_config_path
from reception_tui.domain.followup import Step, StepKind
from reception_tui.office.db import Database
from reception_tui.office.model import StoreConflict
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import open_case_store

office, url, case_id, clerk = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
go, hold = Path(sys.argv[5]), float(sys.argv[6])
execute = Database.execute

def holding_execute(self, statement, params=()):
    result = execute(self, statement, params)
    if statement.startswith("UPDATE cases SET kind") and hold:
        time.sleep(hold)  # keep the row locked while the other clerk's save arrives
    return result

Database.execute = holding_execute
now = datetime.fromisoformat("2026-11-27T10:00:00+08:00")
store = open_case_store(office, OfficeSettings(office_db=url), load_config(sample_config_path()), now=lambda: now)
seen = store.get(case_id)  # both clerks opened the case at revision 1
go.with_name(f"ready-{clerk}").touch()
while not go.exists():
    time.sleep(0.01)
step = Step(StepKind.TRANSFER, clerk, now, {"unit": "QZF", "slip_number": clerk, "on": date(2026, 11, 23)})
try:
    store.apply(case_id, step, revision=seen.revision)
except StoreConflict as conflict:
    print("conflict", conflict.current.revision, conflict.since[0].step.clerk)
else:
    print("saved")
"""


@pytest.mark.parametrize("hold", [0.0, 1.0])
def test_two_clerks_processes_saving_one_case_at_once_one_wins_the_other_gets_the_conflict(
    store: CaseStore, imported: Path, office_db: str, tmp_path: Path, hold: float
) -> None:
    case = _a_transfer_case(store)
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    clerks = [
        subprocess.Popen(
            [sys.executable, "-c", _CLERK, str(imported), office_db, case.case_id, name, str(go), str(hold)],
            env=env,
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("王芳", "李强")
    ]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{name}").exists() for name in ("王芳", "李强")):  # both opened the case
        assert time.monotonic() < deadline and all(clerk.poll() is None for clerk in clerks)
        time.sleep(0.02)
    go.touch()
    outputs = [clerk.communicate(timeout=120)[0].strip() for clerk in clerks]
    assert all(clerk.returncode == 0 for clerk in clerks), outputs
    assert sorted(o.split()[0] for o in outputs) == ["conflict", "saved"], outputs
    winner = ("王芳", "李强")[[o.split()[0] for o in outputs].index("saved")]
    loser_says = next(o for o in outputs if o.startswith("conflict")).split()
    assert loser_says[1:] == ["2", winner]  # the conflict names the saved revision and who saved it
    [entry] = store.timeline(case.case_id)  # one step, the winner's: no lost update, no double step
    after = store.get(case.case_id)
    assert entry.step.clerk == winner and after.revision == 2 and after.followup.slip_number == winner


_IMPORTER = """
import sys
from pathlib import Path
from reception_tui.exchange.office_import import import_files
from tests.exchange.helpers import Clock

stick, office, url, go = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
while not go.exists():
    pass
report = import_files([stick], office, now=Clock(), office_db=url)
print(report.exit_code, sum(1 for o in report.outcomes if o.status == "imported"), len(report.outcomes))
"""


def test_two_imports_of_overlapping_sticks_at_once_store_each_file_once(
    make_laptop: Callable[..., Laptop], office_dir: Path, office_db: str, tmp_path: Path
) -> None:
    laptops = [make_laptop(name, visitors=3, seed=seed, sessions=5) for name, seed in (("a", 41), ("b", 42))]
    files = [r.path for n, laptop in enumerate(laptops) for r in laptop.export(tmp_path / f"all-{n}")]
    # the devices are known (trusted by a first import of one file of each)
    import_into(office_dir, [files[0], files[-1]], office_db)
    sticks = [tmp_path / "stick1", tmp_path / "stick2"]
    for stick, chosen in zip(sticks, (files[: len(files) * 2 // 3], files[len(files) // 3 :]), strict=True):
        stick.mkdir()
        for path in chosen:
            shutil.copy2(path, stick / path.name)
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    importers = [
        subprocess.Popen(
            [sys.executable, "-c", _IMPORTER, str(stick), str(office_dir), office_db, str(go)],
            env=env,
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for stick in sticks
    ]
    time.sleep(1.0)
    go.touch()
    outputs = [importer.communicate(timeout=180)[0].split() for importer in importers]
    assert all(importer.returncode == 0 for importer in importers) and all(o[0] == "0" for o in outputs), outputs
    # each file imported by exactly one of them; the other found it there (unchanged)
    assert sum(int(o[1]) for o in outputs) == len(files) - 2, outputs
    with OfficeStore(office_dir, office_db) as store:
        assert store.file_count() == len(files)
        assert store.db.scalar("SELECT COUNT(DISTINCT file_sha256) FROM files") == len(files)
        on_pg = {s.session_id: s.records for s in store.sessions()}
    # the same files imported one by one into SQLite give the same sessions
    alone = tmp_path / "alone"
    shutil.copytree(office_dir, alone, ignore=shutil.ignore_patterns("office.sqlite3*", "acknowledgements*"))
    import_into(alone, files)
    with OfficeStore(alone) as store:
        assert {s.session_id: s.records for s in store.sessions()} == on_pg


def test_an_import_cut_mid_file_keeps_whole_files_only_says_so_and_a_rerun_completes(
    make_laptop: Callable[..., Laptop], office_dir: Path, office_db: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    laptop = make_laptop("a", visitors=3, seed=43, sessions=4)
    files = [r.path for r in laptop.export(tmp_path / "stick")]
    real_execute = Database.execute
    seen: list[int] = []

    def cutting_execute(self: Database, statement: str, params: Any = ()) -> Any:
        if statement.startswith("INSERT INTO files"):
            seen.append(1)
            if len(seen) == 3:  # the third file: its session row is written, its file row not yet
                pid = self.backend_pid
                assert pid is not None
                kill_backend(office_db, pid)
        return real_execute(self, statement, params)

    monkeypatch.setattr(Database, "execute", cutting_execute)
    with pytest.raises(ExchangeError) as caught:
        import_files([tmp_path / "stick"], office_dir, trust_new_devices=True, now=Clock(), office_db=office_db)
    assert "connection to the office database" in describe(caught.value, "en")
    monkeypatch.setattr(Database, "execute", real_execute)
    with OfficeStore(office_dir, office_db) as store:
        assert store.file_count() == 2  # the two committed files, whole; nothing of the third
        sessions_without_file = store.db.scalar(
            "SELECT COUNT(*) FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.session_id = s.session_id)"
        )
        assert sessions_without_file == 0
    report = import_files([tmp_path / "stick"], office_dir, trust_new_devices=True, now=Clock(), office_db=office_db)
    assert report.exit_code == 0 and [o.status for o in report.outcomes].count("imported") == len(files) - 2
    with OfficeStore(office_dir, office_db) as store:
        assert store.file_count() == len(files) and len(list(store.sessions())) == len(files)
