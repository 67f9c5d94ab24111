"""Imported text follows the domain's one text rule: a signed file's escapes and bidirectional
overrides are verified as received, then stored and written to every ledger cleaned."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import orjson
from openpyxl import load_workbook

from reception_tui.exchange.document import sign_export
from reception_tui.exchange.office_store import STORE_FILE, OfficeStore
from tests.conftest import CliRunner

HOSTILE_NAME = "\x1b[2J\x1b[31m恶意\u202e名字"
HOSTILE_WORDS = "第一行\x1b]0;title\x07\r\n第二行\u202e反向  \n"
RAW_MARKS = ("\x1b", "\u202e", "\x07", "\r")


def _hostile_export(laptop, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """The laptop's own export with hostile text put in, signed again with the laptop's key (a
    modified laptop: everything about the file is genuine but its text)."""
    exported = laptop.export(folder)[0]
    payload = json.loads(exported.path.read_text(encoding="utf-8"))["payload"]
    payload["visitors"][0]["name"] = HOSTILE_NAME
    first_issue = next(i for i in payload["issues"] if i["visitor_id"] == payload["visitors"][0]["id"])
    first_issue["own_words"] = HOSTILE_WORDS
    built = sign_export(
        payload, laptop.outbox.device(), sequence=99, exported_at=datetime.fromisoformat("2026-11-20T18:00:00+08:00")
    )
    exported.path.unlink()
    path = folder / "hostile.json"
    path.write_bytes(built.data)
    return path


FULL = ("--with-personal-data", "--clerk", "王芳", "--reason", "核对导入的文字")
"""The ledger is masked by default; these tests read the visitor's name as stored, so ask for it (logged)."""


def test_escapes_and_bidi_overrides_are_stored_and_written_cleaned(
    make_laptop, tmp_path, office_dir, run_cli: CliRunner
):
    laptop = make_laptop("modified", visitors=2, seed=95)
    path = _hostile_export(laptop, tmp_path / "stick")
    csv_out, json_out, xlsx_out = (tmp_path / f"ledger.{fmt}" for fmt in ("csv", "json", "xlsx"))
    result = run_cli("import", str(path), "--office-dir", str(office_dir), "--trust-new-devices",
                     "--ledger", str(csv_out))  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    with OfficeStore(office_dir) as store:
        names = {r.body["name"] for r in store.records("visitor")}
        words = {r.body["own_words"] for r in store.records("issue")}
    assert "恶意名字" in names and HOSTILE_NAME not in names
    assert "第一行\n第二行反向" in words
    for out in (json_out, xlsx_out):
        assert run_cli("ledger", "--office-dir", str(office_dir), "--out", str(out), *FULL).returncode == 0
    _assert_clean_ledgers(csv_out, json_out, xlsx_out)


def test_a_ledger_of_a_store_holding_raw_text_is_written_cleaned(make_laptop, tmp_path, office_dir, run_cli):  # type: ignore[no-untyped-def]
    laptop = make_laptop("older", visitors=2, seed=96)
    path = _hostile_export(laptop, tmp_path / "stick")
    assert run_cli("import", str(path), "--office-dir", str(office_dir), "--trust-new-devices").returncode == 0
    # as an earlier version stored it: the text as received
    with sqlite3.connect(office_dir / STORE_FILE) as db:
        (state,) = db.execute("SELECT state FROM sessions").fetchone()
        document = orjson.loads(state)
        document["visitors"] = [dict(v, name=HOSTILE_NAME) for v in document["visitors"]]
        document["issues"] = [dict(i, own_words=HOSTILE_WORDS) for i in document["issues"]]
        db.execute("UPDATE sessions SET state = ?", (orjson.dumps(document, option=orjson.OPT_SORT_KEYS),))
    outs = [tmp_path / f"raw.{fmt}" for fmt in ("csv", "json", "xlsx")]
    for out in outs:
        assert run_cli("ledger", "--office-dir", str(office_dir), "--out", str(out), *FULL).returncode == 0
    _assert_clean_ledgers(*outs)


def _assert_clean_ledgers(csv_out: Path, json_out: Path, xlsx_out: Path) -> None:
    csv_text = csv_out.read_bytes().decode("utf-8-sig")
    json_text = json_out.read_text(encoding="utf-8")
    rows = json.loads(json_text)["rows"]
    cells = [str(c.value) for row in load_workbook(xlsx_out).active.iter_rows() for c in row if c.value]
    for mark in RAW_MARKS:
        assert mark not in csv_text.replace("\r\n", "\n")
        assert all(mark not in value for row in rows for value in row.values())
        assert all(mark not in cell for cell in cells)
    assert "\\u001b" not in json_text and "\\u202e" not in json_text.lower()
    assert any(row["visitor"].startswith("恶意名字") for row in rows)
    assert any(row["own_words"] == "第一行\n第二行反向" for row in rows)


def test_the_quick_look_misses_no_character_the_rule_would_change() -> None:
    """Every character of the Basic Multilingual Plane that ``clean_text`` removes or rewrites (alone
    or after a letter it may combine with) sends a text through the check of each text."""
    from reception_tui.domain.text import clean_text
    from reception_tui.exchange.text_fields import may_need_cleaning

    missed = []
    for code in range(0x21, 0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        contexts = (f"a{char}b", f"e{char}b", f"\u1100{char}b", f"\uac00{char}b", f"か{char}b")
        if any(clean_text(text) != text for text in contexts) and not may_need_cleaning(orjson.dumps(f"x{char}y")):
            missed.append(hex(code))
    assert missed == []
    assert may_need_cleaning(orjson.dumps([" 张三"])) and may_need_cleaning(orjson.dumps(["张三 "]))
    assert not may_need_cleaning(orjson.dumps(["北山街道 人大代表工作室", "，。「」“”"]))
