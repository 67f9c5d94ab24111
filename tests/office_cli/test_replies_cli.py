"""``reception replies import``: a real reply spreadsheet (header on row 3, a merged title, merged dates,
serial-number and text dates, full-width case numbers, an empty row), previewed, refused whole for one bad
row, applied in one transaction when fixed; CSV in UTF-8 with a BOM and in GBK; the clerk checked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from reception_tui.domain.followup import CaseState, Outcome, Step, StepKind
from reception_tui.office.model import Case, StoreConflict
from reception_tui.office.replies import normalise_case_number, outcome_words, parse_date, parse_outcome
from reception_tui.office.store import CaseStore
from tests.office_cli.conftest import NOW, assert_masked, visitor_of

Cli = Callable[..., tuple[int, str, str]]
HEADER = ["登记编号", "答复日期", "办理结果分类", "答复摘要", "承办单位", "答复人"]


def _wide(text: str) -> str:
    """ASCII letters, digits and marks typed as full-width characters."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def _rows(cases: list[Case]) -> list[list[Any]]:
    """Ten replies written as clerks write them."""
    dates: list[Any] = [
        _serial(date(2026, 11, 24)), "2026/11/25", "2026年11月26日", datetime(2026, 11, 26, 9, 30), "2026-11-27",
        "２０２６－１１－２８", date(2026, 11, 29), "2026.11.30", "2026-12-01", "20261201",
    ]  # fmt: skip
    classes = ["A", "b", "C类", "Ｄ", "已经解决或基本解决", "B类（正在解决）", "A", "B", "C", "D"]
    rows = []
    for index, case in enumerate(cases[:10]):
        number = case.desk.case_number
        typed = _wide(number) if index == 2 else (f" {number[:4]} {number[4:]} " if index == 3 else number)
        rows.append([typed, dates[index], classes[index], f"第{index + 1}件已办理",
                     "QZF" if index == 1 else ("西湖区人民政府办公室" if index == 5 else "西湖区人民政府"), "张科长"])
    return rows


def _xlsx(path: Path, rows: list[list[Any]], *, merge_dates: bool = False) -> Path:
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "各承办单位答复汇总表（2026年11月）"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "填表说明：每件一行"
    sheet.append(HEADER)  # row 3
    for index, row in enumerate(rows):
        sheet.append(row)
        if index == 4:
            sheet.append([None] * 6)  # an empty row in the middle
    if merge_dates:  # rows 4 and 5 share one merged date cell (the value is in the top cell)
        sheet["B5"] = None
        sheet.merge_cells("B4:B5")
    book.save(path)
    return path


def _state(store: CaseStore, case: Case) -> CaseState:
    return store.get(case.case_id).state


def test_one_bad_row_is_named_and_nothing_is_applied_then_the_fixed_sheet_applies_all(
    store: CaseStore, transferred: list[Case], imported: Path, tmp_path: Path, cli: Cli
) -> None:
    rows = _rows(transferred)
    bad = [row[:] for row in rows]
    bad[6][1] = "2026-13-01"  # row 3 + 7 = spreadsheet row 10 (after the empty row 9)
    sheet = _xlsx(tmp_path / "答复.xlsx", bad, merge_dates=True)
    args = ("replies", "import", str(sheet), "--office-dir", str(imported), "--clerk", "王芳")
    code, out, err = cli(*args)
    assert code == 1
    assert "答复.xlsx 第 11 行 B 答复日期 列，“2026-13-01”：不是日期" in out, out
    assert "9 行可以登记答复，1 处有问题" in out and "请改正答复表" in err
    code, out, err = cli(*args, "--apply")
    assert code == 1 and "全部未登记" in err
    assert all(_state(store, case) is CaseState.TRANSFERRED for case in transferred)
    assert all(len(store.timeline(case.case_id)) == 1 for case in transferred)

    sheet = _xlsx(tmp_path / "答复.xlsx", rows, merge_dates=True)
    code, out, err = cli(*args)
    assert code == 0, out + err
    for case in transferred[:10]:
        assert f"{case.desk.case_number}  已交办 → 已答复" in out
    assert "加 --apply" in out
    assert all(_state(store, case) is CaseState.TRANSFERRED for case in transferred)  # a preview changes nothing
    code, out, err = cli(*args, "--apply")
    assert code == 0, out + err
    assert "已登记 10 件答复" in out
    expected = [
        (date(2026, 11, 24), "A"), (date(2026, 11, 24), "B"), (date(2026, 11, 26), "C"), (date(2026, 11, 26), "D"),
        (date(2026, 11, 27), "A"), (date(2026, 11, 28), "B"), (date(2026, 11, 29), "A"), (date(2026, 11, 30), "B"),
        (date(2026, 12, 1), "C"), (date(2026, 12, 1), "D"),
    ]  # fmt: skip
    for index, case in enumerate(transferred[:10]):
        saved = store.get(case.case_id)
        assert saved.state is CaseState.REPLIED and saved.revision == case.revision + 1
        assert (saved.followup.replied_on, saved.followup.outcome) == (expected[index][0], Outcome(expected[index][1]))
        reply = store.timeline(case.case_id)[-1]
        assert reply.step.kind is StepKind.REPLY and reply.step.clerk == "王芳"
        assert reply.step.data["summary"] == f"第{index + 1}件已办理" and reply.state_after is CaseState.REPLIED
    assert all(_state(store, case) is CaseState.TRANSFERRED for case in transferred[10:])
    code, out, _ = cli(*args)  # the same sheet again: every case is replied now
    assert code == 1 and out.count("不在等待单位答复") == 10


