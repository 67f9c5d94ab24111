"""The case store on a real office folder: sync, re-exports, the whole journey of steps, conflicts between
clerks, filters and paging in SQL, search, the reveal log, masking, documents, schema versions."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import psycopg
import pytest

from reception_tui.domain.dispositions import DispositionInput
from reception_tui.domain.errors import StateError, ValidationFailed
from reception_tui.domain.followup import CaseKind, CaseState, Step, StepKind
from reception_tui.domain.intake import IssueInput
from reception_tui.domain.models import DispositionKind
from reception_tui.exchange.office_store import STORE_FILE
from reception_tui.office import store as store_module
from reception_tui.office.db import Database, DatabaseError
from reception_tui.office.model import CaseQuery, RevealField, Sort, StoreConflict
from reception_tui.office.schema import LATEST
from reception_tui.office.store import CaseStore
from reception_tui.services.desk import DeskService
from reception_tui.storage.session_store import SessionStore
from tests.exchange.conftest import Laptop
from tests.office.conftest import NOW, import_into

AT = NOW
KIND_OF = {"transfer": CaseKind.TRANSFER, "suggestion": CaseKind.SUGGESTION, "explained": CaseKind.EXPLAINED,
           "redirected": CaseKind.REDIRECTED}  # fmt: skip


def _state(store: CaseStore) -> dict[str, Any]:
    state = store.db.scalar("SELECT state FROM sessions")
    return dict(orjson.loads(state))


def _step(kind: StepKind, clerk: str = "王芳", **data: Any) -> Step:
    return Step(kind, clerk, AT, data)


def _first(store: CaseStore, kind: CaseKind, **filters: Any) -> Any:
    cases = [c for c in store.query(CaseQuery(**filters), limit=500).cases if c.kind is kind]
    return cases[0]


def test_sync_makes_one_case_per_issue_with_its_kind_and_state(store: CaseStore) -> None:
    state = _state(store)
    page = store.query(CaseQuery(), limit=500)
    assert page.total == len(state["issues"]) == len(page.cases) > 10
    issues = {issue["id"]: issue for issue in state["issues"]}
    for case in page.cases:
        issue = issues[case.case_id]
        disposition = issue.get("disposition")
        kind = KIND_OF[disposition["kind"]] if disposition else CaseKind.UNDECIDED
        assert case.kind is kind and case.desk.case_number == issue["case_number"] and case.revision == 1
        light = kind in (CaseKind.EXPLAINED, CaseKind.REDIRECTED)
        assert case.state is (CaseState.SETTLED if light else CaseState.AWAITING_TRANSFER)
        if kind is CaseKind.TRANSFER:
            assert case.desk.desk_target == disposition["target_code"]
    again = store.sync()
    assert (again.new, again.changed, again.unchanged) == (0, 0, 0)  # nothing re-projected
    assert store.db.scalar("SELECT COUNT(*) FROM case_sync") == 1


def test_sync_reports_new_cases(imported: Path, open_store: Callable[[Path], CaseStore]) -> None:
    store = open_store(imported)
    report = store.sync()
    assert report.new == store.query(CaseQuery()).total and report.changed == 0


def _change_summary(laptop: Laptop, issue_id: str, summary: str) -> None:
    with SessionStore(laptop.session_folders()[0]) as session:
        desk = DeskService(session, laptop.config, operator="李婷", clock=laptop.clock)
        issue = next(i for i in session.issues() if i.id == issue_id)
        data = IssueInput(
            category=issue.category, request_type=issue.request_type, place=issue.place, own_words=issue.own_words,
            summary=summary, receiving_deputy=issue.receiving_deputy, confidential=issue.confidential,
        )  # fmt: skip
        desk.update_issue(issue_id, data, correction=True)


def test_a_re_export_updates_the_desk_fields_and_keeps_the_follow_up(
    store: CaseStore, laptop: Laptop, imported: Path, tmp_path: Path, office_db: str | None
) -> None:
    case = _first(store, CaseKind.TRANSFER)
    saved = store.apply(case.case_id, _step(StepKind.TRANSFER, unit="QZF", slip_number="ZB-1", on=date(2026, 11, 23)),
                        revision=1)  # fmt: skip
    _change_summary(laptop, case.case_id, "路灯坏了三个月没人修")
    import_into(imported, [r.path for r in laptop.export(tmp_path / "again")], office_db)
    report = store.sync()
    assert report.changed == 1 and report.source_changed_ids == [case.case_id] and report.new == 0
    after = store.get(case.case_id)
    assert after.desk.summary == "路灯坏了三个月没人修" and after.source_changed
    assert after.followup == saved.followup and after.revision == 2 and after.state is CaseState.TRANSFERRED
    assert [c.case_id for c in store.query(CaseQuery(source_changed=True)).cases] == [case.case_id]
    assert [c.case_id for c in store.query(CaseQuery(text="路灯坏了")).cases] == [case.case_id]
    store.acknowledge(case.case_id, "王芳")
    assert not store.get(case.case_id).source_changed


def test_the_whole_journey_is_stored_step_by_step(store: CaseStore) -> None:
    case = _first(store, CaseKind.TRANSFER)
    d = date(2026, 11, 21)
    journey: list[tuple[StepKind, dict[str, Any], CaseState]] = [
        (StepKind.TRANSFER, {"unit": "QZF", "slip_number": "ZB-7", "on": d}, CaseState.TRANSFERRED),
        (StepKind.RETURN, {"on": d, "reason": "不属本单位职责"}, CaseState.RETURNED),
        (StepKind.TRANSFER, {"unit": "QZJJ", "slip_number": "ZB-8", "on": d + timedelta(1)}, CaseState.TRANSFERRED),
        (StepKind.EXTEND, {"on": d + timedelta(2), "reason": "需现场勘查", "due": date(2027, 3, 1)},
         CaseState.EXTENDED),
        (StepKind.REPLY, {"on": d + timedelta(3), "outcome": "B", "summary": "已列入计划"}, CaseState.REPLIED),
        (StepKind.COPY, {"on": d + timedelta(3), "deputies": ["周建国"]}, CaseState.COPIED),
        (StepKind.INFORM, {"on": d + timedelta(4), "deputy": "周建国", "channel": "phone"}, CaseState.INFORMED),
        (StepKind.SURVEY, {"on": d + timedelta(4), "satisfaction": "unsatisfied", "note": "进度太慢"},
         CaseState.SURVEYED),
        (StepKind.REHANDLE, {"on": d + timedelta(5), "unit": "QZJJ", "reason": "选民不满意"}, CaseState.REHANDLING),
        (StepKind.REPLY, {"on": d + timedelta(5), "outcome": "A", "summary": "已修复"}, CaseState.REPLIED),
        (StepKind.COPY, {"on": d + timedelta(5), "deputies": ["周建国", "林晓梅"]}, CaseState.COPIED),
        (StepKind.INFORM, {"on": d + timedelta(6), "deputy": "林晓梅", "channel": "visit"}, CaseState.INFORMED),
        (StepKind.SURVEY, {"on": d + timedelta(6), "satisfaction": "satisfied"}, CaseState.SURVEYED),
        (StepKind.CLOSE, {"on": d + timedelta(6), "note": ""}, CaseState.CLOSED),
    ]  # fmt: skip
    revision = 1
    for number, (kind, data, expected) in enumerate(journey, start=1):
        before = store.get(case.case_id).state
        result = store.apply(case.case_id, _step(kind, "李强" if number % 2 else "王芳", **data), revision=revision)
        revision += 1
        stored = store.get(case.case_id)
        assert stored == result and stored.state is expected and stored.revision == revision
        assert stored.updated_by == ("李强" if number % 2 else "王芳") and stored.updated_at == AT
        row = store.db.fetchone(
            "SELECT seq, kind, state_before, state_after, revision, data FROM case_steps WHERE case_id = ? "
            "ORDER BY seq DESC LIMIT 1",
            (case.case_id,),
        )
        assert row is not None and row[:5] == (number, kind.value, before.value, expected.value, revision)
        assert orjson.loads(row[5])["on"] == data["on"].isoformat()  # dates stored as ISO text
    final = store.get(case.case_id)
    assert final.followup.outcome is not None and final.followup.solved and final.followup.round == 2
    assert final.followup.closed_on == d + timedelta(6) and final.followup.unit == "QZJJ"
    timeline = store.timeline(case.case_id)
    assert [entry.step.kind for entry in timeline] == [kind for kind, _, _ in journey]
    assert [entry.revision for entry in timeline] == list(range(2, len(journey) + 2))
    assert timeline[3].step.data["due"] == date(2027, 3, 1) and timeline[0].step.clerk == "李强"
    # a due date the limit gave (no date typed) is stored with its step, so the timeline can show it
    assert "due" not in journey[0][1] and isinstance(timeline[0].step.data["due"], date)
    assert timeline[0].step.data["due"] > d and timeline[8].step.data["due"] == date(2026, 12, 26)
    # a step the state does not allow is refused and changes nothing
    with pytest.raises(StateError):
        store.apply(case.case_id, _step(StepKind.REPLY, on=d, outcome="A", summary="x"), revision=revision)
    assert store.get(case.case_id) == final and len(store.timeline(case.case_id)) == len(journey)


def test_two_clerks_saving_the_same_case_the_second_gets_a_conflict(
    imported: Path, open_store: Callable[[Path], CaseStore]
) -> None:
    first, second = open_store(imported), open_store(imported)
    first.sync()
    second.sync()
    case = _first(first, CaseKind.TRANSFER)
    seen_by_second = second.get(case.case_id)
    first.apply(case.case_id, _step(StepKind.TRANSFER, "王芳", unit="QZF", slip_number="ZB-1", on=date(2026, 11, 23)),
                revision=case.revision)  # fmt: skip
    with pytest.raises(StoreConflict) as caught:
        second.apply(
            case.case_id, _step(StepKind.TRANSFER, "李强", unit="QZJJ", slip_number="ZB-2", on=date(2026, 11, 24)),
            revision=seen_by_second.revision,
        )  # fmt: skip
    conflict = caught.value
    assert conflict.current.revision == 2 and conflict.current.followup.unit == "QZF"
    assert [(e.step.clerk, e.step.kind, e.revision) for e in conflict.since] == [("王芳", StepKind.TRANSFER, 2)]
    assert conflict.key == "office.error.conflict" and conflict.params["revision"] == 2
    assert len(second.timeline(case.case_id)) == 1 and second.get(case.case_id).followup.unit == "QZF"


def test_a_step_holding_the_visitors_phone_or_name_is_refused(store: CaseStore) -> None:
    case = _first(store, CaseKind.TRANSFER)
    visitor = next(v for v in _state(store)["visitors"] if v["id"] == case.desk.visitor_id)
    for text in (f"请打 {visitor['phone'][:3]}-{visitor['phone'][3:]}", f"{visitor['name']}说路灯坏了"):
        with pytest.raises(ValidationFailed) as caught:
            store.apply(case.case_id, _step(StepKind.TRANSFER, unit="QZF", slip_number=text, on=date(2026, 11, 23)),
                        revision=1)  # fmt: skip
        assert caught.value.fields() == ["slip_number"]
    assert store.get(case.case_id).revision == 1 and store.timeline(case.case_id) == []


def test_every_filter_runs_in_sql(store: CaseStore) -> None:
    everything = store.query(CaseQuery(), limit=500).cases
    transfer = [c for c in everything if c.kind is CaseKind.TRANSFER]
    a, b = transfer[0], transfer[1]
    store.apply(a.case_id, _step(StepKind.TRANSFER, unit="QZF", slip_number="1", on=date(2026, 11, 21),
                                 due=date(2026, 11, 25)), revision=1)  # fmt: skip
    store.apply(b.case_id, _step(StepKind.TRANSFER, unit="QZJJ", slip_number="2", on=date(2026, 11, 21),
                                 due=date(2026, 11, 28)), revision=1)  # fmt: skip

    def ids(**filters: Any) -> set[str]:
        return {c.case_id for c in store.query(CaseQuery(**filters), limit=500).cases}

    def expect(predicate: Callable[[Any], bool]) -> set[str]:
        return {c.case_id for c in everything if predicate(c)}

    assert ids(states=(CaseState.TRANSFERRED,)) == {a.case_id, b.case_id}
    assert ids(states=(CaseState.SETTLED,)) == expect(lambda c: c.state is CaseState.SETTLED) != set()
    assert ids(unit="QZF") == {a.case_id} and ids(unit="QZF", states=(CaseState.TRANSFERRED,)) == {a.case_id}
    district = everything[0].desk.district
    assert ids(district=district) == expect(lambda c: c.desk.district == district)
    category = everything[0].desk.category
    assert ids(category=category) == expect(lambda c: c.desk.category == category)
    assert ids(site_code="BSJD") == expect(lambda c: True) and ids(site_code="XXXX") == set()
    assert ids(deputy="林晓梅") == expect(lambda c: True)  # on duty that day
    suggestion = next(c for c in everything if c.kind is CaseKind.SUGGESTION)
    assert suggestion.case_id in ids(deputy=suggestion.desk.suggestion_deputy)
    assert ids(day_from=date(2026, 11, 20), day_to=date(2026, 11, 20)) == expect(lambda c: True)
    assert ids(day_from=date(2026, 11, 21)) == set() and ids(day_to=date(2026, 11, 19)) == set()
    assert ids(overdue_on=date(2026, 11, 26)) == {a.case_id}
    assert ids(overdue_on=date(2026, 11, 29)) == {a.case_id, b.case_id}
    assert ids(due_by=date(2026, 11, 30)) == {b.case_id}  # a is overdue on the clock's day (27 Nov)
    settled = expect(lambda c: c.state is CaseState.SETTLED and not c.followup.anonymous)
    assert ids(waiting_for_survey=True) == settled != set()
    assert ids(open_only=True) == expect(lambda c: True)
    light = next(iter(settled))
    store.apply(light, _step(StepKind.CLOSE, on=date(2026, 11, 21), note=""), revision=1)
    assert light not in ids(open_only=True) and light not in ids(waiting_for_survey=True)
    assert ids(source_changed=True) == set()
    counts = store.counts(date(2026, 11, 27))
    assert (counts.total, counts.open, counts.overdue, counts.waiting_for_survey) == (
        len(everything), len(everything) - 1, 1, len(settled) - 1,
    )  # fmt: skip
    assert counts.due_soon == 1 and counts.source_changed == 0


def test_pages_come_in_order_with_the_total(store: CaseStore) -> None:
    everything = [c.case_id for c in store.query(CaseQuery(), limit=500).cases]
    pages = [store.query(CaseQuery(), offset=offset, limit=5) for offset in range(0, len(everything), 5)]
    assert [c.case_id for page in pages for c in page.cases] == everything
    assert all(page.total == len(everything) and page.limit == 5 for page in pages)
    numbers = [c.desk.case_number for c in store.query(CaseQuery(), limit=500).cases]
    assert numbers == sorted(numbers)
    for sort in Sort:
        assert store.query(CaseQuery(sort=sort), limit=500).total == len(everything)


def test_search_by_one_and_two_chinese_characters_last_four_digits_and_case_number(store: CaseStore) -> None:
    everything = store.query(CaseQuery(), limit=500).cases
    state = _state(store)
    names = {v["id"]: v["name"] for v in state["visitors"]}

    def found(text: str) -> set[str]:
        return {c.case_id for c in store.query(CaseQuery(text=text), limit=500).cases}

    def haystack(c: Any) -> str:
        desk = c.desk
        return "\n".join((desk.case_number, names[desk.visitor_id], desk.phone_last4, desk.summary, desk.own_words,
                          desk.place, desk.category)).lower()  # fmt: skip

    for text in ("油", "油烟", "社区", "%", "_"):
        assert found(text) == {c.case_id for c in everything if text in haystack(c)}, text
    named = next(c for c in everything if c.desk.visitor_masked)
    full_name = names[named.desk.visitor_id]
    assert named.case_id in found(full_name)  # the full name matches (it is never shown)
    assert named.case_id in found(named.desk.phone_last4)
    assert found(named.desk.case_number.lower()) == {named.case_id}
    assert found("bsjd-20261120") == {c.case_id for c in everything}
    assert found("没有这样的内容") == set()


def test_a_text_search_pages_like_any_filter_and_stops_counting_only_when_asked(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages of a search (from the ids of its one pass, or past the cap from the ordinary walk) are the cases a
    scan of every case finds, in each order; ``count_cap`` gives a lower bound and says so."""
    everything = store.query(CaseQuery(), limit=500).cases
    text = "bsjd-20261120"  # every case
    for sort in Sort:
        expected = [c.case_id for c in store.query(CaseQuery(sort=sort), limit=500).cases]
        for cap in (None, 500, 5):
            pages = [store.query(CaseQuery(text=text, sort=sort), offset=o, limit=4, count_cap=cap) for o in (0, 4, 8)]
            assert [c.case_id for page in pages for c in page.cases] == expected[:12], (sort, cap)
            capped = cap is not None and cap < len(everything)
            assert all(page.total == (cap if capped else len(everything)) for page in pages), (sort, cap)
            assert all(page.total_capped is capped for page in pages), (sort, cap)
    monkeypatch.setattr(store_module, "SEARCH_IDS_MAX", 3)  # more matches than ids kept: counted exactly
    page = store.query(CaseQuery(text=text), offset=8, limit=4)
    assert (page.total, page.total_capped) == (len(everything), False)
    assert [c.case_id for c in page.cases] == [c.case_id for c in everything[8:12]]
    assert store.query(CaseQuery(text="没有这样的内容"), count_cap=5).total == 0


