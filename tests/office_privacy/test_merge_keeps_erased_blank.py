"""The import merge itself keeps an erased visitor blank, whatever revision of them or their issues comes in."""

from __future__ import annotations

import copy
from typing import Any

from reception_tui.exchange.office_store import _merge_state


def _document(name: str, revision: int, own_words: str, issue_revision: int) -> dict[str, Any]:
    return {
        "session": {"id": "s1", "revision": 1, "site_code": "BSJD", "day": "2026-11-20"},
        "visitors": [
            {"id": "v1", "revision": revision, "name": name, "phone": "13912345678" if name else "", "district": "一"},
            {"id": "v2", "revision": 1, "name": "李四", "phone": "13700001111", "district": "二"},
        ],
        "issues": [
            {"id": "i1", "revision": issue_revision, "visitor_id": "v1", "own_words": own_words, "summary": own_words,
             "place": "", "category": "城建", "case_number": "BSJD-1"},
            {"id": "i2", "revision": 1, "visitor_id": "v1", "own_words": "", "summary": "", "place": "",
             "category": "城建", "case_number": "BSJD-2"},
        ],
        "receipts": [],
        "audit_events": [],
        "config_version": "1",
    }  # fmt: skip


def test_a_newer_revision_of_an_erased_visitor_stays_blank() -> None:
    stored = _document("", 1, "", 1)
    stored["erased_visitors"] = ["v1"]
    newer = _document("张三", 2, "张三家的路灯坏了", 2)
    newer["issues"].append(
        {"id": "i3", "revision": 1, "visitor_id": "v1", "own_words": "张三又来了", "summary": "", "place": "张家",
         "category": "城建", "case_number": "BSJD-3"}
    )  # fmt: skip
    counts, merged, _, _ = _merge_state(copy.deepcopy(stored), newer, {})
    (v1, v2) = merged["visitors"]
    assert v1["name"] == v1["phone"] == "" and v1["revision"] == 2 and v1["district"] == "一"
    assert v2["name"] == "李四"
    assert all(i["own_words"] == i["summary"] == i["place"] == "" for i in merged["issues"])
    assert [i["case_number"] for i in merged["issues"]] == ["BSJD-1", "BSJD-2", "BSJD-3"]
    assert merged["erased_visitors"] == ["v1"] and counts.updated == {"visitor": 1, "issue": 1}


def test_an_older_export_of_an_erased_visitor_is_unchanged() -> None:
    stored = _document("", 1, "", 1)
    stored["erased_visitors"] = ["v1"]
    counts, merged, conflicts, added = _merge_state(copy.deepcopy(stored), _document("张三", 1, "原话", 1), {})
    assert not counts.changed and added == 0 and conflicts == {}
    assert merged["visitors"][0]["name"] == ""