def test_every_kind_of_bad_row_is_named_with_what_to_do(
    store: CaseStore, transferred: list[Case], imported: Path, tmp_path: Path, cli: Cli
) -> None:
    named = [case for case in transferred if len(str(visitor_of(store, case).get("name") or "")) >= 2]
    sixth = named[0]
    first, second, third, fourth, fifth = [case for case in transferred if case is not sixth][:5]
    replied = store.apply(first.case_id, Step(StepKind.REPLY, "王芳", NOW, {"on": date(2026, 11, 24),
                          "outcome": "A", "summary": "已办"}), revision=first.revision)  # fmt: skip
    visitor = visitor_of(store, sixth)
    rows = [
        ["BSJD-19990101-999", "2026-11-25", "A", "无此件"],
        [replied.desk.case_number, "2026-11-25", "A", "已答复过"],
        [second.desk.case_number, "2026-11-25", "E", "分类不对"],
        [third.desk.case_number, "", "A", "没有日期"],
        [fourth.desk.case_number, "2026-11-25", "A", ""],
        [fifth.desk.case_number, "2026-11-20", "A", "早于交办日期"],
        [sixth.desk.case_number, "2026-11-25", "A", f"已联系{visitor['name']}本人"],
        [sixth.desk.case_number, "2026-11-25", "A", "又写一遍"],
    ]
    sheet = tmp_path / "bad.xlsx"
    book = Workbook()
    book.active.append(["登记编号", "答复日期", "办理结果分类", "答复摘要"])
    for row in rows:
        book.active.append(row)
    book.save(sheet)
    code, out, err = cli("replies", "import", str(sheet), "--office-dir", str(imported), "--clerk", "王芳",
                         "--apply", lang="en")  # fmt: skip
    assert code == 1 and "nothing was recorded" in err
    lines = [line for line in out.splitlines() if "bad.xlsx row" in line]
    assert any("row 2 column A 登记编号" in line and "no case has the number BSJD-19990101-999" in line
               for line in lines)  # fmt: skip
    assert any("row 3 column A" in line and "not waiting for a unit's reply" in line for line in lines)
    assert any("row 4 column C 办理结果分类, “E”" in line and "must be A, B, C, D" in line for line in lines)
    assert any("row 5 column B 答复日期" in line and "no reply date" in line for line in lines)
    assert any("row 6 column D 答复摘要" in line and "no reply summary" in line for line in lines)
    assert any("row 7 column B 答复日期" in line for line in lines)  # before the transfer: the rules refuse it
    assert any("row 8 column D 答复摘要" in line for line in lines)  # the visitor's name in the summary
    assert any("row 9 column A" in line and "same case number as row 8" in line for line in lines)
    assert len(lines) == 8
    assert_masked(out + err, visitor)
    for case in (second, third, fourth, fifth, sixth):
        assert _state(store, case) is CaseState.TRANSFERRED


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_a_csv_from_a_chinese_excel_or_with_a_bom(
    store: CaseStore, transferred: list[Case], imported: Path, tmp_path: Path, cli: Cli, encoding: str
) -> None:
    lines = ["答复汇总,,,", ",,,", "登记编号,答复日期,办理结果分类,答复摘要,承办单位"]
    lines += [
        f"{_wide(transferred[0].desk.case_number)},2026/11/25,B类,已列入计划,西湖区人民政府",
        f"{transferred[1].desk.case_number},2026年11月26日,已经解决或基本解决,路灯已修复,QZF",
        ",,,,",
    ]
    path = tmp_path / "replies.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    code, out, err = cli("replies", "import", str(path), "--office-dir", str(imported), "--clerk", "李强", "--apply")
    assert code == 0, out + err
    assert store.get(transferred[0].case_id).followup.outcome is Outcome.B
    second = store.get(transferred[1].case_id)
    assert second.followup.outcome is Outcome.A and second.followup.replied_on == date(2026, 11, 26)
    assert store.timeline(second.case_id)[-1].step.clerk == "李强"


def test_a_unit_that_is_not_the_cases_unit_is_a_bad_row(
    store: CaseStore, transferred: list[Case], imported: Path, tmp_path: Path, cli: Cli
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"登记编号,答复日期,办理结果分类,答复摘要,承办单位\n{transferred[0].desk.case_number},2026-11-25,A,好,"
                    "区交通局\n", encoding="utf-8")  # fmt: skip
    code, out, _ = cli("replies", "import", str(path), "--office-dir", str(imported), "--clerk", "王芳")
    assert code == 1 and "E 承办单位" in out and "承办单位与交办的单位" in out


