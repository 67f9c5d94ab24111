"""The ledger at the office: masked by default in CSV, XLSX and JSON, with the follow-up columns; full
personal data only with --with-personal-data, a named clerk and a reason, one logged reveal per case."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from reception_tui.domain.followup import Step, StepKind
from reception_tui.domain.masking import mask_name, mask_phone
from reception_tui.office.ledger import FOLLOWUP_COLUMNS
from reception_tui.office.model import Case, CaseQuery, RevealField
from reception_tui.office.store import CaseStore
from tests.office_cli.conftest import NOW, assert_masked, visitor_of

Cli = Callable[..., tuple[int, str, str]]
FOLLOWUP_HEADINGS = [
    "办理状态", "交办单位", "交办日期", "应答复日期", "答复日期", "办理结果", "满意度", "办结日期", "轮次",
]  # fmt: skip


def _texts(folder: Path, name: str) -> dict[str, str]:
    csv_text = (folder / f"{name}.csv").read_bytes().decode("utf-8-sig")
    json_text = (folder / f"{name}.json").read_text(encoding="utf-8")
    cells = [str(c.value) for row in load_workbook(folder / f"{name}.xlsx").active.iter_rows() for c in row if c.value]
    return {"csv": csv_text, "json": json_text, "xlsx": "\n".join(cells)}


def _write(cli: Cli, office: Path, folder: Path, name: str, *extra: str) -> list[tuple[int, str, str]]:
    return [cli("ledger", "--office-dir", str(office), "--out", str(folder / f"{name}.{fmt}"), *extra)
            for fmt in ("csv", "xlsx", "json")]  # fmt: skip


def test_the_ledger_is_masked_by_default_and_carries_the_follow_up(
    store: CaseStore, transferred: list[Case], imported: Path, tmp_path: Path, cli: Cli
) -> None:
    replied = transferred[0]
    store.apply(replied.case_id, Step(StepKind.REPLY, "王芳", NOW, {"on": date(2026, 11, 25), "outcome": "B",
                "summary": "已列入计划"}), revision=replied.revision)  # fmt: skip
    for code, out, err in _write(cli, imported, tmp_path, "masked"):
        assert code == 0, err
        assert "个人信息已遮盖" in out
    texts = _texts(tmp_path, "masked")
    cases = store.query(CaseQuery(), limit=500).cases
    named = [visitor_of(store, case) for case in cases]
    for fmt, text in texts.items():
        for visitor in named:
            assert_masked(text, visitor)
            if len(visitor.get("name") or "") >= 2:
                assert mask_name(visitor["name"]) in text, fmt
            if visitor.get("phone"):
                assert mask_phone(visitor["phone"]) in text, fmt
        for heading in FOLLOWUP_HEADINGS:
            assert heading in text, (fmt, heading)
    rows = {row["issue_id"]: row for row in json.loads(texts["json"])["rows"]}
    assert len(rows) == len(cases)
    row = rows[replied.case_id]
    assert (row["followup_state"], row["followup_unit"], row["transferred_on"], row["replied_on"], row["outcome"],
            row["round"]) == ("已答复", "西湖区人民政府", "2026-11-23", "2026-11-25", "B类", "1")  # fmt: skip
    assert row["due_on"] and set(FOLLOWUP_COLUMNS) <= set(row)
    assert store.reveal_log() == []


def test_personal_data_only_for_a_named_clerk_with_a_reason_and_logged_per_case(
    store: CaseStore, transferred: list[Case], imported: Path, tmp_path: Path, cli: Cli
) -> None:
    (imported / "office.yaml").write_text("clerks: [王芳, 李强]\n", encoding="utf-8")
    out = str(tmp_path / "full.json")
    code, _, err = cli("ledger", "--office-dir", str(imported), "--out", out, "--with-personal-data")
    assert code == 2 and "--reason" in err
    code, _, err = cli("ledger", "--office-dir", str(imported), "--out", out, "--with-personal-data",
                       "--clerk", "赵六", "--reason", "报送主系统")  # fmt: skip
    assert code == 2 and "王芳、李强" in err
    code, _, err = cli("ledger", "--office-dir", str(imported), "--out", out, "--clerk", "王芳")
    assert code == 2
    assert store.reveal_log() == [] and not Path(out).exists()

    code, stdout, err = cli("ledger", "--office-dir", str(imported), "--out", out, "--with-personal-data",
                            "--clerk", "王芳", "--reason", "报送主系统")  # fmt: skip
    assert code == 0, err
    text = Path(out).read_text(encoding="utf-8")
    cases = store.query(CaseQuery(), limit=500).cases
    with_visitor = [case for case in cases if case.desk.visitor_id]
    for case in with_visitor:
        visitor = visitor_of(store, case)
        for key in ("name", "phone"):
            if visitor.get(key):
                assert visitor[key] in text
    log = store.reveal_log()
    assert f"{len(log)} 件事项记录查看" in stdout
    assert sorted(entry.case_id for entry in log) == sorted(case.case_id for case in with_visitor)
    for entry in log:
        assert entry.clerk == "王芳" and entry.reason == "报送主系统" and entry.purpose == "ledger"
        assert entry.fields == (RevealField.NAME, RevealField.PHONE, RevealField.ADDRESS)
    # the log holds no values
    rows = store.db.fetchall("SELECT at, clerk, case_id, visitor_id, fields, reason, note, purpose FROM reveals")
    log_text = repr(rows)
    for case in with_visitor:
        assert_masked(log_text, visitor_of(store, case))


def test_the_import_ledger_is_masked_too(
    make_laptop: Callable[..., object], office_dir: Path, tmp_path: Path, cli: Cli
) -> None:
    laptop = make_laptop("a", visitors=3, seed=61)
    laptop.export(tmp_path / "stick")  # type: ignore[attr-defined]
    sheet = tmp_path / "台账.json"
    code, _, err = cli("import", str(tmp_path / "stick"), "--office-dir", str(office_dir), "--trust-new-devices",
                       "--ledger", str(sheet))  # fmt: skip
    assert code == 0, err
    rows = json.loads(sheet.read_text(encoding="utf-8"))["rows"]
    state = laptop.data.read(laptop.session_folders()[0])  # type: ignore[attr-defined]
    text = sheet.read_text(encoding="utf-8")
    for visitor in state.visitors:
        if len(visitor.name or "") >= 2:
            assert visitor.name not in text
        if visitor.phone:
            assert visitor.phone not in text
    assert all(row["followup_state"] for row in rows)


def test_the_xlsx_reopens_with_the_csvs_rows(
    store: CaseStore, transferred: list[Case], imported: Path, tmp_path: Path, cli: Cli
) -> None:
    for code, _, err in _write(cli, imported, tmp_path, "same"):
        assert code == 0, err
    with (tmp_path / "same.csv").open(encoding="utf-8-sig", newline="") as stream:
        expected = [[cell[1:] if cell.startswith("'") else cell for cell in row] for row in csv.reader(stream)]
    workbook = load_workbook(tmp_path / "same.xlsx")
    sheet = workbook.active
    found = [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]
    assert found == expected and len(found) == len(store.query(CaseQuery(), limit=500).cases) + 1
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert all(cell.number_format == "@" and cell.data_type == "s" for cell in sheet[2] if cell.value)
    document = json.loads((tmp_path / "same.json").read_text(encoding="utf-8"))
    assert [column["heading"] for column in document["columns"]] == expected[0]
    assert [[row[column["key"]] for column in document["columns"]] for row in document["rows"]] == [
        [cell for cell in row] for row in found[1:]
    ]
