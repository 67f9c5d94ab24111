"""Retention: a dry run changes nothing; applied, no byte of the due visitor's data is left anywhere under the
office folder (database, write-ahead log, documents, out/, quarantine), the anonymised cases stay for the
reports, another visitor's data stays, and a later export of the same session does not bring the data back."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reception_tui.cli import main
from reception_tui.domain.intake import IssueInput
from reception_tui.exchange.office_import import import_files
from reception_tui.exchange.office_store import STORE_FILE
from reception_tui.office.documents.render import Styles, build, para
from reception_tui.office.erasure import RETENTION, privacy_log
from reception_tui.office.retention import due_visitors, retention_cutoff
from reception_tui.office.store import CaseStore
from reception_tui.pdf.fonts import cjk_font_name
from reception_tui.services.desk import DeskService
from reception_tui.storage.session_store import SessionStore
from tests.exchange.helpers import Clock
from tests.exchange.leftovers import find_personal_data
from tests.office.conftest import import_into
from tests.office_privacy.conftest import CLOSED_ON, Office, cases_of, close_cases_of, state_of

SETTINGS = "clerks: [王芳, 李强]\nretention_years: 3\n"
REPORT_COLUMNS = "case_id, case_number, session_id, visitor_id, day, category, request_type, district, kind, state, " \
    "unit, outcome, satisfaction, closed_on, revision, source_changed"  # fmt: skip


def dump(folder: Path) -> list[str]:
    """Every row of the office database, as SQL (read through a separate connection)."""
    with sqlite3.connect(folder / STORE_FILE) as raw:
        return list(raw.iterdump())


def files_under(folder: Path, *names: str) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for name in names
        for path in sorted((folder / name).rglob("*"))
        if path.is_file()
    }


def report_rows(store: CaseStore) -> dict[str, tuple[Any, ...]]:
    return {row[0]: row for row in store.db.fetchall(f"SELECT {REPORT_COLUMNS} FROM cases")}


def leftovers(office: Office, store: CaseStore) -> tuple[str, str]:
    """Copies the removal must find: a kept reply document each, out/ files, a quarantined export; returns the
    numbers of one case of A and of B."""
    a_case, b_case = store.get(cases_of(store, office.a)[0]), store.get(cases_of(store, office.b)[0])
    store.add_document(
        a_case.case_id, f"{office.a.name}答复.txt", f"{office.a.name}同志：已疏通".encode(), clerk="王芳"
    )
    store.add_document(b_case.case_id, "答复.txt", f"{office.b.name}同志：正在办理".encode(), clerk="王芳")
    out = office.folder / "out"
    out.mkdir()
    (out / f"转办单_{a_case.desk.case_number}.txt").write_bytes(b"slip")
    styles = Styles(cjk_font_name(False))
    slip = build([para(f"登记编号 {a_case.desk.case_number} 来访人 {office.a.name}", styles.body)], title="转办单",
                 embed_font=False)  # fmt: skip
    (out / "slip.pdf").write_bytes(slip)
    (out / "cover.csv").write_text(f"{a_case.desk.case_number},{office.a.address}\n", encoding="utf-8")
    (out / "b.csv").write_text(f"{b_case.desk.case_number},{office.b.name}\n", encoding="utf-8")
    first = sorted(office.stick.glob("reception_2*.json"))[0]
    bad = office.stick.parent / "bad"
    bad.mkdir()
    data = first.read_bytes().replace(b'"export_sequence": ', b'"export_sequence": 9', 1)
    (bad / first.name).write_bytes(data)
    report = import_files([bad / first.name], office.folder, trust_new_devices=True, now=Clock())
    assert report.outcomes[0].quarantined is not None
    return a_case.desk.case_number, b_case.desk.case_number


def run(*args: str) -> int:
    return main(["--lang", "en", *args])


def test_retention_dry_run_then_apply_leaves_no_byte_of_the_due_visitor(
    office: Office, open_store: Callable[[Path], CaseStore], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (office.folder / "office.yaml").write_text(SETTINGS, encoding="utf-8")
    store = open_store(office.folder)
    close_cases_of(store, office.a)
    a_number, b_number = leftovers(office, store)
    a_cases, b_cases = cases_of(store, office.a), cases_of(store, office.b)
    b_values = [office.b.name, office.b.phone, office.b.address]
    assert {path.parent.name for path, _ in find_personal_data(office.folder, office.a.values)} >= {
        "office", "documents", "out", "quarantine",
    }  # fmt: skip
    before_rows = report_rows(store)
    before_dump = dump(office.folder)
    before_files = files_under(office.folder, "documents", "out", "quarantine")
    office_dir = str(office.folder)

    # not yet due: three years after closure is the cutoff day itself
    assert run("office-privacy", "retention", "--office-dir", office_dir, "--today", "2029-11-21") == 0
    assert "No personal data to remove" in capsys.readouterr().out
    # due the day after: the dry run lists the cases, no values, and changes nothing
    assert run("office-privacy", "retention", "--office-dir", office_dir, "--today", "2029-11-22") == 0
    out = capsys.readouterr().out
    assert "Dry run" in out and a_number in out and b_number not in out
    assert not any(value in out for value in office.a.values)
    assert dump(office.folder) == before_dump and files_under(office.folder, "documents", "out", "quarantine") == (
        before_files
    )
    # a clerk not in office.yaml cannot apply it
    assert run("office-privacy", "retention", "--office-dir", office_dir, "--today", "2029-11-22", "--apply",
               "--clerk", "张三") == 2  # fmt: skip
    assert dump(office.folder) == before_dump
    capsys.readouterr()

    assert run("office-privacy", "retention", "--office-dir", office_dir, "--today", "2029-11-22", "--apply",
               "--clerk", "王芳") == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Removed" in out and a_number in out

    assert find_personal_data(office.folder, office.a.values) == []
    assert (
        not (office.folder / f"{STORE_FILE}-wal").exists() or (office.folder / f"{STORE_FILE}-wal").stat().st_size == 0
    )
    kept = {path.name for path, _ in find_personal_data(office.folder, b_values)}
    assert STORE_FILE in kept and "b.csv" in kept
    # the reports' inputs: every case still there, A's with its numbers, category, outcome, closure
    after_rows = report_rows(store)
    assert after_rows == before_rows
    for case_id in a_cases:
        case = store.get(case_id)
        assert case.desk.visitor_masked == "" and case.desk.phone_last4 == "" and case.desk.summary == ""
        assert case.desk.own_words == "" and case.desk.place == "" and case.followup.closed_on == CLOSED_ON
        assert not case.source_changed
    assert store.db.scalar("SELECT COUNT(*) FROM cases WHERE search LIKE ?", (f"%{office.a.name}%",)) == 0
    assert {store.get(case_id).desk.visitor_masked for case_id in b_cases} == {"欧*丽"}
    assert store.sync().changed == 0
    # the document row stays for the record, its bytes and name go; B's stays whole
    (document,) = store.documents(a_cases[0])
    assert document.name == "" and not store.document_path(document.sha256).exists()
    (b_document,) = store.documents(b_cases[0])
    assert store.document_path(b_document.sha256).exists()
    # the state remembers the erased visitors
    for session_id, visitor_id in office.a.visitor_ids:
        assert visitor_id in state_of(store, session_id)["erased_visitors"]
    # the privacy log: who, what, which cases, counts; no personal value
    (entry,) = privacy_log(store)
    assert entry.action == RETENTION and entry.clerk == "王芳" and sorted(entry.case_ids) == a_cases
    assert entry.counts["visitors"] == 2 and entry.counts["cases"] == len(a_cases) and entry.counts["documents"] == 1
    assert entry.counts["out_files"] == 3 and entry.counts["quarantine_files"] == 2
    assert not any(value in repr(entry) for value in [*office.a.values, *b_values])
    # run again: nothing left to do
    assert run("office-privacy", "retention", "--office-dir", office_dir, "--today", "2029-11-22") == 0
    assert "No personal data to remove" in capsys.readouterr().out

    # the desk corrects one of A's issues and exports the session again: the office keeps it blank
    session_id, visitor_id = office.a.visitor_ids[0]
    folder = next(f for f in office.laptop.session_folders() if office.laptop.data.read(f).session.id == session_id)
    with SessionStore(folder) as session:
        desk = DeskService(session, office.laptop.config, operator="李婷", clock=office.laptop.clock)
        issue = session.issues(visitor_id)[0]
        corrected = f"{office.a.name}再次反映排水沟问题"
        data = IssueInput(category=issue.category, request_type=issue.request_type, place=issue.place,
                          own_words=corrected, summary=corrected, receiving_deputy=issue.receiving_deputy)  # fmt: skip
        desk.update_issue(issue.id, data, correction=True)
    import_into(office.folder, office.export_again("again"))
    store.sync()
    assert find_personal_data(office.folder, [*office.a.values, corrected]) == []
    assert {path.name for path, _ in find_personal_data(office.folder, b_values)} >= {STORE_FILE}
    assert report_rows(store).keys() == before_rows.keys()


def test_only_visitors_whose_every_case_is_due_are_chosen(
    office: Office, open_store: Callable[[Path], CaseStore]
) -> None:
    """A visitor record with a case still open is not due; the same person's other, closed record is."""
    store = open_store(office.folder)
    close_cases_of(store, office.a, only=office.a.visitor_ids[:1])
    assert retention_cutoff(date(2029, 11, 22), 3) == date(2026, 11, 22)
    assert retention_cutoff(date(2028, 2, 29), 3) == date(2025, 2, 28)
    due = {(key.session_id, key.visitor_id) for key in due_visitors(store, date(2026, 11, 22))}
    assert due == {office.a.visitor_ids[0]}
    assert due_visitors(store, CLOSED_ON) == []  # closed on the cutoff day itself: kept one more day
