"""Within one import, each file is judged by what the files before it did: trust, duplicates, batches."""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from nacl.signing import SigningKey

from reception_tui.exchange import office_import
from reception_tui.exchange.canonical import sha256_hex
from reception_tui.exchange.office_import import IMPORTED, REJECTED, UNCHANGED, ImportReport, import_files
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.exchange.trust import TrustedDevices
from tests.exchange.conftest import Laptop
from tests.exchange.helpers import Clock, office_state


def _forged(source: Path, target: Path, *, sign_well: bool) -> Path:
    """``source`` with a changed issue, claiming the same device with another key."""
    document = json.loads(source.read_text(encoding="utf-8"))
    forger = SigningKey.generate()
    document["payload"]["issues"][0]["summary"] = "伪造的摘要"
    document["payload"]["issues"][0]["revision"] += 1
    payload = orjson.dumps(document["payload"], option=orjson.OPT_SORT_KEYS)
    document["manifest"]["payload"]["sha256"] = sha256_hex(payload)
    document["manifest"]["device_key"]["public_key"] = base64.b64encode(bytes(forger.verify_key)).decode()
    manifest = orjson.dumps(document["manifest"], option=orjson.OPT_SORT_KEYS)
    signature = forger.sign(manifest).signature if sign_well else b"\0" * 64
    document["signature"]["value"] = base64.b64encode(signature).decode()
    target.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return target


def _summary(report: ImportReport) -> list[tuple[str, str, str]]:
    return [(o.path.name, o.status, o.reason) for o in report.outcomes]


@pytest.mark.parametrize("batch", [1, 2, 50])
def test_a_device_trusted_earlier_in_the_same_import_refuses_another_key(
    make_laptop: Callable[..., Laptop],
    tmp_path: Path,
    office_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    batch: int,
) -> None:
    monkeypatch.setattr(office_import, "BATCH_FILES", batch)
    laptop = make_laptop("new", visitors=2, seed=61, sessions=2)
    stick = tmp_path / "stick"
    first, second = (result.path for result in laptop.export(stick))
    _forged(first, stick / "x1_forged_signed.json", sign_well=True)
    _forged(first, stick / "x2_forged_unsigned.json", sign_well=False)
    names = sorted(p.name for p in stick.glob("*.json"))
    report = import_files([stick], office_dir, trust_new_devices=True, now=Clock())
    assert [o.path.name for o in report.outcomes] == names
    outcomes = {name: (status, reason) for name, status, reason in _summary(report)}
    assert outcomes[first.name] == (IMPORTED, "") and outcomes[second.name] == (IMPORTED, "")
    assert outcomes["x1_forged_signed.json"] == (REJECTED, "exchange.reject.device_key_changed")
    assert outcomes["x2_forged_unsigned.json"] == (REJECTED, "exchange.reject.device_key_changed")
    assert report.new_devices == [laptop.outbox.device().device_id]
    assert TrustedDevices.load(office_dir).key_of(laptop.outbox.device().device_id) == laptop.outbox.device().public_key
    with OfficeStore(office_dir) as store:
        assert all(r.body["summary"] != "伪造的摘要" for r in store.records("issue"))


@pytest.mark.parametrize("batch", [1, 3, 50])
def test_the_same_bytes_twice_in_one_import_are_imported_once(
    make_laptop: Callable[..., Laptop],
    tmp_path: Path,
    office_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    batch: int,
) -> None:
    monkeypatch.setattr(office_import, "BATCH_FILES", batch)
    laptop = make_laptop("a", visitors=2, seed=62, sessions=3)
    stick = tmp_path / "stick"
    paths = [result.path for result in laptop.export(stick)]
    for index, path in enumerate(paths):
        shutil.copy(path, stick / f"zz_copy_{index}.json")
    report = import_files([stick], office_dir, trust_new_devices=True, now=Clock())
    statuses = {name: status for name, status, _ in _summary(report)}
    assert [statuses[p.name] for p in paths] == [IMPORTED] * 3
    assert [statuses[f"zz_copy_{i}.json"] for i in range(3)] == [UNCHANGED] * 3
    with OfficeStore(office_dir) as store:
        assert store.count("session") == 3
    again = import_files([stick], office_dir, now=Clock())
    assert {o.status for o in again.outcomes} == {UNCHANGED}


def test_batches_of_any_size_give_the_same_store(
    make_laptop: Callable[..., Laptop], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptops = [make_laptop(name, visitors=2, seed=seed, sessions=2) for name, seed in (("p", 63), ("q", 64))]
    stick = tmp_path / "stick"
    for laptop in laptops:
        laptop.export(stick)
    (stick / "broken.json").write_bytes(b'{"format": ')
    states: list[Any] = []
    for batch in (1, 2, 3, 50):
        monkeypatch.setattr(office_import, "BATCH_FILES", batch)
        office = tmp_path / f"office{batch}"
        office.mkdir()
        report = import_files([stick], office, trust_new_devices=True, now=Clock())
        states.append((_summary(report), office_state(office)))
    assert all(state == states[0] for state in states)
    assert [status for _, status, _ in states[0][0]].count(IMPORTED) == 4


def test_a_failed_commit_stops_the_import_with_its_batch_absent_and_a_rerun_completes_it(
    make_laptop: Callable[..., Laptop], tmp_path: Path, office_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from reception_tui.exchange import office_store
    from reception_tui.exchange.ack import ACK_FILE
    from reception_tui.exchange.errors import ExchangeError

    monkeypatch.setattr(office_import, "BATCH_FILES", 1)
    laptop = make_laptop("a", visitors=2, seed=65, sessions=3)
    stick = tmp_path / "stick"
    laptop.export(stick)
    real_run = office_store.PendingCommit.run
    calls = {"n": 0}

    def failing_second_commit(self: office_store.PendingCommit) -> None:
        calls["n"] += 1
        if calls["n"] != 2:
            real_run(self)
            return
        self._db.execute("ROLLBACK")
        self._error = sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(office_store.PendingCommit, "run", failing_second_commit)
    with pytest.raises(ExchangeError):
        import_files([stick], office_dir, trust_new_devices=True, now=Clock())
    with OfficeStore(office_dir) as store:
        assert store.count("session") == 1
        assert store.file_count() == 1
    assert not (stick / ACK_FILE).exists()
    monkeypatch.setattr(office_store.PendingCommit, "run", real_run)
    report = import_files([stick], office_dir, trust_new_devices=True, now=Clock())
    assert [o.status for o in report.outcomes] == [UNCHANGED, IMPORTED, IMPORTED]
    with OfficeStore(office_dir) as store:
        assert store.count("session") == 3
