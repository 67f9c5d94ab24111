"""The clerk's afternoon: one stick, three laptops, one command; acknowledgement and purge on the laptop."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reception_tui.cli import main
from reception_tui.exchange.ack import ACK_FILE, read_ack, trusted_ack
from reception_tui.exchange.keys import OfficeKey
from reception_tui.exchange.office_import import import_files
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.exchange.purge import purge_candidates, purge_session
from reception_tui.exchange.trust import TrustedDevices
from tests.exchange.helpers import Clock, office_state, snapshot_state

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "reception_tui", "--lang", "en", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_clerk_gets_every_good_record_once_reasons_and_a_spreadsheet(make_laptop, tmp_path, office_dir):
    """Three trusted laptops, one file twice, one damaged, one unknown laptop: one command."""
    laptops = [
        make_laptop(name, visitors=3, seed=seed, day=date(2026, month, 20))
        for name, seed, month in (("l1", 21, 9), ("l2", 22, 10), ("l3", 23, 11))
    ]
    stranger = make_laptop("stranger", visitors=2, seed=24)
    stick = tmp_path / "stick"
    files = [laptop.export(stick)[0].path for laptop in laptops]
    trusted = TrustedDevices.load(office_dir)
    for laptop in laptops:
        device = laptop.outbox.device()
        trusted.add(device.device_id, device.public_key, Clock()())
    trusted.save()
    shutil.copy(files[0], stick / "copy-of-first.json")
    damaged = stick / "damaged.json"
    damaged.write_bytes(files[1].read_bytes()[:5000])
    stranger.export(stick)

    sheet_path = tmp_path / "ledger.xlsx"
    result = _cli("import", str(stick), "--office-dir", str(office_dir), "--ledger", str(sheet_path))
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    assert out.count("REJECTED") == 2
    assert "damaged.json: the file is damaged" in out
    assert "from a device not trusted yet" in out
    assert "6 file(s): 3 imported, 1 unchanged, 2 rejected; 3 session(s)" in out
    assert "visitors: 9 new, 0 updated, 0 unchanged, 0 conflicts, 2 rejected" in out
    quarantine = sorted(p.name for p in (office_dir / "quarantine").iterdir())
    assert len([n for n in quarantine if n.endswith(".reason.txt")]) == 2

    expected = {}
    for laptop in laptops:
        expected.update(snapshot_state(laptop.data.read(laptop.session_folders()[0])))
    assert office_state(office_dir) == expected

    assert f"{sheet_path}" in out and "ledger" in out.lower()  # the spreadsheet came with the same command
    sheet = load_workbook(sheet_path).active
    rows = list(sheet.iter_rows(values_only=True))
    headings = list(rows[0])
    for title in (
        "登记编号",
        "接待日期",
        "工作室",
        "接待代表",
        "来访人",
        "电话",
        "选区",
        "类别",
        "诉求类型",
        "事项摘要",
        "处理方式",
        "承办单位",
        "预计答复日期",
        "状态",
    ):
        assert title in headings
    issues = sum(len(laptop.data.read(laptop.session_folders()[0]).issues) for laptop in laptops)
    assert len(rows) - 1 == issues
    cases = [row[0] for row in rows[1:]]
    assert len(set(cases)) == len(cases)
    phone_column = headings.index("电话") + 1
    for cell in sheet.iter_cols(min_col=phone_column, max_col=phone_column, min_row=2):
        for item in cell:
            assert item.data_type == "s"


def test_an_import_killed_midway_leaves_whole_files_and_a_rerun_completes_it(
    make_laptop, tmp_path, office_dir, monkeypatch
):
    laptop = make_laptop("a", visitors=3, seed=31, sessions=4)
    stick = tmp_path / "stick"
    laptop.export(stick)
    from reception_tui.exchange import office_store

    real_merge = office_store.OfficeStore.merge
    calls = {"n": 0}

    def dying_merge(self, export, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:

            class Dying:
                """Runs the file's first statements, then is interrupted before its last one."""

                def __init__(self, db):  # type: ignore[no-untyped-def]
                    self._db = db

                def __getattr__(self, name):  # type: ignore[no-untyped-def]
                    return getattr(self._db, name)

                def execute(self, sql, *a):  # type: ignore[no-untyped-def]
                    if sql.startswith("INSERT INTO files"):
                        assert self._db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 3
                        raise KeyboardInterrupt
                    return self._db.execute(sql, *a)

            real_db = self._db
            self._db = Dying(real_db)
            try:
                return real_merge(self, export, **kwargs)
            finally:
                self._db = real_db
        return real_merge(self, export, **kwargs)

    monkeypatch.setattr(office_store.OfficeStore, "merge", dying_merge)
    monkeypatch.setattr("reception_tui.exchange.office_import.BATCH_FILES", 2)
    with pytest.raises(KeyboardInterrupt):
        import_files([stick], office_dir, trust_new_devices=True, now=Clock())
    with OfficeStore(office_dir) as store:
        imported_sessions = {r.id for r in store.records("session")}
        assert len(imported_sessions) == 2
        visitors = list(store.records("visitor"))
        assert {v.session_id for v in visitors} == imported_sessions and len(visitors) == 6
    assert not (stick / ACK_FILE).exists()

    monkeypatch.setattr(office_store.OfficeStore, "merge", real_merge)
    report = import_files([stick], office_dir, trust_new_devices=True, now=Clock())
    assert [o.status for o in report.outcomes] == ["unchanged", "unchanged", "imported", "imported"]
    expected = {}
    for folder in laptop.session_folders():
        expected.update(snapshot_state(laptop.data.read(folder)))
    assert office_state(office_dir) == expected