def test_reveal_logs_first_and_the_log_refuses_update_and_delete(store: CaseStore, office_db: str | None) -> None:
    case = _first(store, CaseKind.TRANSFER)
    visitor = next(v for v in _state(store)["visitors"] if v["id"] == case.desk.visitor_id)
    seen: list[int] = []
    original = store._visitor

    def spy(found: Any) -> dict[str, Any]:
        seen.append(int(store.db.scalar("SELECT COUNT(*) FROM reveals WHERE case_id = ?", (case.case_id,))))
        return original(found)

    store._visitor = spy  # type: ignore[method-assign]
    revealed = store.reveal(case.case_id, [RevealField.NAME, RevealField.PHONE], clerk="王芳", reason="回访")
    assert seen == [1]  # the log row was written before the values were read
    assert revealed.values == {RevealField.NAME: visitor["name"], RevealField.PHONE: visitor["phone"]}
    [entry] = store.reveal_log(case_id=case.case_id)
    assert (entry.clerk, entry.fields, entry.reason, entry.purpose, entry.visitor_id) == (
        "王芳", (RevealField.NAME, RevealField.PHONE), "回访", "screen", case.desk.visitor_id,
    )  # fmt: skip
    with pytest.raises(ValidationFailed):
        store.reveal(case.case_id, [RevealField.NAME], clerk="王芳", reason=" ")
    assert len(store.reveal_log()) == 1
    for statement in ("UPDATE reveals SET clerk = 'x'", "DELETE FROM reveals"):
        with pytest.raises(store.db.integrity_errors, match="append-only"):
            store.db.execute(statement)
    # another connection (not through the program) is refused too: the trigger is in the database
    if store.db.dialect == "sqlite":
        raw = sqlite3.connect(store.db.where)
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute("DELETE FROM reveals")
        raw.close()
    else:
        with psycopg.connect(office_db or "", autocommit=True) as other, pytest.raises(psycopg.Error, match="append"):
            other.execute("DELETE FROM reveals")
    values = store.db.fetchall("SELECT * FROM reveals")
    assert not any(visitor["phone"] in str(row) or visitor["name"] in str(row) for row in values)


