"""The office store keeps one document per session: merges by id and revision, keeps every version,
and gives the same result whatever order the files come in."""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reception_tui.domain.intake import VisitorInput
from reception_tui.exchange.errors import ExchangeError, RejectedFile
from reception_tui.exchange.office_import import import_files
from reception_tui.exchange.office_store import STORE_FILE, OfficeStore, content_sha256
from reception_tui.exchange.safe_json import nesting_depth, parse_untrusted, structure_outside_strings
from reception_tui.exchange.schema import document_check
from reception_tui.services.desk import DeskService
from reception_tui.storage.session_store import SessionStore
from tests.exchange.helpers import Clock, office_state


def _import(paths: list[Path], office_dir: Path):  # type: ignore[no-untyped-def]
    return import_files(paths, office_dir, trust_new_devices=True, now=Clock())


def _rename_first_visitor(laptop, name: str) -> None:  # type: ignore[no-untyped-def]
    with SessionStore(laptop.session_folders()[0]) as store:
        desk = DeskService(store, laptop.config, operator="李婷", clock=laptop.clock)
        visitor = store.visitors()[0]
        desk.update_visitor(
            visitor.id,
            VisitorInput(name=name, phone=visitor.phone, district=visitor.district, consent=True),
            correction=True,
        )


def test_an_update_keeps_the_first_files_payload_and_every_version(make_laptop, tmp_path, office_dir):
    laptop = make_laptop("a", visitors=2, seed=71)
    first = laptop.export(tmp_path / "one")[0].path
    _rename_first_visitor(laptop, "第二版")
    second = laptop.export(tmp_path / "two")[0].path
    _import([first], office_dir)
    _import([second], office_dir)
    first_payload = orjson.dumps(orjson.loads(first.read_bytes())["payload"], option=orjson.OPT_SORT_KEYS)
    second_payload = orjson.dumps(orjson.loads(second.read_bytes())["payload"], option=orjson.OPT_SORT_KEYS)
    with OfficeStore(office_dir) as store:
        payloads = [row[0] for row in store._db.execute("SELECT payload FROM files ORDER BY rowid")]
        [(source,)] = store._db.execute("SELECT source_file FROM sessions").fetchall()
        [visitor] = [v for v in store.records("visitor") if v.body["name"] == "第二版"]
        versions = store.versions_of(visitor.session_id, "visitor", visitor.id)
        [(cases,)] = store._db.execute("SELECT case_numbers FROM sessions").fetchall()
        current = sorted(i.body["case_number"] for i in store.records("issue"))
        assert sorted(cases.split("\n")) == current and store.case_numbers_used_twice() == {}
        assert store.version_count() == sum(len(v) for v in store.session(visitor.session_id).records.values()) + 1
    # once the state changed, the first file keeps its own copy; the state is no longer any one file
    assert payloads == [first_payload, second_payload] and source is None
    assert [v["revision"] for v in versions] == [1, 2] and versions[1]["name"] == "第二版"


def test_files_in_every_order_give_the_same_store(make_laptop, tmp_path):
    laptop = make_laptop("a", visitors=2, seed=72)
    files = [laptop.export(tmp_path / "v1")[0].path]
    for step, name in enumerate(("二", "三")):
        _rename_first_visitor(laptop, name)
        files.append(laptop.export(tmp_path / f"v{step + 2}")[0].path)
    states = []
    for number, order in enumerate(itertools.permutations(files)):
        office = tmp_path / f"office{number}"
        office.mkdir()
        for path in order:
            assert _import([path], office).exit_code == 0
        states.append(office_state(office))
    assert all(state == states[0] for state in states)
    names = {body["name"] for (kind, _), (_, body) in states[0].items() if kind == "visitor"}
    assert "三" in names and "二" not in names


def test_a_store_of_the_earlier_format_is_refused_with_what_to_do(office_dir):
    with sqlite3.connect(office_dir / STORE_FILE) as db:
        db.execute("CREATE TABLE versions (x)")
        db.execute("PRAGMA user_version=1")
    with pytest.raises(ExchangeError) as caught:
        OfficeStore(office_dir)
    assert "format 1" in str(caught.value) and "new office folder" in str(caught.value)
    with sqlite3.connect(office_dir / STORE_FILE) as db:  # left as it was
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1


def test_lookups_by_site_and_day_find_only_that_days_sessions(make_laptop, tmp_path, office_dir):
    laptop = make_laptop("a", visitors=2, seed=73, sessions=2)
    paths = [r.path for r in laptop.export(tmp_path / "stick")]
    _import(paths, office_dir)
    with OfficeStore(office_dir) as store:
        everything = list(store.sessions())
        first = everything[0].session.body
        found = store.sessions_on(first["site_code"], first["day"])
        assert {s.session_id for s in found} == {
            s.session_id
            for s in everything
            if (s.session.body["site_code"], s.session.body["day"]) == (first["site_code"], first["day"])
        }
        assert store.sessions_on(first["site_code"], "1999-01-01") == []
        assert store.count("visitor") == sum(len(s.records["visitor"]) for s in everything)