def test_the_acknowledgement_lets_the_laptop_purge_only_what_arrived(
    make_laptop, tmp_path, office_dir, office_key
):
    laptop = make_laptop("a", visitors=4, seed=41, sessions=2, office_public_key=office_key.public_key)
    stick = tmp_path / "stick"
    laptop.export(stick)
    assert import_files([stick], office_dir, trust_new_devices=True, now=Clock()).exit_code == 0
    ack = read_ack(stick / ACK_FILE)
    assert ack.signed and trusted_ack(ack, office_key.public_key)
    assert not trusted_ack(ack, OfficeKey.create(tmp_path / "elsewhere").public_key)

    changed, unchanged = laptop.session_folders()
    from reception_tui.domain.intake import VisitorInput
    from reception_tui.services.desk import DeskService
    from reception_tui.storage.session_store import SessionStore

    with SessionStore(changed) as store:
        DeskService(store, laptop.config, operator="李婷", clock=laptop.clock).register_visitor(
            VisitorInput(name="晚到的人", phone="13911112222", consent=True)
        )
    candidates = {c.folder: c for c in purge_candidates(laptop.outbox, ack)}
    assert candidates[changed].problem == "exchange.purge.changed_since"
    ready = candidates[unchanged]
    assert ready.problem == ""
    before = laptop.data.read(unchanged)
    purge_session(laptop.outbox, ready, operator="李婷", now=laptop.clock)
    after = laptop.data.read(unchanged)
    assert len(after.visitors) == len(before.visitors) and len(after.issues) == len(before.issues)
    assert all(v.name == "" and v.phone == "" and v.address == "" for v in after.visitors)
    assert [i.case_number for i in after.issues] == [i.case_number for i in before.issues]
    assert all(i.own_words == "" and i.summary for i in after.issues)
    purged_events = [e for e in after.audit if e.action == "purged"]
    assert len(purged_events) == len(before.visitors) + len(before.issues)
    assert all(e.fields for e in purged_events)
    pending = {p.folder for p in laptop.outbox.pending(stick)}
    assert unchanged not in pending and changed in pending
    again = {c.folder: c for c in purge_candidates(laptop.outbox, ack)}
    assert again[unchanged].problem == "exchange.purge.already"


