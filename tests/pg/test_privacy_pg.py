"""The privacy commands on PostgreSQL (issue 17 with issue 13): ``retention --apply`` and ``erase --apply`` on the
store ``--office-db`` (or office.yaml's ``office_db``) names leave no byte of the person's data in any text or bytea
column of any table of the database, nor anywhere under the office folder; the reveal and privacy logs hold no
personal value; a subject-access export gathers every case of the person and no one else's."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import orjson
import psycopg
import pytest

from reception_tui.cli import main
from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.office_store import STORE_FILE
from reception_tui.office.erasure import ERASE, RETENTION, SUBJECT_ACCESS, privacy_log
from reception_tui.office.model import RevealField
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import CaseStore, open_case_store
from tests.exchange.helpers import Clock
from tests.exchange.leftovers import encodings, find_personal_data
from tests.office.conftest import NOW, import_into
from tests.office_privacy.conftest import Office, Person, cases_of, close_cases_of, office_template  # noqa: F401

pytestmark = pytest.mark.postgres

CLERKS = "clerks: [王芳, 李强]\nretention_years: 3\n"


def run(*args: str) -> int:
    return main(["--lang", "en", *args])


@pytest.fixture
def pg_office(office_template: Office, tmp_path: Path, postgres_db: str) -> Office:  # noqa: F811
    """The privacy tests' office (the same two people), imported into a fresh PostgreSQL database: the office
    folder holds only what an office on a server keeps there (keys, office.yaml, documents, out/, quarantine)."""
    stick = tmp_path / "stick"
    shutil.copytree(office_template.stick, stick)
    folder = tmp_path / "office"
    folder.mkdir()
    import_into(folder, sorted(stick.glob("reception_2*.json")), postgres_db)
    assert not (folder / STORE_FILE).exists()
    return Office(folder, office_template.laptop, *(Person(p.name, p.phone, p.address, list(p.visitor_ids),
                  list(p.texts)) for p in (office_template.a, office_template.b)), stick)  # fmt: skip


@pytest.fixture
def pg_store(pg_office: Office, postgres_db: str, sample_config: SiteConfig) -> Iterator[CaseStore]:
    store = open_case_store(pg_office.folder, OfficeSettings(office_db=postgres_db), sample_config, now=Clock(NOW))
    store.sync()
    yield store
    store.close()


def values_of(person: Person) -> list[str]:
    """The name, the phone as stored and as bare digits, the address, the issues' own words, summaries, places."""
    return list(dict.fromkeys([*person.values, re.sub(r"\D", "", person.phone)]))


def database_hits(url: str, values: list[str]) -> list[tuple[str, str, str]]:
    """Every (table, column, value) where a value is stored in any text-like or bytea column of any table of the
    database's public schema, in any of the encodings a file could hold it in."""
    hits: list[tuple[str, str, str]] = []
    with psycopg.connect(url, autocommit=True) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ).fetchall()
        for table, column, data_type in columns:
            if data_type not in ("text", "character varying", "character", "bytea", "json", "jsonb"):
                continue
            rows = conn.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL').fetchall()
            for (raw,) in rows:
                data = bytes(raw) if data_type == "bytea" else str(raw).encode("utf-8")
                for value in values:
                    if any(form in data for form in encodings(value)):
                        hits.append((table, column, value))
    return sorted(set(hits))


def text_columns_scanned(url: str) -> set[str]:
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type IN ('text', 'bytea')"
        ).fetchall()
    return {table for (table,) in rows}


