"""The person's rights: a subject-access export holds every case of the person and no one else's (not the visitor
who shares the surname and the phone's last four digits), the reveals are logged; an erasure leaves no byte of
the person under the office folder and keeps the anonymised cases; the privacy log holds no personal value."""

from __future__ import annotations

import io
import re
import stat
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from pypdf import PdfReader

from reception_tui.cli import main
from reception_tui.office.erasure import ERASE, SUBJECT_ACCESS, find_person, privacy_log
from reception_tui.office.store import CaseStore
from tests.exchange.leftovers import find_personal_data
from tests.office.conftest import import_into
from tests.office_privacy.conftest import Office, cases_of, state_of

SETTINGS = "clerks: [王芳, 李强]\n"


def run(*args: str) -> int:
    return main(["--lang", "en", *args])


def pdf_text(path: Path) -> str:
    return re.sub(
        r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    )


def test_find_person_by_normalised_phone_or_exact_name(office: Office, open_store: Callable[[Path], CaseStore]) -> None:
    store = open_store(office.folder)
    store.sync()
    a = sorted(office.a.visitor_ids)
    assert [(k.session_id, k.visitor_id) for k in find_person(store, "+86 １３９ １２３４ ５６７８")] == a
    assert [(k.session_id, k.visitor_id) for k in find_person(store, office.a.name)] == a
    assert [(k.session_id, k.visitor_id) for k in find_person(store, office.b.phone)] == office.b.visitor_ids
    assert find_person(store, "欧阳") == [] and find_person(store, "5678") == [] and find_person(store, " ") == []


def test_subject_access_holds_every_case_of_the_person_and_no_one_elses(
    office: Office, open_store: Callable[[Path], CaseStore], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (office.folder / "office.yaml").write_text(SETTINGS, encoding="utf-8")
    store = open_store(office.folder)
    store.sync()
    a_cases, b_cases = cases_of(store, office.a), cases_of(store, office.b)
    numbers = {case_id: store.get(case_id).desk.case_number for case_id in [*a_cases, *b_cases]}
    out = tmp_path / "answer"
    args = ["--office-dir", str(office.folder), "--out", str(out), "--clerk", "王芳", "--reason", "申请书2026-07号"]
    assert run("office-privacy", "subject-access", "+86 １３９ １２３４ ５６７８", *args) == 0
    assert "2 visitor records" in capsys.readouterr().out
    json_path, pdf_path = tmp_path / "answer.json", tmp_path / "answer.pdf"
    for path in (json_path, pdf_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = orjson.loads(json_path.read_bytes())
    people = document["people"]
    assert sorted((p["session_id"], p["visitor_id"]) for p in people) == sorted(office.a.visitor_ids)
    assert {p["name"] for p in people} == {office.a.name} and {p["phone"] for p in people} == {office.a.phone}
    assert {p["address"] for p in people} == {office.a.address}
    got = sorted(case["case_id"] for p in people for case in p["cases"])
    assert got == a_cases
    texts = {case["own_words"] for p in people for case in p["cases"]} | {
        case["summary"] for p in people for case in p["cases"]
    }
    assert {text for text in office.a.texts if "第" in text and "楼下" not in text} <= texts
    raw = json_path.read_text(encoding="utf-8")
    for value in (office.b.name, office.b.phone, office.b.address, *office.b.texts, *(numbers[c] for c in b_cases)):
        assert value not in raw
    text = pdf_text(pdf_path)
    assert office.a.name in text and office.a.phone in text
    assert all(numbers[case_id] in text for case_id in a_cases)
    assert not any(numbers[case_id] in text for case_id in b_cases)
    assert office.b.name not in text and office.b.phone not in text
    # one reveal per case, before anything was read, and a line in the privacy log
    reveals = [entry for entry in store.reveal_log() if entry.purpose == SUBJECT_ACCESS]
    assert sorted(entry.case_id for entry in reveals) == a_cases
    assert {entry.clerk for entry in reveals} == {"王芳"} and {entry.reason for entry in reveals} == {"申请书2026-07号"}
    (entry,) = privacy_log(store)
    assert entry.action == SUBJECT_ACCESS and sorted(entry.case_ids) == a_cases
    assert not any(value in repr(entry) for value in office.a.values)
    # by exact name: the same records
    assert run("office-privacy", "subject-access", office.a.name, *args[:2], "--out", str(tmp_path / "by_name"),
               "--clerk", "李强", "--reason", "x") == 0  # fmt: skip
    by_name = orjson.loads((tmp_path / "by_name.json").read_bytes())
    assert sorted(case["case_id"] for p in by_name["people"] for case in p["cases"]) == a_cases
    # a clerk not in office.yaml is refused, nothing written
    assert run("office-privacy", "subject-access", office.a.name, *args[:2], "--out", str(tmp_path / "no"),
               "--clerk", "张三", "--reason", "x") == 2  # fmt: skip
    assert not (tmp_path / "no.json").exists()


def test_erase_leaves_no_byte_of_the_person_and_keeps_the_anonymised_cases(
    office: Office, open_store: Callable[[Path], CaseStore], capsys: pytest.CaptureFixture[str]
) -> None:
    (office.folder / "office.yaml").write_text(SETTINGS, encoding="utf-8")
    store = open_store(office.folder)
    store.sync()
    b_cases = cases_of(store, office.b)
    b_rows = {c: store.get(c) for c in b_cases}
    args = ["--office-dir", str(office.folder), "--clerk", "李强", "--request", "删除申请2026-3号"]
    assert run("office-privacy", "erase", office.b.name, *args) == 0
    out = capsys.readouterr().out
    assert "Dry run" in out and not any(value in out for value in office.b.values)
    assert find_personal_data(office.folder, [office.b.name]) != []
    assert run("office-privacy", "erase", office.b.name, *args, "--apply") == 0
    assert "Removed" in capsys.readouterr().out

    assert find_personal_data(office.folder, office.b.values) == []
    assert {path.name for path, _ in find_personal_data(office.folder, [office.a.name, office.a.phone])} >= {
        "office.sqlite3"
    }
    for case_id, before in b_rows.items():
        after = store.get(case_id)
        assert after.desk.case_number == before.desk.case_number and after.desk.category == before.desk.category
        assert after.followup == before.followup and after.revision == before.revision
        assert after.desk.visitor_masked == "" and after.desk.summary == "" and not after.source_changed
    session_id, visitor_id = office.b.visitor_ids[0]
    assert state_of(store, session_id)["erased_visitors"] == [visitor_id]
    (entry,) = privacy_log(store)
    assert entry.action == ERASE and entry.reference == "删除申请2026-3号" and entry.clerk == "李强"
    assert sorted(entry.case_ids) == b_cases and not any(value in repr(entry) for value in office.b.values)
    # the person is no longer found; a re-export of the session (unchanged) keeps them blank
    assert run("office-privacy", "erase", office.b.name, *args) == 1
    import_into(office.folder, office.export_again("again"))
    assert store.sync().changed == 0
    assert find_personal_data(office.folder, office.b.values) == []


def test_the_privacy_log_is_append_only(office: Office, open_store: Callable[[Path], CaseStore]) -> None:
    store = open_store(office.folder)
    store.sync()
    assert run("office-privacy", "erase", office.b.phone, "--office-dir", str(office.folder), "--clerk", "王芳",
               "--request", "r", "--apply") == 0  # fmt: skip
    for statement in ("UPDATE privacy_log SET clerk = 'x'", "DELETE FROM privacy_log"):
        with pytest.raises(store.db.integrity_errors):
            store.db.execute(statement)
    assert len(privacy_log(store)) == 1