def test_purge_from_the_command_line_asks_first(make_laptop, tmp_path, office_dir, monkeypatch, capsys):
    laptop = make_laptop("a", visitors=2, seed=42)
    stick = tmp_path / "stick"
    laptop.export(stick / "reception-sessions")
    import_files([stick], office_dir, trust_new_devices=True, now=Clock())
    assert (stick / "reception-sessions" / ACK_FILE).is_file()
    data_dir = str(laptop.data.root)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    assert main(["--lang", "en", "--data-dir", data_dir, "purge", "--ack", str(stick)]) == 1
    assert all(v.name for v in laptop.data.read(laptop.session_folders()[0]).visitors)
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    assert main(["--lang", "en", "--data-dir", data_dir, "purge", "--ack", str(stick)]) == 0
    assert not any(v.name for v in laptop.data.read(laptop.session_folders()[0]).visitors)
    assert "Personal data removed" in capsys.readouterr().out


def test_command_line_exit_codes(make_laptop, tmp_path, office_dir, capsys):
    laptop = make_laptop("a", visitors=2, seed=43)
    data_dir = str(laptop.data.root)
    stick = tmp_path / "stick"
    assert main(["--lang", "en", "--data-dir", data_dir, "export", "--to", str(stick)]) == 0
    assert "safe to remove" in capsys.readouterr().out
    assert main(["--lang", "en", "--data-dir", data_dir, "export", "--to", str(stick)]) == 0
    assert "Nothing to export" in capsys.readouterr().out
    assert main(["--lang", "en", "--data-dir", data_dir, "export", "deadbeef", "--to", str(stick)]) == 2
    assert main(["--lang", "en", "import", str(stick), "--office-dir", str(tmp_path / "nowhere")]) == 2
    assert main(["--lang", "en", "import", str(tmp_path / "missing"), "--office-dir", str(office_dir)]) == 2
    assert main(["--lang", "en", "import", "--office-dir", str(office_dir)]) == 2
    assert (
        main(["--lang", "en", "ledger", "--office-dir", str(office_dir), "--out", str(tmp_path / "x.csv")])
        == 2
    )
    assert main(["--lang", "en", "import", str(stick), "--office-dir", str(office_dir)]) == 1
    assert (
        main(["--lang", "en", "import", str(stick), "--office-dir", str(office_dir), "--trust-new-devices"])
        == 0
    )
    assert (
        main(["--lang", "en", "ledger", "--office-dir", str(office_dir), "--out", str(tmp_path / "x.csv")])
        == 0
    )
    assert main(["--lang", "en", "office-keys", "init", "--office-dir", str(office_dir)]) == 0
    key_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert key_line == OfficeKey.load(office_dir).public_key
    assert main(["--lang", "en", "office-keys", "init", "--office-dir", str(office_dir)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == key_line
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


def test_csv_ledger_keeps_formulas_inert(make_laptop, tmp_path, office_dir):
    from reception_tui.domain.intake import IssueInput, VisitorInput
    from reception_tui.exchange.ledger import write_ledger
    from reception_tui.services.desk import DeskService
    from reception_tui.storage.session_store import SessionStore

    laptop = make_laptop("a", visitors=1, seed=44)
    with SessionStore(laptop.session_folders()[0]) as store:
        desk = DeskService(store, laptop.config, operator="李婷", clock=laptop.clock)
        saved = desk.register_visitor(VisitorInput(name="=HYPERLINK(1)", phone="057187654321", consent=True))
        desk.add_issue(saved.record.id, IssueInput(category="其他", request_type="建议", summary="@SUM(A1)"))
    laptop.export(tmp_path / "stick")
    import_files([tmp_path / "stick"], office_dir, trust_new_devices=True, now=Clock())
    write_ledger(office_dir, "csv", tmp_path / "l.csv")
    text = (tmp_path / "l.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "'@SUM(A1)" in text
    write_ledger(office_dir, "xlsx", tmp_path / "l.xlsx")
    sheet = load_workbook(tmp_path / "l.xlsx").active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "=HYPERLINK(1)" in values and "057187654321" in values


def test_the_office_folders_own_files_are_never_imported(make_laptop, tmp_path, office_dir, office_key):
    laptop = make_laptop("a", visitors=1, seed=45)
    laptop.export(tmp_path / "stick")
    import_files([tmp_path / "stick"], office_dir, trust_new_devices=True, now=Clock())
    report = import_files([tmp_path / "stick", office_dir], office_dir, now=Clock())
    names = sorted(o.path.name for o in report.outcomes)
    assert report.exit_code == 0 and len(names) == 1 and names[0].startswith("reception_")
    assert not (office_dir / "quarantine").exists()


@pytest.mark.slow
def test_a_real_kill_during_import_leaves_whole_sessions_and_the_rerun_completes(
    make_laptop, tmp_path, office_dir
):
    """SIGKILL the import process after its first committed batch; nothing partial, nothing doubled."""
    import signal
    import sqlite3
    import time

    from reception_tui.exchange.document import build_payload
    from tests.exchange.helpers import derived_exports

    laptop = make_laptop("a", visitors=2, seed=46)
    template = build_payload(laptop.data.read(laptop.session_folders()[0]))
    stick = tmp_path / "stick"
    derived_exports(template, 600, stick, laptop.outbox.device())
    per_session = 1 + sum(len(template[name]) for name in ("visitors", "issues", "receipts", "audit_events"))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "reception_tui", "import", str(stick), "--office-dir", str(office_dir),
               "--trust-new-devices"]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    database = office_dir / "office.sqlite3"
    killed = False
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=0.1) as db:
                done = db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        except sqlite3.Error:
            done = 0
        if done >= 50:
            process.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.002)
    process.wait()
    assert killed and process.returncode == -signal.SIGKILL

    with OfficeStore(office_dir) as store:
        rows = [(s.session_id, sum(map(len, s.records.values()))) for s in store.sessions()]
        imported = store.file_count()
    assert 50 <= imported < 600
    assert len(rows) == imported and {count for _, count in rows} == {per_session}

    report = import_files([stick], office_dir, trust_new_devices=True, now=Clock())
    assert report.exit_code == 0
    statuses = [o.status for o in report.outcomes]
    assert statuses.count("unchanged") == imported and statuses.count("imported") == 600 - imported
    with OfficeStore(office_dir) as store:
        rows = [(s.session_id, sum(map(len, s.records.values()))) for s in store.sessions()]
        assert len(rows) == 600 and {count for _, count in rows} == {per_session}
        assert store.version_count() == 600 * per_session


