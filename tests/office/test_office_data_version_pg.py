"""``data_version`` on PostgreSQL (schema v4): one read of one row, changed by an import another process commits and
by a step another clerk saves, only once the writer commits, and not by reads."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reception_tui.domain.followup import CaseKind, Step, StepKind
from reception_tui.office.db import Database
from reception_tui.office.model import CaseQuery
from reception_tui.office.schema import DATA_VERSION_TABLE, LATEST
from reception_tui.office.store import CaseStore
from tests.conftest import REPO_ROOT
from tests.exchange.conftest import Laptop
from tests.office.conftest import NOW
from tests.office.test_office_store import _change_summary

pytestmark = pytest.mark.postgres


@pytest.fixture
def office_db(postgres_db: str) -> str:
    """These tests are about PostgreSQL only."""
    return postgres_db


def _transfer(clerk: str) -> Step:
    return Step(StepKind.TRANSFER, clerk, NOW, {"unit": "QZF", "slip_number": "7", "on": date(2026, 11, 23)})


def test_data_version_is_one_read_of_one_row(store: CaseStore, monkeypatch: pytest.MonkeyPatch) -> None:
    assert store.db.scalar("SELECT MAX(version) FROM office_schema") == LATEST >= 4
    seen: list[str] = []
    real = Database.execute

    def spy(self: Database, statement: str, params: Any = ()) -> Any:
        seen.append(statement)
        return real(self, statement, params)

    monkeypatch.setattr(Database, "execute", spy)
    version = store.data_version()
    assert len(seen) == 1 and DATA_VERSION_TABLE in seen[0]
    for table in ("cases", "case_steps", "sessions", "files"):
        assert f" {table}" not in seen[0]
    monkeypatch.undo()
    plan = "\n".join(row[0] for row in store.db.fetchall(f"EXPLAIN SELECT version FROM {DATA_VERSION_TABLE}"))
    assert "cases" not in plan and "sessions" not in plan
    store.query(CaseQuery(), limit=50)
    store.counts(NOW.date())
    assert store.data_version() == version  # reads change nothing


def test_a_step_another_clerk_saves_changes_it_only_when_committed(
    store: CaseStore, imported: Path, open_store: Callable[[Path], CaseStore]
) -> None:
    other = open_store(imported)
    case = next(c for c in store.query(CaseQuery(), limit=500).cases if c.kind is CaseKind.TRANSFER)
    start = store.data_version()
    with other.db.transaction():
        other._save_step(case.case_id, _transfer("李强"), case.revision)
        assert store.data_version() == start  # not committed yet: the poller must not see a number without rows
    after = store.data_version()
    assert after == start + 1  # once per transaction, however many rows it wrote
    assert store.get(case.case_id).revision == case.revision + 1
    store.acknowledge(case.case_id, "王芳")  # this store's own write counts too
    assert store.data_version() == after + 1


def test_an_import_by_another_process_changes_it(
    store: CaseStore, imported: Path, laptop: Laptop, tmp_path: Path, office_db: str
) -> None:
    case = next(c for c in store.query(CaseQuery(), limit=500).cases if c.kind is CaseKind.TRANSFER)
    _change_summary(laptop, case.case_id, "新的摘要")
    paths = [str(result.path) for result in laptop.export(tmp_path / "again")]
    start = store.data_version()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "reception_tui", "--lang", "en", "import", *paths, "--office-dir", str(imported),
         "--office-db", office_db, "--trust-new-devices"],
        env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    changed = store.data_version()
    assert changed > start
    store.sync()  # the workbench syncs when the number moved; the sync's own commit moves it once more
    assert store.data_version() == changed + 1
    assert store.get(case.case_id).desk.summary == "新的摘要"
