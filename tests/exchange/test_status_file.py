"""The office's status file: built and signed at the office, verified and kept on the laptop, shown at the desk.

A round trip from office cases to the line the desk shows for a returning visitor; forged, foreign,
stale and hostile files refused with their reason; nothing personal in the file.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import orjson
import pytest

from reception_tui.cli import main
from reception_tui.config import sample_config_path
from reception_tui.exchange.keys import OfficeKey
from reception_tui.exchange.office_import import import_files
from reception_tui.exchange.status_in import (
    MAX_STATUS_BYTES,
    StatusRefused,
    import_status,
    kept_status_path,
    load_status,
    read_status,
    signed_body,
)
from reception_tui.i18n import describe, language, set_language
from reception_tui.office.status_file import build_status, export_status
from reception_tui.services.case_status import status_line
from reception_tui.services.desk import DeskService, open_new_session
from tests.exchange.conftest import Laptop
from tests.exchange.helpers import CST, Clock
from tests.exchange.status_helpers import cases_of, closed_a, replied_b

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=CST)


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    before = language()
    set_language("zh")
    yield
    set_language(before)


@pytest.fixture
def laptop(make_laptop: Callable[..., Laptop], office_key: OfficeKey) -> Laptop:
    return make_laptop("desk", visitors=4, seed=7, office_public_key=office_key.public_key)


def _snapshot(laptop: Laptop):  # type: ignore[no-untyped-def]
    return laptop.data.read(laptop.session_folders()[0])


def _refusal(data: bytes, key: str | None) -> str:
    with pytest.raises(StatusRefused) as caught:
        read_status(data, key)
    return caught.value.reason


def test_round_trip_from_office_cases_to_the_desk(laptop: Laptop, office_key: OfficeKey, tmp_path: Path) -> None:
    snapshot = _snapshot(laptop)
    cases = cases_of(snapshot)
    stick = tmp_path / "stick"
    path = export_status(cases, stick, office_key=office_key, now=NOW, site_code=laptop.config.site_code)
    assert path.name.startswith(f"reception-status-{laptop.config.site_code}-") and path.suffix == ".json"
    assert path.stat().st_mode & 0o777 == 0o600

    raw = path.read_bytes()
    document = orjson.loads(raw)
    assert document["format"] == "reception-status" and document["format_version"] == 1
    assert document["office_verify_key"] == office_key.verify_key
    entry = document["cases"][0]
    assert set(entry) == {"case_number", "site_code", "day", "state", "status", "outcome",
                          "transferred_on", "due_on", "replied_on", "closed_on"}  # fmt: skip
    assert entry["state"] == "replied" and entry["outcome"] == "B" and entry["status"] == "open"

    text = raw.decode("utf-8")
    for visitor in snapshot.visitors:  # nothing personal: no names, phones, addresses
        for value in (visitor.name, visitor.phone, visitor.address):
            if value:
                assert value not in text
    for issue in snapshot.issues:
        for value in (issue.summary, issue.own_words):
            if value:
                assert value not in text

    result = import_status(stick, laptop.data.root, laptop.config.office_public_key, NOW)
    assert [r.outcome for r in result.results] == ["kept"]
    kept = kept_status_path(laptop.data.root)
    assert kept.read_bytes() == raw and kept.stat().st_mode & 0o777 == 0o600
    held = load_status(laptop.data.root, laptop.config.office_public_key)
    assert held is not None and len(held.cases) == len(snapshot.issues)

    # a month later the visitor comes back: the phone check finds the earlier cases and their state
    visitor = next(v for v in snapshot.visitors if v.phone and any(i.visitor_id == v.id for i in snapshot.issues))
    numbers = [i.case_number for i in snapshot.issues if i.visitor_id == visitor.id]
    config = laptop.config
    store = open_new_session(
        laptop.data, config, day=snapshot.session.day + timedelta(days=31),
        deputies=[config.deputies[0].name], liaison_officer="王敏", operator="王敏",
    )  # fmt: skip
    try:
        desk = DeskService(store, config, operator="王敏")
        assert desk.phone_seen(visitor.phone)
        shown = desk.earlier_cases(visitor.phone)
    finally:
        store.close()
    assert shown.startswith("此前事项：")
    for number in numbers:
        assert f"{number}：已答复（B类）" in shown
    assert desk_line_in_english(numbers[0], held) == f"{numbers[0]}: replied (class B)"


def desk_line_in_english(number: str, held) -> str:  # type: ignore[no-untyped-def]
    set_language("en")
    try:
        return status_line(number, held)
    finally:
        set_language("zh")


def test_state_lines(laptop: Laptop, office_key: OfficeKey) -> None:
    snapshot = _snapshot(laptop)
    cases = cases_of(snapshot, closed_a())
    held = read_status(build_status(cases, office_key=office_key, now=NOW), office_key.public_key)
    number = cases[0].desk.case_number
    assert status_line(number, held) == f"{number}：已办结（A类）"
    assert status_line("BSJD-20250101-001-1", held) == "BSJD-20250101-001-1：办公室尚无记录"
    assert status_line(number, None) == f"{number}：办公室尚无记录"
    waiting = dataclasses.replace(replied_b(), state=replied_b().state.TRANSFERRED, outcome=None, replied_on=None)
    held = read_status(build_status(cases_of(snapshot, waiting), office_key=office_key, now=NOW), office_key.public_key)
    assert status_line(number, held) == f"{number}：已交办，2026-12-21 前答复"
    assert held.cases[0].satisfaction is None


def test_forged_files_are_refused(laptop: Laptop, office_key: OfficeKey) -> None:
    data = build_status(cases_of(_snapshot(laptop)), office_key=office_key, now=NOW)
    key = office_key.public_key
    assert read_status(data, key).cases  # the untouched file verifies, with the X25519 key or the verify key
    assert read_status(data, office_key.verify_key).cases

    edited = data.replace(b'"state": "replied"', b'"state": "closed"', 1)
    assert edited != data
    assert _refusal(edited, key) == "forged"

    document = orjson.loads(data)
    value = document["signature"]["value"]
    document["signature"]["value"] = ("B" if value[0] != "B" else "C") + value[1:]
    assert _refusal(orjson.dumps(document), key) == "forged"

    document = orjson.loads(data)
    document["cases"][0]["outcome"] = "A"
    assert _refusal(orjson.dumps(document), key) == "forged"

    document = orjson.loads(data)
    del document["signature"]
    assert _refusal(orjson.dumps(document), key) == "not_status"

    with pytest.raises(StatusRefused) as caught:
        read_status(edited, key, file="reception-status-x.json")
    assert "签名不符" in describe(caught.value) and "reception-status-x.json" in describe(caught.value)
    assert "signature does not match" in describe(caught.value, "en")


def test_a_file_signed_by_another_office_is_refused(laptop: Laptop, tmp_path: Path) -> None:
    other = OfficeKey.create(tmp_path / "other-office")
    data = build_status(cases_of(_snapshot(laptop)), office_key=other, now=NOW)
    assert _refusal(data, laptop.config.office_public_key) == "other_office"
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "reception-status-all-20261202T010000000000Z.json").write_bytes(data)
    result = import_status(stick, laptop.data.root, laptop.config.office_public_key, NOW)
    assert [r.outcome for r in result.results] == ["refused"] and result.held is None
    assert not kept_status_path(laptop.data.root).exists()


def test_without_an_office_key_nothing_is_accepted(laptop: Laptop, office_key: OfficeKey) -> None:
    data = build_status(cases_of(_snapshot(laptop)), office_key=office_key, now=NOW)
    assert _refusal(data, None) == "no_office_key"
    assert load_status(laptop.data.root, None) is None


def test_a_stale_file_is_refused_and_the_newer_kept(laptop: Laptop, office_key: OfficeKey, tmp_path: Path) -> None:
    snapshot = _snapshot(laptop)
    key = laptop.config.office_public_key
    older_stick, newer_stick = tmp_path / "older", tmp_path / "newer"
    older = export_status(cases_of(snapshot), older_stick, office_key=office_key, now=NOW)
    later = NOW + timedelta(days=3)
    newer = export_status(cases_of(snapshot, closed_a()), newer_stick, office_key=office_key, now=later)

    first = import_status(newer_stick, laptop.data.root, key, NOW + timedelta(days=3))
    assert [r.outcome for r in first.results] == ["kept"]
    second = import_status(older, laptop.data.root, key, NOW + timedelta(days=3))
    assert [r.outcome for r in second.results] == ["refused"]
    refusal = second.results[0].error
    assert refusal is not None and refusal.reason == "stale" and "更旧" in describe(refusal)
    held = load_status(laptop.data.root, key)
    assert held is not None and held.cases[0].state.value == "closed"
    assert kept_status_path(laptop.data.root).read_bytes() == newer.read_bytes()

    again = import_status(newer_stick, laptop.data.root, key, NOW + timedelta(days=3))
    assert [r.outcome for r in again.results] == ["same"]


def test_a_folder_with_old_and_new_files_keeps_the_newest(
    laptop: Laptop, office_key: OfficeKey, tmp_path: Path
) -> None:
    snapshot = _snapshot(laptop)
    stick = tmp_path / "stick"
    export_status(cases_of(snapshot), stick, office_key=office_key, now=NOW)
    newest = export_status(cases_of(snapshot, closed_a()), stick, office_key=office_key, now=NOW + timedelta(hours=1))
    result = import_status(stick, laptop.data.root, laptop.config.office_public_key, NOW + timedelta(hours=1))
    assert [r.outcome for r in result.results] == ["replaced", "kept"]
    assert result.kept is not None and result.kept.raw == newest.read_bytes()


def test_a_file_for_another_site_or_from_the_future_is_refused(
    laptop: Laptop, office_key: OfficeKey, tmp_path: Path
) -> None:
    snapshot = _snapshot(laptop)
    stick = tmp_path / "stick"
    export_status(cases_of(snapshot), stick, office_key=office_key, now=NOW, site_code="ELSEWHERE")
    export_status(cases_of(snapshot), stick, office_key=office_key, now=NOW + timedelta(days=30))
    result = import_status(stick, laptop.data.root, laptop.config.office_public_key, NOW, site_code="BSJD")
    reasons = sorted(r.error.reason for r in result.results if r.error is not None)
    assert reasons == ["future", "other_site"] and result.held is None


def test_hostile_files_are_refused_quickly(laptop: Laptop, office_key: OfficeKey, tmp_path: Path) -> None:
    key = laptop.config.office_public_key
    head = b'{"format": "reception-status", "format_version": 1, "cases": ['
    huge_array = head + b",".join([b"[]"] * 400_000) + b"]}"
    started = time.perf_counter()
    assert _refusal(huge_array, key) == "too_large"
    many_cases = orjson.dumps(
        {"format": "reception-status", "format_version": 1, "generated_at": NOW.isoformat(),
         "office_verify_key": office_key.verify_key, "sequence": 1, "cases": [0] * 60_000, "signature": {}}
    )  # fmt: skip
    assert _refusal(many_cases, key) == "too_large"
    deep = b"[" * 100 + b"]" * 100
    assert _refusal(deep, key) == "too_large"
    assert time.perf_counter() - started < 5

    stick = tmp_path / "stick"
    stick.mkdir()
    big = stick / "reception-status-all-20261202T010000000000Z.json"
    with big.open("wb") as handle:  # a sparse file larger than any status file: refused before it is read
        handle.truncate(MAX_STATUS_BYTES + 4096)
    result = import_status(stick, laptop.data.root, key, NOW)
    assert [r.error.reason for r in result.results if r.error] == ["too_large"]

    for junk in (b"", b"not json", b"[]", b'{"format": "reception-status", "format_version": 2}', b"\xff\xfe"):
        assert _refusal(junk, key) in {"not_status", "version"}
    data = orjson.loads(build_status(cases_of(_snapshot(laptop)), office_key=office_key, now=NOW))
    data["cases"][0]["visitor_name"] = "张三"  # an unknown member: forged, and not the format even if signed
    assert _refusal(orjson.dumps(data), key) == "forged"
    data["signature"]["value"] = office_key.sign(signed_body(data))
    assert _refusal(orjson.dumps(data), key) == "not_status"


def _config_with_key(tmp_path: Path, public_key: str) -> Path:
    path = tmp_path / "site.yaml"
    text = sample_config_path().read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f'\noffice_public_key: "{public_key}"\n', encoding="utf-8")
    return path


def test_cli_import_status(
    laptop: Laptop, office_key: OfficeKey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stick = tmp_path / "stick"
    export_status(cases_of(_snapshot(laptop)), stick, office_key=office_key, now=NOW)
    config = _config_with_key(tmp_path, office_key.public_key)
    data_dir = str(laptop.data.root)
    assert main(["import-status", "--from", str(stick), "--data-dir", data_dir, "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "已保存办理状态" in out and "本机现有办理状态" in out
    assert main(["import-status", "--from", str(stick), "--data-dir", data_dir, "--config", str(config),
                 "--lang", "en"]) == 0  # fmt: skip
    assert "the same as the status this laptop holds" in capsys.readouterr().out
    assert main(["import-status", "--from", str(tmp_path / "empty"), "--data-dir", data_dir]) == 2
    assert "没有办理状态文件" in capsys.readouterr().err

    other = OfficeKey.create(tmp_path / "other")
    foreign = tmp_path / "foreign"
    export_status(cases_of(_snapshot(laptop)), foreign, office_key=other, now=NOW + timedelta(hours=1))
    assert main(["import-status", "--from", str(foreign), "--data-dir", data_dir, "--config", str(config)]) == 1
    assert "由其他办公室签名" in capsys.readouterr().err


def test_cli_export_status(
    laptop: Laptop, office_key: OfficeKey, office_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reception_tui.cli import build_parser
    from reception_tui.cli.commands import export_status as command
    from reception_tui.settings import Settings

    out = tmp_path / "out"
    # the real store: the laptop's sessions imported at the office become cases, awaiting transfer
    inbox = tmp_path / "inbox"
    laptop.export(inbox)
    assert import_files([inbox], office_dir, trust_new_devices=True, now=Clock()).exit_code == 0
    assert main(["export-status", "--office-dir", str(office_dir), "--out", str(out)]) == 0
    (from_store,) = out.glob("reception-status-all-*.json")
    held = read_status(from_store.read_bytes(), office_key.public_key)
    issues = _snapshot(laptop).issues
    assert sorted(c.case_number for c in held.cases) == sorted(i.case_number for i in issues)
    assert {c.state.value for c in held.cases} <= {"awaiting_transfer", "settled"}
    from_store.unlink()
    assert main(["export-status", "--office-dir", str(tmp_path / "nowhere"), "--out", str(out)]) == 2

    args = build_parser().parse_args(["export-status", "--office-dir", str(office_dir), "--out", str(out)])
    cases = cases_of(_snapshot(laptop))
    assert command.run(args, Settings(clock=lambda: NOW), cases=lambda _dir, _context, _site: cases) == 0
    assert "已写出办理状态文件" in capsys.readouterr().out
    (written,) = out.glob("reception-status-all-*.json")
    assert len(read_status(written.read_bytes(), office_key.public_key).cases) == len(cases)
    assert os.stat(written).st_mode & 0o777 == 0o600


def test_the_file_matches_the_published_schema(laptop: Laptop, office_key: OfficeKey) -> None:
    from jsonschema import Draft202012Validator, FormatChecker

    from reception_tui.config.schemas import schema_path

    schema = orjson.loads(schema_path("status.schema.json").read_bytes())
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    for followup in (replied_b(), closed_a()):
        document = orjson.loads(build_status(cases_of(_snapshot(laptop), followup), office_key=office_key, now=NOW))
        assert not list(validator.iter_errors(document))
        document["cases"][0]["name"] = "张三"
        assert list(validator.iter_errors(document))


def test_the_scan_box_shows_the_office_state(laptop: Laptop, office_key: OfficeKey) -> None:
    from reception_tui.receipts.lookup import ScanResult, Verdict
    from reception_tui.ui.desk.screens.scan import describe as describe_scan

    cases = cases_of(_snapshot(laptop))
    held = read_status(build_status(cases, office_key=office_key, now=NOW), office_key.public_key)
    number = cases[0].desk.case_number
    result = ScanResult(Verdict.CASE_NUMBER, case_number=number)
    assert f"{number}：已答复（B类）" in describe_scan(result, held)
    assert "已答复" not in describe_scan(result, None)