def test_a_ledger_file_the_import_cannot_write_is_refused_before_importing(make_laptop, tmp_path, office_dir):
    laptop = make_laptop("a", visitors=2, seed=79)
    stick = tmp_path / "stick"
    laptop.export(stick)
    for target in (tmp_path / "ledger.txt", tmp_path / "missing-folder" / "ledger.xlsx"):
        result = _cli("import", str(stick), "--office-dir", str(office_dir), "--ledger", str(target))
        assert result.returncode == 2
        assert "--ledger" in result.stderr or "missing-folder" in result.stderr, result.stderr
        assert not (office_dir / "office.sqlite3").exists()  # nothing imported: the command was refused whole
    result = _cli("import", str(stick), "--office-dir", str(office_dir), "--trust-new-devices",
                  "--ledger", str(tmp_path / "ledger.csv"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ledger.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_import_ledger_lists_the_sessions_of_its_files_and_a_rerun_gives_the_same(
    make_laptop, tmp_path, office_dir
):
    import json

    earlier, today = make_laptop("a", visitors=2, seed=80), make_laptop("b", visitors=3, seed=81)
    earlier.export(tmp_path / "last-week")
    today.export(tmp_path / "stick")
    assert _cli("import", str(tmp_path / "last-week"), "--office-dir", str(office_dir),
                "--trust-new-devices").returncode == 0  # fmt: skip
    sheets = []
    for run in ("first", "again"):
        out = tmp_path / f"ledger-{run}.json"
        result = _cli("import", str(tmp_path / "stick"), "--office-dir", str(office_dir), "--trust-new-devices",
                      "--ledger", str(out))  # fmt: skip
        assert result.returncode == 0, result.stderr
        sheets.append(json.loads(out.read_text(encoding="utf-8"))["rows"])
    session_id = today.data.read(today.session_folders()[0]).session.id
    issues = len(today.data.read(today.session_folders()[0]).issues)
    assert len(sheets[0]) == issues and {row["session_id"] for row in sheets[0]} == {session_id}
    assert sheets[1] == sheets[0]  # the rerun found every file unchanged and wrote the same spreadsheet


def test_every_exchange_command_and_option_is_documented():
    from reception_tui.cli import build_parser

    docs = (ROOT / "docs" / "exchange.md").read_text(encoding="utf-8")
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command").choices
    for name in ("export", "import", "office-keys", "ledger", "purge"):
        assert f"reception {name}" in docs, name
        for action in subparsers[name]._actions:
            for option in action.option_strings:
                if option.startswith("--") and option not in ("--help", "--data-dir", "--config", "--lang"):
                    assert option in docs, (name, option)


def test_damaged_bookkeeping_gives_one_clear_line(make_laptop, tmp_path, office_dir, capsys):
    laptop = make_laptop("a", visitors=1, seed=47)
    data_dir = str(laptop.data.root)
    (laptop.data.root / "exchange" / "exports.json").write_text("{broken", encoding="utf-8")
    assert main(["--lang", "en", "--data-dir", data_dir, "export", "--to", str(tmp_path / "stick")]) == 1
    err = capsys.readouterr().err
    assert "export log is damaged" in err and "Traceback" not in err
    (office_dir / "office.sqlite3").write_bytes(b"this is not a database" * 100)
    (tmp_path / "stick").mkdir()
    (tmp_path / "stick" / "x.json").write_text("{}", encoding="utf-8")
    assert main(["--lang", "en", "import", str(tmp_path / "stick"), "--office-dir", str(office_dir)]) == 1
    assert "cannot open the office store" in capsys.readouterr().err
    assert (
        main(["--lang", "en", "ledger", "--office-dir", str(office_dir), "--out", str(tmp_path / "l.csv")])
        == 1
    )
    assert "cannot open the office store" in capsys.readouterr().err


def test_a_session_that_cannot_be_read_is_named_not_passed_over_as_exported(make_laptop, tmp_path, capsys):  # type: ignore[no-untyped-def]
    """A damaged session file is not "already exported": the export names it, says what to do, exports the
    others, and exits 1; the sync screen's outbox lists it as unreadable."""
    laptop = make_laptop("a", visitors=2, seed=44, sessions=2)
    damaged, healthy = laptop.session_folders()
    live = damaged / "session.json"
    live.write_bytes(live.read_bytes()[:-40])  # a file cut short by something outside the app
    data_dir = str(laptop.data.root)
    stick = tmp_path / "stick"
    for lang in ("zh", "en"):
        code = main(["--lang", lang, "--data-dir", data_dir, "export", "--to", str(stick)])
        out, err = capsys.readouterr()
        assert code == 1
        assert str(damaged) in err and ("未导出" in err if lang == "zh" else "Not exported" in err)
        assert "所有改动都已导出" not in out and "Nothing to export" not in out
    assert [p.name for p in (stick).iterdir() if p.suffix == ".json" and healthy.name[-8:] in p.name]
    assert [folder for folder, _ in laptop.outbox.unreadable] == []  # this outbox has not looked yet
    laptop.outbox.pending(stick)
    assert [folder for folder, _ in laptop.outbox.unreadable] == [damaged]
