"""Nothing forged, nothing damaged, nothing readable by whoever finds the stick."""

from __future__ import annotations

import base64
import json
import shutil
import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox
from nacl.signing import SigningKey

from reception_tui.exchange.canonical import sha256_hex
from reception_tui.exchange.errors import RejectedFile
from reception_tui.exchange.keys import OfficeKey
from reception_tui.exchange.office_import import IMPORTED, REJECTED, UNCHANGED, import_files
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.exchange.safe_json import parse_untrusted
from reception_tui.exchange.trust import TrustedDevices
from tests.exchange.helpers import Clock


def _import(paths, office_dir, trust=True):  # type: ignore[no-untyped-def]
    return import_files(paths, office_dir, trust_new_devices=trust, now=Clock())


def _reasons(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [o.reason for o in report.outcomes if o.status == REJECTED]


def _rewrite(path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    target = path.with_name("changed_" + path.name)
    target.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return target


@pytest.fixture
def export_file(make_laptop, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    laptop = make_laptop("a", visitors=4, seed=11)
    return laptop.export(tmp_path / "stick")[0].path


def test_a_flipped_byte_in_the_payload_is_rejected_as_damaged(export_file, office_dir):
    raw = bytearray(export_file.read_bytes())
    text = raw.decode("utf-8")
    position = text.index('"summary": "') + len('"summary": "')
    position = len(text[:position].encode("utf-8"))
    raw[position] ^= 0x01
    damaged = export_file.with_name("flipped.json")
    damaged.write_bytes(bytes(raw))
    report = _import([damaged], office_dir)
    assert _reasons(report) in (["exchange.reject.checksum"], ["exchange.reject.not_json"])
    assert report.exit_code == 1
    with OfficeStore(office_dir) as store:
        assert store.count("issue") == 0


def test_a_changed_manifest_breaks_the_signature(export_file, office_dir):
    changed = _rewrite(export_file, lambda d: d["manifest"].update(export_sequence=99))
    assert _reasons(_import([changed], office_dir)) == ["exchange.reject.signature"]


def test_a_forged_file_signed_with_another_key_is_rejected(export_file, office_dir):
    assert _import([export_file], office_dir).exit_code == 0
    forger = SigningKey.generate()

    def forge(document):  # type: ignore[no-untyped-def]
        document["payload"]["issues"][0]["summary"] = "伪造的摘要"
        document["payload"]["issues"][0]["revision"] += 1
        payload = orjson.dumps(document["payload"], option=orjson.OPT_SORT_KEYS)
        document["manifest"]["payload"]["sha256"] = sha256_hex(payload)
        document["manifest"]["device_key"]["public_key"] = base64.b64encode(bytes(forger.verify_key)).decode()
        manifest = orjson.dumps(document["manifest"], option=orjson.OPT_SORT_KEYS)
        document["signature"]["value"] = base64.b64encode(forger.sign(manifest).signature).decode()

    forged = _rewrite(export_file, forge)
    report = _import([forged], office_dir, trust=True)
    assert _reasons(report) == ["exchange.reject.device_key_changed"]
    with OfficeStore(office_dir) as store:
        assert all(r.body["summary"] != "伪造的摘要" for r in store.records("issue"))


def test_a_keeping_the_signature_but_changing_the_payload_fails_the_checksum(export_file, office_dir):
    changed = _rewrite(export_file, lambda d: d["payload"]["visitors"][0].update(name="冒名"))
    assert _reasons(_import([changed], office_dir)) == ["exchange.reject.checksum"]


def test_an_unknown_laptop_is_reported_and_accepted_only_once_trusted(export_file, office_dir):
    report = _import([export_file], office_dir, trust=False)
    assert _reasons(report) == ["exchange.reject.unknown_device"]
    assert "key" in report.outcomes[0].detail_text("en")
    reason_file = report.outcomes[0].quarantined.with_name(
        report.outcomes[0].quarantined.name + ".reason.txt"
    )
    assert "exchange.reject.unknown_device" in reason_file.read_text(encoding="utf-8")
    report = _import([export_file], office_dir, trust=True)
    assert report.outcomes[0].status == IMPORTED and report.new_devices
    assert TrustedDevices.load(office_dir).key_of(report.new_devices[0])
    assert _import([export_file], office_dir, trust=False).outcomes[0].status == UNCHANGED


def test_a_sealed_file_is_unreadable_without_the_office_key(make_laptop, tmp_path, office_dir, office_key):
    laptop = make_laptop("sealed", visitors=4, seed=12, office_public_key=office_key.public_key)
    path = laptop.export(tmp_path / "stick")[0].path
    raw = path.read_bytes()
    snapshot = laptop.data.read(laptop.session_folders()[0])
    for visitor in snapshot.visitors:
        for secret in (visitor.name, visitor.phone, visitor.address):
            if secret:
                assert secret.encode("utf-8") not in raw
    document = json.loads(raw)
    assert "payload" not in document
    assert document["manifest"]["counts"]["visitors"] == 4
    ciphertext = base64.b64decode(document["sealed_payload"])
    with pytest.raises(CryptoError):
        SealedBox(PrivateKey.generate()).decrypt(ciphertext)

    other_office = tmp_path / "other"
    other_office.mkdir()
    assert _reasons(_import([path], other_office)) == ["exchange.reject.no_office_key"]
    OfficeKey.create(other_office)
    assert _reasons(_import([path], other_office)) == ["exchange.reject.other_office"]
    report = _import([path], office_dir)
    assert report.exit_code == 0
    with OfficeStore(office_dir) as store:
        assert sorted(r.body["name"] for r in store.records("visitor")) == sorted(
            v.name for v in snapshot.visitors
        )


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"a": NaN}', "exchange.reject.not_json"),
        (b'{"a": Infinity}', "exchange.reject.not_json"),
        (b'{"a": 1, "a": 2}', "exchange.reject.duplicate_key"),
        (b'{"a": {"b": 1, "b": 1}}', "exchange.reject.duplicate_key"),
        (b"[" * 100 + b"]" * 100, "exchange.reject.too_deep"),
        (b"[" * 100000, "exchange.reject.too_deep"),
        (b'{"a": "\xff"}', "exchange.reject.not_utf8"),
        (b'{"a": "\xed\xa0\x80"}', "exchange.reject.not_utf8"),
        (b'{"a": "\xe5\xad"}', "exchange.reject.not_utf8"),
        (b'{"\xc0\xaf": 1}', "exchange.reject.not_utf8"),
        (b'{"a": "\\ud800"}', "exchange.reject.not_json"),
        (b'{"a": 1.5}', "exchange.reject.not_json"),
        (b'{"a": 2.0}', "exchange.reject.not_json"),
        (b'{"a": 1E5}', "exchange.reject.not_json"),
        (b'{"a": -1e-5}', "exchange.reject.not_json"),
    ],
)
def test_hostile_json_is_refused_before_or_while_parsing(raw, reason):
    with pytest.raises(RejectedFile) as caught:
        parse_untrusted(raw)
    assert caught.value.reason == reason


