"""Every command that reads the office store works on PostgreSQL (``--office-db`` or office.yaml's ``office_db``):
``ledger`` (masked and with personal data), ``import --ledger``, ``lookup``, ``export-status``, ``cases``, ``case``,
``office remind``, and none of them creates or reads an ``office.sqlite3`` in the office folder."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import orjson
import pytest

from reception_tui.cli import main
from reception_tui.domain.followup import CaseKind, Step, StepKind
from reception_tui.exchange.keys import OfficeKey
from reception_tui.exchange.office_store import STORE_FILE
from reception_tui.office.model import CaseQuery
from reception_tui.office.store import CaseStore
from tests.exchange.conftest import Laptop
from tests.office.conftest import NOW

pytestmark = pytest.mark.postgres

CLERKS = "clerks: [王芳, 李强]\n"


@pytest.fixture
def office_db(postgres_db: str) -> str:
    """These tests are about PostgreSQL only."""
    return postgres_db


def run(*args: str) -> int:
    return main(["--lang", "en", *args])


def _cases(store: CaseStore) -> list[str]:
    return [case.desk.case_number for case in store.query(CaseQuery(), limit=500).cases]


def test_the_ledger_reads_the_server_masked_or_with_personal_data_logged(
    store: CaseStore, imported: Path, office_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (imported / "office.yaml").write_text(CLERKS, encoding="utf-8")
    numbers = _cases(store)
    out = tmp_path / "ledger.csv"
    assert run("ledger", "--office-dir", str(imported), "--office-db", office_db, "--out", str(out)) == 0
    assert f"{len(numbers)} row(s)" in capsys.readouterr().out
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == len(numbers) + 1
    assert not (imported / STORE_FILE).exists()
    state = orjson.loads(store.db.scalar("SELECT state FROM sessions"))
    phones = [v["phone"] for v in state["visitors"] if v.get("phone")]
    assert phones and not any(phone in out.read_text(encoding="utf-8-sig") for phone in phones)
    # with personal data: full values and one reveal per case, on the server's log
    (imported / "office.yaml").write_text(f"{CLERKS}office_db: {office_db}\n", encoding="utf-8")
    full = tmp_path / "full.csv"
    assert run("ledger", "--office-dir", str(imported), "--out", str(full), "--with-personal-data",
               "--clerk", "王芳", "--reason", "转办单位需要联系") == 0  # fmt: skip
    assert any(phone in full.read_text(encoding="utf-8-sig") for phone in phones)
    assert {entry.purpose for entry in store.reveal_log()} == {"ledger"}
    assert not (imported / STORE_FILE).exists()


def test_import_with_a_ledger_writes_it_from_the_server(
    imported: Path, office_db: str, laptop: Laptop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(result.path) for result in laptop.export(tmp_path / "again")]
    out = tmp_path / "import-ledger.csv"
    code = run("import", *paths, "--office-dir", str(imported), "--office-db", office_db, "--trust-new-devices",
               "--ledger", str(out))  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) > 10
    assert not (imported / STORE_FILE).exists()


def test_lookup_finds_a_case_number_on_the_server(
    store: CaseStore, imported: Path, office_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    number = _cases(store)[0]
    assert run("lookup", number, "--office-dir", str(imported), "--office-db", office_db, "--json") == 0
    found = json.loads(capsys.readouterr().out)
    assert number in json.dumps(found, ensure_ascii=False)
    (imported / "office.yaml").write_text(f"office_db: {office_db}\n", encoding="utf-8")
    assert run("lookup", number, "--office-dir", str(imported)) == 0
    assert not (imported / STORE_FILE).exists()


def test_export_status_cases_case_and_remind_read_the_server(
    store: CaseStore, imported: Path, office_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in store.query(CaseQuery(), limit=500).cases if c.kind is CaseKind.TRANSFER)
    store.apply(case.case_id, Step(StepKind.TRANSFER, "王芳", NOW, {"unit": "QZF", "slip_number": "9",
                "on": date(2026, 11, 23), "due": date(2026, 11, 30)}), revision=case.revision)  # fmt: skip
    total = len(_cases(store))
    OfficeKey.create(imported)
    stick = tmp_path / "status"
    stick.mkdir()
    assert run("export-status", "--office-dir", str(imported), "--office-db", office_db, "--out", str(stick)) == 0
    assert f"{total}" in capsys.readouterr().out
    (status,) = stick.glob("reception-status-*.json")
    assert case.desk.case_number in status.read_text(encoding="utf-8")
    assert run("cases", "--office-dir", str(imported), "--office-db", office_db, "--json", "--limit", "500") == 0
    listed = json.loads(capsys.readouterr().out)
    assert case.desk.case_number in json.dumps(listed, ensure_ascii=False)
    assert run("case", case.desk.case_number, "--office-dir", str(imported), "--office-db", office_db) == 0
    assert case.desk.case_number in capsys.readouterr().out
    assert run("office", "remind", "--office-dir", str(imported), "--office-db", office_db, "--unit", "QZF",
               "--to", str(tmp_path)) == 0  # fmt: skip
    assert "1 overdue" in capsys.readouterr().out
    assert not (imported / STORE_FILE).exists()