def test_content_hash_is_of_the_canonical_record() -> None:
    record: dict[str, Any] = {"b": 1, "a": "字"}
    assert content_sha256(record) == content_sha256({"a": "字", "b": 1})
    assert len(content_sha256(record)) == 64


# -- the scan before parsing ------------------------------------------------------------------------


def _reference_structure(raw: bytes) -> bytes:
    """Brackets, colons and commas outside strings, found one byte at a time."""
    kept = bytearray()
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in b"[]{}:,":
            kept.append(byte)
    return bytes(kept)


TRICKY_TEXT = st.text(alphabet=st.sampled_from(list('ab":[]{},\\\n字 ')), max_size=12)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | TRICKY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TRICKY_TEXT, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(JSON_VALUES, st.booleans())
def test_the_scan_finds_exactly_the_structure_outside_strings(value: Any, indent: bool) -> None:
    raw = json.dumps(value, ensure_ascii=False, indent=2 if indent else None).encode("utf-8")
    structure = structure_outside_strings(raw)
    assert structure == _reference_structure(raw)
    assert parse_untrusted(raw) == value
    assert nesting_depth(structure) == nesting_depth(_reference_structure(raw))


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"a": 1, "b": {"c": 1.0}}', "exchange.reject.not_json"),
        (b"[1e5]", "exchange.reject.not_json"),
        (b"2.5", "exchange.reject.not_json"),
        (b'{"a": "1.0e5", "a": 1}', "exchange.reject.duplicate_key"),
        (b'{"a:": 1, "a:": 2}', "exchange.reject.duplicate_key"),
        (b'[{"x": "::", "y": 1}, {"x": 1, "x": 2}]', "exchange.reject.duplicate_key"),
    ],
)
def test_floats_anywhere_and_duplicate_keys_are_refused(raw: bytes, reason: str) -> None:
    with pytest.raises(RejectedFile) as caught:
        parse_untrusted(raw)
    assert caught.value.reason == reason


def test_numbers_and_letters_inside_strings_are_only_text() -> None:
    assert parse_untrusted(b'{"t": "12:30:00.5e+08", "x": ["1.5", "true"]}') == {
        "t": "12:30:00.5e+08",
        "x": ["1.5", "true"],
    }


def test_schema_errors_name_the_place_and_rule_never_the_value(make_laptop, tmp_path) -> None:
    laptop = make_laptop("a", visitors=1, seed=74)
    document = orjson.loads(laptop.export(tmp_path / "stick")[0].path.read_bytes())
    document["payload"]["visitors"][0]["phone"] = "秘密电话" * 40
    found = document_check().first_error(document)
    assert found is not None
    path, keyword = found
    assert path == "$.payload.visitors[0].phone" and keyword in {"maxLength", "pattern"}
    assert "秘密" not in path + keyword


def test_two_laptops_at_one_place_and_day_are_told_their_case_numbers_collide(
    make_laptop, tmp_path, office_dir, capsys
):
    from reception_tui.cli import main as cli_main
    from reception_tui.exchange.ledger import write_ledger

    first = make_laptop("a", visitors=2, seed=75)
    second = make_laptop("b", visitors=3, seed=76)
    stick = tmp_path / "stick"
    first.export(stick)
    second.export(stick)
    code = cli_main(["import", str(stick), "--office-dir", str(office_dir), "--trust-new-devices"])
    out = capsys.readouterr().out
    assert code == 0
    with OfficeStore(office_dir) as store:
        duplicates = store.case_numbers_used_twice()
        assert duplicates and set(duplicates.values()) == {2}
        assert store.case_numbers_used_twice([next(store.sessions()).session_id]) == duplicates
    assert "登记编号被两个以上事项使用" in out
    assert all(case in out for case in list(duplicates)[:10])
    write_ledger(office_dir, "json", tmp_path / "ledger.json")
    rows = json.loads((tmp_path / "ledger.json").read_text(encoding="utf-8"))["rows"]
    marked = {row["case_number"] for row in rows if row["duplicate_case"] == "是"}
    assert marked == set(duplicates)
    assert all(row["duplicate_case"] == "" for row in rows if row["case_number"] not in duplicates)
    from reception_tui.receipts.office_lookup import lookup_office

    with OfficeStore(office_dir) as store:  # looking one of them up shows both visitors, not the first found
        found = lookup_office(store, next(iter(duplicates)), verification_key=None)
    assert len(found.matches) == 2 and len({m.session_id for m in found.matches}) == 2


def test_one_laptop_alone_has_no_colliding_case_numbers(make_laptop, tmp_path, office_dir):
    laptop = make_laptop("a", visitors=4, seed=77, sessions=2)
    report = _import([r.path for r in laptop.export(tmp_path / "stick")], office_dir)
    assert report.exit_code == 0 and report.duplicate_cases == {}
    with OfficeStore(office_dir) as store:
        assert store.case_numbers_used_twice() == {}