def test_cases_hold_no_full_name_or_phone_outside_the_search_column(store: CaseStore) -> None:
    visitors = [v for v in _state(store)["visitors"] if v["name"] and len(v["name"]) >= 2]
    columns = [column[0] for column in store.db.execute("SELECT * FROM cases LIMIT 0").description]
    rows = store.db.fetchall("SELECT * FROM cases")
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            if column == "search" or not isinstance(value, str):
                continue
            for visitor in visitors:
                assert visitor["name"] not in value, column
                assert visitor["phone"] not in value, column
    search = " ".join(row[columns.index("search")] for row in rows)
    assert any(v["name"] in search for v in visitors)  # the search column does hold names (retention clears it)


def test_documents_are_kept_once_by_content(store: CaseStore, imported: Path) -> None:
    case = _first(store, CaseKind.TRANSFER)
    first = store.add_document(case.case_id, "回复.pdf", b"%PDF-1.7 reply", clerk="王芳")
    second = store.add_document(case.case_id, "回复（副本）.pdf", b"%PDF-1.7 reply", clerk="李强")
    folder = imported / "documents"
    assert [p.name for p in folder.iterdir()] == [first.sha256] and first.sha256 == second.sha256
    assert stat.S_IMODE((folder / first.sha256).stat().st_mode) == 0o600
    assert [(d.name, d.added_by, d.size) for d in store.documents(case.case_id)] == [
        ("回复.pdf", "王芳", 14), ("回复（副本）.pdf", "李强", 14),
    ]  # fmt: skip
    assert store.document_path(first.sha256).read_bytes() == b"%PDF-1.7 reply"