def test_brackets_and_colons_inside_strings_do_not_count():
    value = parse_untrusted(
        b'{"k": "[[[[{{{{::::.eE\\"\\\\", "l": ["]"], "t": true, "f": false, "n": null}', max_depth=2
    )
    assert value == {"k": '[[[[{{{{::::.eE"\\', "l": ["]"], "t": True, "f": False, "n": None}


def test_a_file_over_the_size_limit_is_refused_before_reading(export_file, office_dir, monkeypatch):
    monkeypatch.setattr("reception_tui.exchange.office_import.MAX_FILE_BYTES", 1000)
    assert _reasons(_import([export_file], office_dir)) == ["exchange.reject.too_large"]


_REAL_FILES: dict[str, bytes] = {}


def _real_file(tmp_root: Path, make_laptop) -> bytes:  # type: ignore[no-untyped-def]
    if "plain" not in _REAL_FILES:
        laptop = make_laptop("fuzz", visitors=2, seed=13)
        _REAL_FILES["plain"] = laptop.export(tmp_root / "fuzz-stick")[0].path.read_bytes()
    return _REAL_FILES["plain"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_and_truncated_files_never_crash_nor_leave_anything_partial(data, make_laptop, tmp_path):
    original = _real_file(tmp_path, make_laptop)
    kind = data.draw(st.sampled_from(["truncate", "flip", "insert", "delete", "replace_span"]))
    raw = bytearray(original)
    position = data.draw(st.integers(0, len(raw) - 1))
    if kind == "truncate":
        raw = raw[:position]
    elif kind == "flip":
        raw[position] ^= 1 << data.draw(st.integers(0, 7))
    elif kind == "insert":
        raw[position:position] = data.draw(st.binary(min_size=1, max_size=8))
    elif kind == "delete":
        del raw[position : position + data.draw(st.integers(1, 64))]
    else:
        raw[position : position + 4] = data.draw(
            st.sampled_from([b"NaN,", b'"a":', b"[[[[", b"}}}}", b"null", b"1e99"])
        )
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "office").mkdir()
        (root / "stick").mkdir()
        path = root / "stick" / "mutated.json"
        path.write_bytes(bytes(raw))
        report = _import([path], root / "office")
        [outcome] = report.outcomes
        assert outcome.status in (IMPORTED, REJECTED)
        with OfficeStore(root / "office") as store:
            counts = (store.count("session"), store.count("visitor"), store.count("issue"))
        if outcome.status == REJECTED:
            assert (
                outcome.reason.startswith("exchange.reject.") and outcome.reason != "exchange.reject.internal"
            )
            assert counts == (0, 0, 0)
            reason_file = outcome.quarantined.with_name(outcome.quarantined.name + ".reason.txt")
            assert outcome.reason in reason_file.read_text(encoding="utf-8")
        else:
            assert counts == (1, 2, counts[2]) and counts[2] >= 2
        shutil.rmtree(root / "office")


@pytest.mark.parametrize(
    ("text", "reason", "detail"),
    [
        ("not base64!", "exchange.reject.schema", "$.sealed_payload"),  # the schema's pattern
        ("QUJD=A", "exchange.reject.schema", "$.sealed_payload"),  # padding inside
        ("QUJDRA=", "exchange.reject.schema", "$.sealed_payload"),  # the pattern holds, the padding is wrong
        ("QUJD", "exchange.reject.checksum", ""),  # base64, but not what the manifest's hash names
    ],
)
def test_a_sealed_payload_that_is_not_its_base64_is_refused_with_the_reason(  # type: ignore[no-untyped-def]
    make_laptop, tmp_path, office_dir, office_key, text, reason, detail
):
    laptop = make_laptop("sealed", visitors=2, seed=14, office_public_key=office_key.public_key)
    path = laptop.export(tmp_path / "stick")[0].path
    changed = _rewrite(path, lambda document: document.__setitem__("sealed_payload", text))
    report = _import([changed], office_dir)
    assert _reasons(report) == [reason]
    assert detail in report.outcomes[0].detail_text("en")
    assert _import([path], office_dir).exit_code == 0  # the file as sealed still opens