def test_an_export_that_changes_nothing_leaves_the_state_where_it_is(make_laptop, tmp_path, office_dir):
    laptop = make_laptop("a", visitors=2, seed=78)
    first = laptop.export(tmp_path / "one")[0].path
    first_again = laptop.export(tmp_path / "one-b")[0].path  # the same records, another export number
    assert first_again.read_bytes() != first.read_bytes()
    _rename_first_visitor(laptop, "新名字")
    newer = laptop.export(tmp_path / "two")[0].path
    _import([first, newer], office_dir)
    with OfficeStore(office_dir) as store:
        before = store._db.execute("SELECT state, source_file, versions, case_numbers FROM sessions").fetchall()
    report = _import([first_again], office_dir)  # older records, arriving after the newer ones
    assert report.outcomes[0].status == "unchanged" and not report.totals.changed
    with OfficeStore(office_dir) as store:
        after = store._db.execute("SELECT state, source_file, versions, case_numbers FROM sessions").fetchall()
        kept = store._db.execute(
            "SELECT payload FROM files WHERE file_name = ?", (first_again.name,)
        ).fetchone()[0]
        assert after == before and store.file_count() == 3
    assert kept == orjson.dumps(orjson.loads(first_again.read_bytes())["payload"], option=orjson.OPT_SORT_KEYS)


def _payload(session_revision: int, day: str, visitors: list[dict[str, Any]]) -> dict[str, Any]:
    session = {"id": "s1", "revision": session_revision, "day": day, "site_code": "BSJD"}
    return {
        "config_version": f"v{session_revision}",
        "session": session,
        "visitors": visitors,
        "issues": [],
        "receipts": [],
        "audit_events": [],
    }


def _export(payload: dict[str, Any]):  # type: ignore[no-untyped-def]
    from reception_tui.exchange.reader import VerifiedExport

    body = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
    manifest = {
        "device_id": "d1",
        "device_key": {"public_key": ""},
        "export_sequence": payload["session"]["revision"],
        "session_id": "s1",
        "site_code": payload["session"]["site_code"],
        "session_day": payload["session"]["day"],
        "counts": {name: len(payload[name]) for name in ("visitors", "issues", "receipts", "audit_events")},
        "payload": {"sha256": hashlib.sha256(body).hexdigest()},
    }
    return VerifiedExport(manifest, None, False, body)


def test_merging_records_by_revision_with_a_conflict_and_a_corrected_session_day(office_dir):
    first = _payload(1, "2026-11-20", [{"id": "v1", "revision": 1, "name": "甲"}])
    second = _payload(
        2, "2026-11-21", [{"id": "v1", "revision": 1, "name": "乙"}, {"id": "v2", "revision": 1, "name": "丙"}]
    )
    with OfficeStore(office_dir) as store:
        store.merge(_export(first), file_sha256="f1", file_name="one", now=Clock()())
        counts = store.merge(_export(second), file_sha256="f2", file_name="two", now=Clock()())
        assert (counts.new, counts.updated, counts.conflicts) == ({"visitor": 1}, {"session": 1}, {"visitor": 1})
        [stored] = list(store.sessions())
        winner = min((first["visitors"][0], second["visitors"][0]), key=content_sha256)
        assert stored.records["visitor"][0].body == winner  # v1 sorts before v2
        assert sorted(stored.conflicts["visitor"]["v1"]) == sorted(
            content_sha256(v) for v in (first["visitors"][0], second["visitors"][0])
        )
        assert stored.session.body["day"] == "2026-11-21"
        assert [s.session_id for s in store.sessions_on("BSJD", "2026-11-21")] == ["s1"]
        assert store.sessions_on("BSJD", "2026-11-20") == []
        assert [v["name"] for v in store.versions_of("s1", "visitor", "v1")] == [
            v["name"] for v in sorted((first["visitors"][0], second["visitors"][0]), key=content_sha256)
        ]


def test_the_store_and_its_wal_files_are_private_to_the_office_user(make_laptop, tmp_path, office_dir):
    laptop = make_laptop("private", visitors=2, seed=71)
    _import([p.path for p in laptop.export(tmp_path / "stick")], office_dir)
    with OfficeStore(office_dir) as store:  # open: the -wal and -shm files exist meanwhile
        assert store.file_count() == 1
        files = [office_dir / STORE_FILE, office_dir / f"{STORE_FILE}-wal", office_dir / f"{STORE_FILE}-shm"]
        assert {path.name: path.stat().st_mode & 0o777 for path in files} == {path.name: 0o600 for path in files}


def test_a_store_made_readable_to_others_is_made_private_again(office_dir):
    with OfficeStore(office_dir):
        pass
    (office_dir / STORE_FILE).chmod(0o644)
    with OfficeStore(office_dir):
        modes = {p.name: p.stat().st_mode & 0o777 for p in office_dir.glob(f"{STORE_FILE}*")}
    assert modes and set(modes.values()) == {0o600}