def test_the_clerk_must_be_one_of_the_office(store: CaseStore, transferred: list[Case], imported: Path,
                                             tmp_path: Path, cli: Cli) -> None:  # fmt: skip
    (imported / "office.yaml").write_text("clerks: [王芳, 李强]\n", encoding="utf-8")
    sheet = _xlsx(tmp_path / "r.xlsx", _rows(transferred)[:2])
    code, _, err = cli("replies", "import", str(sheet), "--office-dir", str(imported), "--clerk", "赵六", "--apply")
    assert code == 2 and "赵六" in err and "王芳、李强" in err
    assert all(_state(store, case) is CaseState.TRANSFERRED for case in transferred)
    code, _, err = cli("replies", "import", str(sheet), "--office-dir", str(imported), "--clerk", "李强", "--apply")
    assert code == 0, err


def test_a_file_that_cannot_be_used_says_why(imported: Path, tmp_path: Path, cli: Cli) -> None:
    no_header = tmp_path / "x.csv"
    no_header.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    code, _, err = cli("replies", "import", str(no_header), "--office-dir", str(imported), "--clerk", "王芳",
                       lang="en")  # fmt: skip
    assert code == 1 and "no header row in the first 10 rows" in err and len(err.strip().splitlines()) == 1
    damaged = tmp_path / "x.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    code, _, err = cli("replies", "import", str(damaged), "--office-dir", str(imported), "--clerk", "王芳")
    assert code == 1 and "无法读取" in err
    code, _, err = cli("replies", "import", str(tmp_path / "missing.xlsx"), "--office-dir", str(imported),
                       "--clerk", "王芳")  # fmt: skip
    assert code == 2


def test_apply_many_saves_all_or_nothing(store: CaseStore, transferred: list[Case]) -> None:
    def reply(case: Case, summary: str = "已办") -> tuple[str, Step, int]:
        return case.case_id, Step(StepKind.REPLY, "王芳", NOW, {"on": date(2026, 11, 25), "outcome": "A",
                                                               "summary": summary}), case.revision  # fmt: skip

    stale = (transferred[3].case_id, reply(transferred[3])[1], transferred[3].revision - 1)
    with pytest.raises(StoreConflict):
        store.apply_many([reply(transferred[0]), reply(transferred[1]), stale, reply(transferred[4])])
    assert all(_state(store, case) is CaseState.TRANSFERRED for case in transferred)
    assert store.db.scalar("SELECT COUNT(*) FROM case_steps WHERE kind = 'reply'") == 0
    saved = store.apply_many([reply(case) for case in transferred[:3]])
    assert [case.state for case in saved] == [CaseState.REPLIED] * 3
    assert all(_state(store, case) is CaseState.REPLIED for case in transferred[:3])


def test_a_kill_half_way_through_the_transaction_leaves_nothing(
    store: CaseStore, transferred: list[Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = store._save_step
    calls = []

    def dies_on_the_fifth(case_id: str, step: Step, revision: int) -> Case:
        calls.append(case_id)
        if len(calls) == 5:
            raise KeyboardInterrupt  # as a kill in the middle of the batch
        return original(case_id, step, revision)

    monkeypatch.setattr(store, "_save_step", dies_on_the_fifth)
    data = {"on": date(2026, 11, 25), "outcome": "A", "summary": "已办"}
    items = [(c.case_id, Step(StepKind.REPLY, "王芳", NOW, data), c.revision) for c in transferred]
    with pytest.raises(KeyboardInterrupt):
        store.apply_many(items)
    assert all(_state(store, case) is CaseState.TRANSFERRED for case in transferred)


def test_cell_readers() -> None:
    serial = _serial(date(2026, 11, 23))
    assert parse_date(serial) == date(2026, 11, 23) and parse_date(serial + 0.5) == date(2026, 11, 23)
    assert parse_date(str(serial)) == date(2026, 11, 23) and serial == 46349
    for text in ("2026-12-03", "2026/12/3", "2026年12月3日", "２０２６年１２月３日", "2026.12.03", "20261203",
                 " 2026-12-03 00:00:00 "):  # fmt: skip
        assert parse_date(text) == date(2026, 12, 3), text
    for text in ("", "2026-13-01", "明天", "12/3/2026", "0"):
        assert parse_date(text) is None, text
    words = outcome_words({Outcome.A: "已办结解决"})
    for text, outcome in (("A", Outcome.A), ("ｂ", Outcome.B), ("C类", Outcome.C), ("D 留作参考", Outcome.D),
                          ("正在解决或已列入计划逐步解决", Outcome.B), ("已办结解决", Outcome.A),
                          ("Solved or mostly solved", None)):  # fmt: skip
        assert parse_outcome(text, words) in ((outcome,) if outcome else (None, Outcome.A)), text
    assert parse_outcome("E", words) is None and parse_outcome("Apple", words) is None
    assert normalise_case_number(" ｂｓｊｄ－２０２６ 1120-001 ") == "BSJD-20261120-001"
