"""``reception office migrate --from DIR --to postgresql://…``: an office folder's store, worked on, copied into
PostgreSQL, verified by counts and hashes, safe to rerun; the office then works on the server."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import psycopg

from reception_tui.domain.followup import CaseKind, Step, StepKind
from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.office.model import CaseQuery, RevealField
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import CaseStore, open_case_store
from tests.conftest import CliRunner
from tests.exchange.conftest import Laptop
from tests.exchange.helpers import Clock
from tests.office.conftest import NOW, import_into


def _open(office: Path, config: SiteConfig, url: str | None = None) -> CaseStore:
    return open_case_store(office, OfficeSettings(office_db=url), config, now=Clock(NOW - timedelta(seconds=1)))


def test_a_worked_folder_moves_to_postgresql_verified_and_a_rerun_copies_nothing(
    laptop: Laptop, office_dir: Path, tmp_path: Path, sample_config: SiteConfig, postgres_db: str, run_cli: CliRunner
) -> None:
    import_into(office_dir, [r.path for r in laptop.export(tmp_path / "stick")])
    folder = _open(office_dir, sample_config)
    folder.sync()
    case = next(c for c in folder.query(CaseQuery(), limit=500).cases if c.kind is CaseKind.TRANSFER)
    on = date(2026, 11, 23)
    folder.apply(case.case_id, Step(StepKind.TRANSFER, "王芳", NOW, {"unit": "QZF", "slip_number": "1", "on": on}),
                 revision=1)  # fmt: skip
    folder.reveal(case.case_id, [RevealField.PHONE], clerk="王芳", reason="回访")
    folder.add_document(case.case_id, "回复.pdf", b"%PDF-1.7 reply", clerk="王芳")
    before = folder.query(CaseQuery(), limit=500)
    folder.close()

    done = run_cli("office", "migrate", "--from", str(office_dir), "--to", postgres_db, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stdout and "differs" not in done.stdout
    assert "cases: " in done.stdout and "case_steps: 1 rows in the folder, 1 copied now" in done.stdout

    again = run_cli("office", "migrate", "--from", str(office_dir), "--to", postgres_db, "--lang", "en")
    assert again.returncode == 0, again.stderr
    assert "cases: " in again.stdout and " 0 copied now" in again.stdout and "1 copied now" not in again.stdout

    server = _open(office_dir, sample_config, postgres_db)
    assert server.query(CaseQuery(), limit=500) == before
    assert [e.step.clerk for e in server.timeline(case.case_id)] == ["王芳"]
    assert [e.fields for e in server.reveal_log()] == [(RevealField.PHONE,)]
    [document] = server.documents(case.case_id)
    assert server.document_path(document.sha256).read_bytes() == b"%PDF-1.7 reply"  # the bytes stay in the folder
    # identity values go on after the copied ones: the next step and reveal are numbered after them
    saved = server.apply(case.case_id, Step(StepKind.REPLY, "李强", NOW, {"on": on, "outcome": "A", "summary": "x"}),
                         revision=2)  # fmt: skip
    assert saved.revision == 3 and [e.revision for e in server.timeline(case.case_id)] == [2, 3]
    server.reveal(case.case_id, [RevealField.NAME], clerk="李强", reason="回访")
    assert [e.seq for e in server.reveal_log()] == [1, 2]
    server.close()

    # the office now works on the server: a rerun from the folder leaves the server's newer rows as they are and
    # says they differ (as for a row someone changed on the server)
    with psycopg.connect(postgres_db, autocommit=True) as raw:
        raw.execute("UPDATE cases SET summary = 'changed' WHERE case_id <> %s", (case.case_id,))
        changed = int(raw.execute("SELECT COUNT(*) FROM cases WHERE summary = 'changed'").fetchone()[0])  # type: ignore[index]
    refused = run_cli("office", "migrate", "--from", str(office_dir), "--to", postgres_db, "--lang", "en")
    assert refused.returncode == 1 and f"differs ({changed + 1} rows with other content, 0 missing)" in refused.stdout
    assert "case_steps: 1 rows in the folder, 0 copied now" in refused.stdout


def test_no_password_on_the_command_line_and_a_folder_is_required(run_cli: CliRunner, tmp_path: Path) -> None:
    missing = run_cli("office", "migrate", "--from", str(tmp_path / "none"), "--to", "postgresql://u@h/db")
    assert missing.returncode == 2
    folder = tmp_path / "office"
    folder.mkdir()
    wrong = run_cli("office", "migrate", "--from", str(folder), "--to", "mysql://u:secret@h/db", "--lang", "en")
    assert wrong.returncode == 2 and "secret" not in wrong.stderr + wrong.stdout


def test_reception_import_with_office_db_imports_into_postgresql(
    laptop: Laptop, office_dir: Path, tmp_path: Path, postgres_db: str, run_cli: CliRunner
) -> None:
    files = [r.path for r in laptop.export(tmp_path / "stick")]
    stick = str(tmp_path / "stick")
    done = run_cli("import", stick, "--office-dir", str(office_dir), "--office-db", postgres_db, "--trust-new-devices")
    assert done.returncode == 0, done.stderr
    assert not (office_dir / "office.sqlite3").exists()  # the folder keeps keys and acknowledgements, not rows
    with OfficeStore(office_dir, postgres_db) as store:
        assert store.file_count() == len(files)
    (office_dir / "office.yaml").write_text(f"office_db: {postgres_db}\n", encoding="utf-8")
    again = run_cli("import", stick, "--office-dir", str(office_dir), "--lang", "en")  # office.yaml names the server
    assert again.returncode == 0 and not (office_dir / "office.sqlite3").exists()
    ledger = run_cli("import", stick, "--office-dir", str(office_dir), "--ledger", str(tmp_path / "l.csv"))
    assert ledger.returncode == 0, ledger.stderr  # the ledger reads the server's sessions too
    assert (tmp_path / "l.csv").stat().st_size > 0 and not (office_dir / "office.sqlite3").exists()
