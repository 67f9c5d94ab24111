"""The store's bulk reveal log (one transaction, no values); the reply and ledger commands in a subprocess."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reception_tui.domain.errors import ValidationFailed
from reception_tui.domain.followup import CaseState
from reception_tui.office.model import Case, CaseQuery, RevealField
from reception_tui.office.store import CaseStore
from tests.office_cli.conftest import assert_masked, visitor_of


def test_log_reveals_writes_one_entry_per_case_without_values(store: CaseStore) -> None:
    cases = [case for case in store.query(CaseQuery(), limit=500).cases if case.desk.visitor_id][:5]
    fields = (RevealField.NAME, RevealField.PHONE, RevealField.NAME)
    written = store.log_reveals([(c.case_id, c.desk.visitor_id) for c in cases], fields, clerk=" 王芳 ",
                                reason="报送主系统", purpose="ledger")  # fmt: skip
    assert written == 5
    log = store.reveal_log()
    assert [entry.case_id for entry in log] == [case.case_id for case in cases]
    assert {(e.clerk, e.reason, e.purpose, e.fields) for e in log} == {
        ("王芳", "报送主系统", "ledger", (RevealField.NAME, RevealField.PHONE))}  # fmt: skip
    rows = repr(store.db.fetchall("SELECT * FROM reveals"))
    for case in cases:
        assert_masked(rows, visitor_of(store, case))
    assert store.log_reveals([], fields, clerk="王芳", reason="x") == 0
    with pytest.raises(ValidationFailed):
        store.log_reveals([(cases[0].case_id, cases[0].desk.visitor_id)], fields, clerk="王芳", reason=" ")
    assert len(store.reveal_log()) == 5


def test_replies_and_ledger_in_a_subprocess(
    store: CaseStore, transferred: list[Case], imported: Path, tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    path = tmp_path / "replies.csv"
    path.write_bytes(f"登记编号,答复日期,办理结果分类,答复摘要\r\n{transferred[0].desk.case_number},2026/11/25,A,已修复\r\n"
                     .encode("gbk"))  # fmt: skip
    result = run_cli("--lang", "en", "replies", "import", str(path), "--office-dir", str(imported), "--clerk", "王芳")
    assert result.returncode == 0, result.stderr
    assert "Transferred → Replied" in result.stdout and "add --apply" in result.stdout
    result = run_cli("replies", "import", str(path), "--office-dir", str(imported), "--clerk", "王芳", "--apply")
    assert result.returncode == 0, result.stderr
    assert store.get(transferred[0].case_id).state is CaseState.REPLIED
    out = tmp_path / "台账.json"
    result = run_cli("ledger", "--office-dir", str(imported), "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = {row["issue_id"]: row for row in json.loads(out.read_text(encoding="utf-8"))["rows"]}
    assert rows[transferred[0].case_id]["outcome"] == "A类"
    assert_masked(out.read_text(encoding="utf-8"), visitor_of(store, transferred[0]))
