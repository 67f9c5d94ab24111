"""Export → import → ledger: every record arrives exactly once, in any order, from any number of laptops."""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
import json
import shutil
from pathlib import Path

from jsonschema import Draft202012Validator

from reception_tui.domain.dispositions import DispositionInput
from reception_tui.domain.ids import new_id
from reception_tui.domain.intake import VisitorInput
from reception_tui.domain.models import (
    AuditEvent,
    DispositionKind,
    Issue,
    ReceiptIssued,
    ReceiptOutput,
    ReceiptStatus,
    ReceptionSession,
    Visitor,
)
from reception_tui.exchange.ledger import COLUMNS, heading, write_ledger
from reception_tui.exchange.office_import import IMPORTED, UNCHANGED, import_files
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.exchange.schema import export_schema
from reception_tui.services.desk import DeskService, audit_event
from reception_tui.storage.session_store import SessionStore
from tests.exchange.helpers import Clock, office_state, published_validator, snapshot_state


def _import(paths: list[Path], office_dir: Path, trust: bool = True):  # type: ignore[no-untyped-def]
    return import_files(paths, office_dir, trust_new_devices=trust, now=Clock())


def test_export_import_ledger_holds_every_record_exactly(make_laptop, office_dir, tmp_path):
    laptop = make_laptop("a", visitors=6, seed=3, sessions=2)
    _issue_receipts(laptop)
    stick = tmp_path / "stick"
    results = laptop.export(stick)
    assert all(r.counts["receipts"] == 2 for r in results)
    assert len(results) == 2
    report = _import([stick], office_dir)
    assert report.exit_code == 0
    assert [o.status for o in report.outcomes] == [IMPORTED, IMPORTED]

    expected = {}
    for folder in laptop.session_folders():
        expected.update(snapshot_state(laptop.data.read(folder)))
    assert office_state(office_dir) == expected

    out = tmp_path / "ledger.csv"
    result = write_ledger(office_dir, "csv", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [heading(c) for c in COLUMNS]
    assert rows[0][:3] == ["登记编号", "接待日期", "工作室"]
    issues = [r for folder in laptop.session_folders() for r in laptop.data.read(folder).issues]
    visitors = {v.id: v for folder in laptop.session_folders() for v in laptop.data.read(folder).visitors}
    assert result.rows == len(issues) == len(rows) - 1
    by_case = {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}
    for issue in issues:
        row = by_case[issue.case_number]
        visitor = visitors[issue.visitor_id]
        assert row["issue_id"] == issue.id
        assert row["phone"] == visitor.phone
        assert row["visitor"].startswith(visitor.name or "匿名")
        assert row["summary"] == issue.summary
        assert row["expected_reply_date"] == (
            issue.expected_reply_date.isoformat() if issue.expected_reply_date else ""
        )


def _issue_receipts(laptop) -> None:  # type: ignore[no-untyped-def]
    """Two receipts per session (one printed, one reprint), as the receipts feature records them."""
    for folder in laptop.session_folders():
        with SessionStore(folder) as store:
            visitor = store.visitors()[0]
            issues = tuple(i.id for i in store.issues(visitor.id))
            now = laptop.clock()
            printed = ReceiptIssued(
                id=new_id(),
                created_at=now,
                updated_at=now,
                operator="李婷",
                session_id=visitor.session_id,
                visitor_id=visitor.id,
                issue_ids=issues,
                output=ReceiptOutput.PDF,
                status=ReceiptStatus.PRINTED,
                printed_at=now,
            )
            reprint = dataclasses.replace(printed, id=new_id(), reprint=True, original_printed_at=now)
            store.commit(
                [printed, reprint], [audit_event(visitor.session_id, now, "李婷", "printed", printed)]
            )


def test_every_exported_file_follows_the_published_schema(make_laptop, office_key, office_dir, tmp_path):
    validator = published_validator()
    plain = make_laptop("plain", visitors=4, seed=5)
    sealed = make_laptop("sealed", visitors=4, seed=6, office_public_key=office_key.public_key)
    _issue_receipts(plain)
    _issue_receipts(sealed)
    files = [r.path for r in plain.export(tmp_path / "p")] + [r.path for r in sealed.export(tmp_path / "s")]
    sample = Path(__file__).resolve().parents[2] / "sample_data" / "session-export.sample.json"
    files.append(sample)
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        errors = [e.json_path for e in validator.iter_errors(document)]
        assert errors == [], path.name
    sealed_document = json.loads(files[1].read_text(encoding="utf-8"))
    opened = json.loads(office_key.open_sealed(base64.b64decode(sealed_document["sealed_payload"])))
    payload_validator = Draft202012Validator(
        {"$defs": validator.schema["$defs"], "$ref": "#/$defs/payload"},
        format_checker=validator.format_checker,
    )
    assert [e.json_path for e in payload_validator.iter_errors(opened)] == []
    assert len(opened["receipts"]) == 2
    broken = json.loads(files[0].read_text(encoding="utf-8"))
    broken["payload"]["visitors"][0]["arrived_at"] = "yesterday afternoon"
    assert sorted(e.validator for e in validator.iter_errors(broken)) == ["format", "pattern"]


def test_schema_describes_every_field_of_the_records():
    defs = export_schema()["$defs"]
    for name, cls in (
        ("session", ReceptionSession),
        ("visitor", Visitor),
        ("issue", Issue),
        ("receipt", ReceiptIssued),
        ("audit_event", AuditEvent),
    ):
        fields = {f.name for f in dataclasses.fields(cls)}
        assert set(defs[name]["properties"]) == fields, name
        required = {
            f.name
            for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        }
        assert required <= set(defs[name]["required"]) <= fields, name
        for prop in defs[name]["properties"].values():
            assert "description" in prop or "$ref" in prop or "anyOf" in prop


def test_importing_the_same_files_twice_changes_nothing(make_laptop, office_dir, tmp_path):
    laptop = make_laptop("a", visitors=5)
    stick = tmp_path / "stick"
    laptop.export(stick)
    _import([stick], office_dir)
    before = office_state(office_dir)
    with OfficeStore(office_dir) as store:
        versions = store.version_count()
    copy = tmp_path / "copy"
    shutil.copytree(stick, copy)
    report = _import([stick, copy], office_dir)
    assert report.exit_code == 0
    assert {o.status for o in report.outcomes} == {UNCHANGED}
    assert office_state(office_dir) == before
    with OfficeStore(office_dir) as store:
        assert store.version_count() == versions


def _correct_first_visitor(laptop, new_name: str) -> None:  # type: ignore[no-untyped-def]
    folder = laptop.session_folders()[0]
    with SessionStore(folder) as store:
        desk = DeskService(store, laptop.config, operator="李婷", clock=laptop.clock)
        visitor = store.visitors()[0]
        desk.update_visitor(
            visitor.id,
            VisitorInput(
                name=new_name,
                phone=visitor.phone,
                district=visitor.district,
                consent=True,
                address=visitor.address,
            ),
            correction=True,
        )
        issue = store.issues()[0]
        desk.set_disposition(
            issue.id, DispositionInput(DispositionKind.TRANSFER, target_code="QZF"), correction=True
        )


def test_newer_revision_updates_and_order_does_not_matter(make_laptop, tmp_path):
    laptop = make_laptop("a", visitors=5)
    first = laptop.export(tmp_path / "one")[0].path
    _correct_first_visitor(laptop, "王改名")
    second = laptop.export(tmp_path / "two")[0].path

    forward, backward = tmp_path / "office1", tmp_path / "office2"
    forward.mkdir()
    backward.mkdir()
    report = _import([first], forward)
    assert report.totals.new["visitor"] == 5
    report = _import([second], forward)
    assert report.totals.updated == {"visitor": 1, "issue": 1}
    _import([second], backward)
    report = _import([first], backward)
    assert report.totals.new.get("visitor", 0) == 0 and report.totals.updated == {}
    assert office_state(forward) == office_state(backward)
    snapshot = laptop.data.read(laptop.session_folders()[0])
    assert office_state(forward) == snapshot_state(snapshot)
    names = {body["name"] for (kind, _), (_, body) in office_state(forward).items() if kind == "visitor"}
    assert "王改名" in names


def test_two_laptops_files_for_the_same_session_merge(make_laptop, sample_config, tmp_path):
    a = make_laptop("a", visitors=3)
    b = make_laptop("b", visitors=1, seed=9)
    shutil.rmtree(b.data.sessions_dir)
    shutil.copytree(a.data.sessions_dir, b.data.sessions_dir)
    folder_b = b.session_folders()[0]
    with SessionStore(folder_b) as store:
        desk = DeskService(store, b.config, operator="郑磊", clock=b.clock)
        desk.register_visitor(VisitorInput(name="后来者", phone="13900001111", consent=True))
    with SessionStore(a.session_folders()[0]) as store:
        desk = DeskService(store, a.config, operator="李婷", clock=a.clock)
        desk.register_visitor(VisitorInput(name="先到者", phone="13900002222", consent=True))
    file_a = a.export(tmp_path / "sa")[0].path
    file_b = b.export(tmp_path / "sb")[0].path
    assert a.outbox.device().device_id != b.outbox.device().device_id

    results = []
    for order in ([file_a, file_b], [file_b, file_a]):
        office = tmp_path / f"office{len(results)}"
        office.mkdir()
        for path in order:
            assert _import([path], office).exit_code == 0
        results.append(office_state(office))
    assert results[0] == results[1]
    names = sorted(body["name"] for (kind, _), (_, body) in results[0].items() if kind == "visitor")
    assert "先到者" in names and "后来者" in names
    assert len(names) == 5


def test_same_revision_with_different_content_is_a_conflict_with_both_versions_kept(make_laptop, tmp_path):
    a = make_laptop("a", visitors=3)
    b = make_laptop("b", visitors=1, seed=9)
    shutil.rmtree(b.data.sessions_dir)
    shutil.copytree(a.data.sessions_dir, b.data.sessions_dir)
    _correct_first_visitor(a, "甲版本")
    _correct_first_visitor(b, "乙版本")
    file_a = a.export(tmp_path / "sa")[0].path
    file_b = b.export(tmp_path / "sb")[0].path

    states = []
    for order in ([file_a, file_b], [file_b, file_a]):
        office = tmp_path / f"office{len(states)}"
        office.mkdir()
        _import([order[0]], office)
        report = _import([order[1]], office)
        assert report.totals.conflicts.get("visitor") == 1
        states.append(office_state(office))
        with OfficeStore(office) as store:
            conflicted = store.conflicted_ids("visitor")
            assert len(conflicted) == 1
            session_id, visitor_id = next(iter(conflicted))
            versions = [v for v in store.versions_of(session_id, "visitor", visitor_id) if v["revision"] == 2]
        assert sorted(v["name"] for v in versions) == sorted(["甲版本", "乙版本"])
        write_ledger(office, "json", office / "ledger.json")
        ledger = json.loads((office / "ledger.json").read_text(encoding="utf-8"))
        assert any(row["conflict"] == "是" for row in ledger["rows"])
    assert states[0] == states[1]


def test_the_exchange_package_does_not_load_textual():
    import subprocess
    import sys

    code = (
        "import sys, reception_tui.exchange, reception_tui.cli.commands.import_files; "
        "print('textual' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    env = {"PYTHONPATH": str(root), "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
