"""``reception cases`` and ``reception case`` on a real office folder: filters in the database, masked
output aligned for Chinese, stable JSON, the timeline, numbers given twice, unknown numbers."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from reception_tui.cli.commands._case_view import display_width, fit
from reception_tui.domain.followup import CaseState, Step, StepKind
from reception_tui.office.model import Case, CaseQuery
from reception_tui.office.store import CaseStore
from tests.office_cli.conftest import NOW, TRANSFERRED_ON, assert_masked, transfer, transferable, visitor_of

Cli = Callable[..., tuple[int, str, str]]
KEYS = {
    "case_id", "case_number", "state", "status", "unit", "due_on", "overdue", "outcome", "satisfaction", "round",
    "day", "site_code", "category", "district", "visitor_masked", "source_changed",
}  # fmt: skip


def _json(out: str) -> list[dict[str, object]]:
    document = json.loads(out)
    assert isinstance(document, list)
    return document


def test_the_list_is_masked_aligned_and_complete(store: CaseStore, imported: Path, cli: Cli) -> None:
    cases = store.query(CaseQuery(), limit=500).cases
    code, out, err = cli("cases", "--office-dir", str(imported))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("登记编号") and "状态" in lines[0]
    body = lines[1:-1]
    assert len(body) == len(cases) and f"共 {len(cases)} 件" in lines[-1]
    for case in cases:
        assert_masked(out, visitor_of(store, case))
        if case.desk.visitor_masked:
            assert case.desk.visitor_masked in out
        if case.desk.phone_last4:
            assert f"****{case.desk.phone_last4}" in out
    # the state column starts at the same terminal column on every line, whatever the Chinese before it
    starts = set()
    for line in body:
        number = line.split()[0]
        starts.add(display_width(line[: line.index(number) + len(number)]) + (24 - display_width(number)))
    assert starts == {24}
    assert display_width("已交办") == 6 and display_width(fit("反馈选民测评办结", 10)) == 10
    assert fit("张*明", 6) == "张*明 " and fit("abcdefgh", 5) == "abcd…"


def test_filters_run_in_the_database(store: CaseStore, imported: Path, cli: Cli) -> None:
    waiting = transferable(store)
    one = transfer(store, waiting[0], due=date(2026, 11, 25))  # due before today (2026-12-02): overdue
    transferred = [one, *(transfer(store, case, "QZF") for case in waiting[1:])]
    base = ("cases", "--office-dir", str(imported), "--json")

    def numbers(*extra: str) -> set[str]:
        code, out, err = cli(*base, *extra)
        assert code == 0, err
        return {str(row["case_number"]) for row in _json(out)}

    every = {c.desk.case_number for c in transferred}
    assert numbers("--state", "transferred,extended") == every
    assert numbers("--state", "已交办", "--state", "已延期") == every
    assert numbers("--due-soon") == set()
    assert numbers("--state", "settled") == {c.desk.case_number for c in store.query(
        CaseQuery(states=(CaseState.SETTLED,)), limit=500).cases}  # fmt: skip
    assert numbers("--unit", "QZF") == every and numbers("--unit", "NOPE") == set()
    assert numbers("--overdue") == {one.desk.case_number}
    assert numbers("--search", one.desk.case_number) == {one.desk.case_number}
    assert numbers("--from", "2026-11-21") == set() and len(numbers("--to", "2026-11-20")) > len(every)
    district = one.desk.district
    assert one.desk.case_number in numbers("--district", district)
    settled = {c.desk.case_number for c in store.query(CaseQuery(states=(CaseState.SETTLED,)), limit=500).cases}
    assert numbers("--waiting-survey") <= settled and numbers("--waiting-survey")
    assert len(numbers("--limit", "3")) == 3
    _, out, _ = cli(*base, "--overdue")
    (row,) = _json(out)
    assert set(row) == KEYS and row["overdue"] is True and row["state"] == "transferred" and row["unit"] == "QZF"
    assert row["visitor_masked"] == one.desk.visitor_masked and row["due_on"] == "2026-11-25"
    assert cli("cases", "--office-dir", str(imported), "--state", "nonsense")[0] == 2
    assert cli("cases", "--office-dir", str(imported), "--from", "2026-13-01")[0] == 2


def test_an_empty_result_is_valid_json_and_a_missing_folder_one_line(imported: Path, tmp_path: Path, cli: Cli) -> None:
    code, out, _ = cli("cases", "--office-dir", str(imported), "--json", "--unit", "NOPE")
    assert code == 0 and json.loads(out) == []
    code, _, err = cli("cases", "--office-dir", str(tmp_path / "nowhere"), lang="en")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "does not exist" in err
    empty = tmp_path / "empty-office"
    empty.mkdir()
    code, _, err = cli("case", "X-1", "--office-dir", str(empty), lang="en")
    assert code == 2 and "reception import" in err


def test_the_case_shows_its_fields_and_whole_timeline(
    store: CaseStore, transferred: list[Case], imported: Path, cli: Cli
) -> None:
    case = transferred[0]
    reply = Step(StepKind.REPLY, "李强", NOW, {"on": TRANSFERRED_ON, "outcome": "B", "summary": "已列入明年计划"})
    store.apply(case.case_id, reply, revision=case.revision)
    visitor = visitor_of(store, case)
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in case.desk.case_number)
    code, out, err = cli("case", f" {wide} ", "--office-dir", str(imported))
    assert code == 0, err
    assert case.desk.case_number in out and "已答复" in out and "B类" in out
    assert "办理经过（2 步）" in out
    assert "交办  王芳" in out and "答复  李强" in out and "已列入明年计划" in out and "2026-11-23" in out
    assert_masked(out, visitor)
    code, out, err = cli("case", case.desk.case_number, "--office-dir", str(imported), "--json", lang="en")
    assert code == 0, err
    document = json.loads(out)
    assert KEYS <= set(document["case"]) and document["case"]["state"] == "replied"
    assert [(e["kind"], e["clerk"], e["state_after"]) for e in document["timeline"]] == [
        ("transfer", "王芳", "transferred"), ("reply", "李强", "replied")]  # fmt: skip
    assert document["timeline"][1]["data"] == {"on": "2026-11-23", "outcome": "B", "summary": "已列入明年计划"}
    assert_masked(out, visitor)
    code, out, err = cli("case", case.desk.case_number, "--office-dir", str(imported), lang="en")
    assert "Timeline (2 step(s))" in out and "Reply" in out


def test_an_unknown_number_and_a_number_given_twice(
    store: CaseStore, transferred: list[Case], imported: Path, cli: Cli
) -> None:
    code, out, err = cli("case", "BSJD-19990101-999", "--office-dir", str(imported))
    assert code == 1 and out == "" and "没有登记编号为 BSJD-19990101-999 的事项" in err
    first, second = transferred[:2]
    store.db.execute("UPDATE cases SET case_number = ? WHERE case_id = ?", (first.desk.case_number, second.case_id))
    code, _, err = cli("case", first.desk.case_number, "--office-dir", str(imported), lang="en")
    assert code == 1 and "choose one with --id" in err
    assert first.case_id in err and second.case_id in err
    code, out, err = cli("case", first.desk.case_number, "--office-dir", str(imported), "--id", second.case_id,
                         "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["case"]["case_id"] == second.case_id
    code, _, err = cli("case", first.desk.case_number, "--office-dir", str(imported), "--id", "nope")
    assert code == 1


def test_the_commands_in_a_subprocess(
    store: CaseStore, transferred: list[Case], imported: Path, run_cli: Callable[..., object]
) -> None:
    result = run_cli("--lang", "en", "cases", "--office-dir", str(imported), "--json", "--state", "transferred")
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    rows = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert {r["case_number"] for r in rows} == {c.desk.case_number for c in transferred}
    number = transferred[0].desk.case_number
    result = run_cli("case", number, "--office-dir", str(imported))
    assert result.returncode == 0 and number in result.stdout and "交办" in result.stdout  # type: ignore[attr-defined]
    assert transferable(store) == []