def test_data_version_changes_with_imports_and_saves(
    imported: Path, open_store: Callable[[Path], CaseStore], laptop: Laptop, tmp_path: Path, office_db: str | None
) -> None:
    store, other = open_store(imported), open_store(imported)
    store.sync()
    start = store.data_version()
    assert store.data_version() == start  # stable while nothing happens
    case = _first(store, CaseKind.TRANSFER)
    other.apply(case.case_id, _step(StepKind.TRANSFER, unit="QZF", slip_number="1", on=date(2026, 11, 21)), revision=1)
    after_other = store.data_version()
    assert after_other != start
    store.acknowledge(case.case_id, "王芳")
    assert store.data_version() != after_other
    before_import = store.data_version()
    _change_summary(laptop, case.case_id, "新的摘要")
    import_into(imported, [r.path for r in laptop.export(tmp_path / "again")], office_db)
    assert store.data_version() != before_import


def test_the_store_file_stays_private_and_a_newer_schema_is_refused(
    imported: Path, open_store: Callable[[Path], CaseStore]
) -> None:
    store = open_store(imported)
    if store.db.dialect == "sqlite":
        assert stat.S_IMODE((imported / STORE_FILE).stat().st_mode) == 0o600
    assert store.db.scalar("SELECT MAX(version) FROM office_schema") == LATEST
    store.db.execute("INSERT INTO office_schema (version) VALUES (?)", (LATEST + 1,))
    with pytest.raises(DatabaseError) as caught:
        open_store(imported)
    assert caught.value.key == "office.db.too_new" and caught.value.params["found"] == LATEST + 1