def test_retention_apply_on_postgresql_leaves_no_byte_in_the_database_or_the_folder(
    pg_office: Office, pg_store: CaseStore, postgres_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (pg_office.folder / "office.yaml").write_text(CLERKS, encoding="utf-8")
    office, store = pg_office, pg_store
    close_cases_of(store, office.a)
    a_cases = cases_of(store, office.a)
    a_case = store.get(a_cases[0])
    store.add_document(
        a_case.case_id, f"{office.a.name}答复.txt", f"{office.a.name}同志：已疏通".encode(), clerk="王芳"
    )
    (office.folder / "out").mkdir()
    (office.folder / "out" / "cover.csv").write_text(f"{a_case.desk.case_number},{office.a.address}\n", "utf-8")
    store.reveal(a_case.case_id, [RevealField.NAME, RevealField.PHONE], clerk="王芳", reason="回访")
    a_values, b_values = values_of(office.a), values_of(office.b)
    assert {"sessions", "cases", "documents"} <= {table for table, _, _ in database_hits(postgres_db, a_values)}
    assert find_personal_data(office.folder, a_values) != []
    args = ["office", "retention", "--office-dir", str(office.folder), "--office-db", postgres_db,
            "--today", "2029-11-22"]  # fmt: skip

    assert run(*args) == 0  # the dry run reads the server's cases, changes nothing
    out = capsys.readouterr().out
    assert "Dry run" in out and a_case.desk.case_number in out
    assert not any(value in out for value in a_values)
    assert {"sessions", "cases", "documents"} <= {table for table, _, _ in database_hits(postgres_db, a_values)}

    assert run(*args, "--apply", "--clerk", "王芳") == 0
    assert "Removed" in capsys.readouterr().out
    assert database_hits(postgres_db, a_values) == []
    assert find_personal_data(office.folder, a_values) == []
    assert not (office.folder / STORE_FILE).exists()  # the command did not fall back to the folder's SQLite file
    # B (a case still open) keeps every value; the anonymised cases stay for the reports
    assert {table for table, _, _ in database_hits(postgres_db, b_values)} >= {"sessions", "cases"}
    assert {store.get(case_id).followup.closed_on for case_id in a_cases} == {close_day(store, a_cases)}
    (entry,) = privacy_log(store)
    assert entry.action == RETENTION and entry.clerk == "王芳" and sorted(entry.case_ids) == a_cases
    logs = [repr(entry), *(repr(reveal) for reveal in store.reveal_log())]
    assert not any(value in text for value in [*a_values, *b_values] for text in logs)
    assert {"reveals", "privacy_log"} <= text_columns_scanned(postgres_db)
    assert run(*args) == 0 and "No personal data to remove" in capsys.readouterr().out


def close_day(store: CaseStore, case_ids: list[str]) -> object:
    (day,) = {store.get(case_id).followup.closed_on for case_id in case_ids}
    return day


def test_erase_through_office_yaml_on_postgresql_leaves_no_byte_in_the_database_or_the_folder(
    pg_office: Office, pg_store: CaseStore, postgres_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    office, store = pg_office, pg_store
    (office.folder / "office.yaml").write_text(f"{CLERKS}office_db: {postgres_db}\n", encoding="utf-8")
    b_cases = cases_of(store, office.b)
    before = {case_id: store.get(case_id) for case_id in b_cases}
    b_values, a_values = values_of(office.b), values_of(office.a)
    assert database_hits(postgres_db, b_values) != []
    args = ["office", "erase", office.b.phone, "--office-dir", str(office.folder), "--clerk", "李强",
            "--request", "删除申请2026-3号"]  # fmt: skip
    assert run(*args) == 0
    assert "Dry run" in capsys.readouterr().out
    assert run(*args, "--apply") == 0
    assert "Removed" in capsys.readouterr().out

    assert database_hits(postgres_db, b_values) == []
    assert find_personal_data(office.folder, b_values) == []
    assert not (office.folder / STORE_FILE).exists()
    assert {table for table, _, _ in database_hits(postgres_db, a_values)} >= {"sessions", "cases"}
    for case_id, was in before.items():
        now = store.get(case_id)
        assert now.desk.case_number == was.desk.case_number and now.followup == was.followup
        assert now.desk.visitor_masked == "" and not now.source_changed
    (entry,) = privacy_log(store)
    assert entry.action == ERASE and entry.reference == "删除申请2026-3号" and sorted(entry.case_ids) == b_cases
    assert not any(value in repr(entry) for value in b_values)
    assert run(*args) == 1  # no longer found
    # a re-import of the same exports keeps the person blank
    import_into(office.folder, sorted(office.stick.glob("reception_2*.json")), postgres_db)
    assert store.sync().changed == 0
    assert database_hits(postgres_db, b_values) == []


def test_subject_access_on_postgresql_gathers_every_case_of_the_person_and_no_one_elses(
    pg_office: Office, pg_store: CaseStore, postgres_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office, store = pg_office, pg_store
    (office.folder / "office.yaml").write_text(CLERKS, encoding="utf-8")
    a_cases, b_cases = cases_of(store, office.a), cases_of(store, office.b)
    assert len(office.a.visitor_ids) == 2 and a_cases
    numbers = {case_id: store.get(case_id).desk.case_number for case_id in [*a_cases, *b_cases]}
    out = tmp_path / "answer"
    assert (
        run(
            "office",
            "subject-access",
            "+86 １３９ １２３４ ５６７８",
            "--office-dir",
            str(office.folder),
            "--office-db",
            postgres_db,
            "--out",
            str(out),
            "--clerk",
            "王芳",
            "--reason",
            "申请书2026-07号",
        )
        == 0
    )
    assert "2 visitor records" in capsys.readouterr().out
    document = orjson.loads((tmp_path / "answer.json").read_bytes())
    people = document["people"]
    assert sorted((p["session_id"], p["visitor_id"]) for p in people) == sorted(office.a.visitor_ids)
    assert sorted(case["case_id"] for p in people for case in p["cases"]) == a_cases
    assert {p["phone"] for p in people} == {office.a.phone}
    raw = (tmp_path / "answer.json").read_text(encoding="utf-8")
    for value in (*values_of(office.b), *(numbers[c] for c in b_cases)):
        assert value not in raw
    reveals = [entry for entry in store.reveal_log() if entry.purpose == SUBJECT_ACCESS]
    assert sorted(entry.case_id for entry in reveals) == a_cases
    (entry,) = privacy_log(store)
    assert entry.action == SUBJECT_ACCESS and sorted(entry.case_ids) == a_cases
    # the logs on the server hold no personal value
    assert not {table for table, _, _ in database_hits(postgres_db, values_of(office.a))} & {"reveals", "privacy_log"}
    assert not (office.folder / STORE_FILE).exists()


def test_the_privacy_commands_report_an_unreachable_server(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "office"
    folder.mkdir()
    url = f"postgresql:///nowhere?host={tmp_path}"
    assert run("office", "retention", "--office-dir", str(folder), "--office-db", url) == 1
    assert "nowhere" in capsys.readouterr().err
    assert not (folder / STORE_FILE).exists()


def test_erase_on_postgresql_also_cleans_the_folder_copy_left_by_migrate(
    office_template: Office,  # noqa: F811
    tmp_path: Path,
    postgres_db: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An office that moved its SQLite store to PostgreSQL with ``office migrate`` still has ``office.sqlite3`` in
    its folder, holding every person's data: an erasure on the server cleans that copy too (every copy), and says
    so; the other person stays in both."""
    folder = tmp_path / "office"
    shutil.copytree(office_template.folder, folder)
    (folder / "office.yaml").write_text(CLERKS, encoding="utf-8")
    b_values, a_values = values_of(office_template.b), values_of(office_template.a)
    assert run("office", "migrate", "--from", str(folder), "--to", postgres_db) == 0
    assert (folder / STORE_FILE).exists() and find_personal_data(folder, b_values) != []
    capsys.readouterr()
    args = ["office", "erase", office_template.b.phone, "--office-dir", str(folder), "--office-db", postgres_db,
            "--clerk", "李强", "--request", "删除申请2026-4号", "--apply"]  # fmt: skip
    assert run(*args) == 0
    out = capsys.readouterr().out
    assert "still holds the SQLite store" in out and str(folder / STORE_FILE) in out
    assert database_hits(postgres_db, b_values) == []
    assert find_personal_data(folder, b_values) == []
    assert database_hits(postgres_db, a_values) != [] and find_personal_data(folder, a_values) != []