def test_placeholders_are_converted_for_postgresql() -> None:
    db = Database(None, "postgresql", "postgresql://office@db/reception")
    assert db.sql("SELECT a FROM t WHERE b = ? AND c LIKE ? ESCAPE '\\'") == (
        "SELECT a FROM t WHERE b = %s AND c LIKE %s ESCAPE '\\'"
    )
    with pytest.raises(DatabaseError) as caught:
        Database.open_postgresql("postgresql://office:secret@127.0.0.1:1/reception")
    assert "secret" not in str(caught.value)


def test_a_desk_decision_before_any_step_gives_the_new_kind(
    store: CaseStore, laptop: Laptop, imported: Path, tmp_path: Path, office_db: str | None
) -> None:
    explained = [c for c in store.query(CaseQuery(), limit=500).cases if c.kind is CaseKind.EXPLAINED]
    untouched, worked_on = explained[0], explained[1]
    store.apply(worked_on.case_id, _step(StepKind.SURVEY, on=date(2026, 11, 23), satisfaction="satisfied"), revision=1)
    with SessionStore(laptop.session_folders()[0]) as session:
        desk = DeskService(session, laptop.config, operator="李婷", clock=laptop.clock)
        for case in (untouched, worked_on):
            desk.set_disposition(case.case_id, DispositionInput(DispositionKind.TRANSFER, target_code="QZF"),
                                 correction=True)  # fmt: skip
    import_into(imported, [r.path for r in laptop.export(tmp_path / "again")], office_db)
    assert store.sync().changed == 2
    fresh, kept = store.get(untouched.case_id), store.get(worked_on.case_id)
    assert fresh.kind is CaseKind.TRANSFER and fresh.state is CaseState.AWAITING_TRANSFER and fresh.source_changed
    assert fresh.desk.desk_target == "QZF"
    # a case a clerk already saved a step on keeps its follow-up; only the desk fields change
    assert kept.kind is CaseKind.EXPLAINED and kept.state is CaseState.SURVEYED and kept.revision == 2
    assert kept.desk.desk_target == "QZF" and kept.source_changed
