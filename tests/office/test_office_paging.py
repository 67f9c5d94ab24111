"""Keyset paging and capped counts, on both engines: walking a query page by page with cursors (forwards, backwards,
re-reading a page) gives exactly the order of one big read for every sort, a capped count stops at the cap and
says so, ``each`` streams every case once, and the plan of a keyset page on PostgreSQL is an index seek."""

from __future__ import annotations

from datetime import date

import pytest

from reception_tui.domain.followup import CaseKind, Step, StepKind
from reception_tui.office.model import Case, CaseQuery, PageCursor, Seek, Sort
from reception_tui.office.store import CaseStore
from tests.office.conftest import NOW


def _ids(cases: tuple[Case, ...] | list[Case]) -> list[str]:
    return [case.case_id for case in cases]


def _vary(store: CaseStore) -> None:
    """Some cases transferred with different due dates, so the due and last-change sorts have ties and gaps."""
    transfers = [c for c in store.query(CaseQuery(), limit=500).cases if c.kind is CaseKind.TRANSFER][:5]
    for number, case in enumerate(transfers):
        data = {"unit": "QZF", "slip_number": str(number), "on": date(2026, 11, 23)}
        if number % 2:
            data["due"] = date(2026, 12, 1 + number // 2)
        step = Step(StepKind.TRANSFER, "王芳", NOW.replace(minute=number % 3), data)
        store.apply(case.case_id, step, revision=case.revision)


@pytest.mark.parametrize("sort", list(Sort))
def test_cursor_pages_walk_the_whole_order_forwards_and_backwards(store: CaseStore, sort: Sort) -> None:
    _vary(store)
    query = CaseQuery(sort=sort)
    everything = _ids(store.query(query, limit=500).cases)
    assert len(everything) > 12
    size = 4
    pages: list[list[str]] = []
    page = store.query(query, limit=size, count_cap=1000)
    while True:
        pages.append(_ids(page.cases))
        if len(page.cases) < size:
            break
        page = store.query(query, limit=size, cursor=PageCursor(page.cases[-1], Seek.AFTER))
    assert [case_id for ids in pages for case_id in ids] == everything
    # backwards from the last page, each page the one before it
    current = store.query(query, limit=size, cursor=PageCursor(store.get(pages[-1][0]), Seek.FROM))
    assert _ids(current.cases) == pages[-1]
    for expected in reversed(pages[:-1]):
        current = store.query(query, limit=size, cursor=PageCursor(current.cases[0], Seek.BEFORE))
        assert _ids(current.cases) == expected
    assert _ids(store.each(query, page_size=3)) == everything


def test_cursor_pages_keep_the_filter_and_the_count(store: CaseStore) -> None:
    query = CaseQuery(open_only=True)
    everything = _ids(store.query(query, limit=500).cases)
    first = store.query(query, limit=5)
    second = store.query(query, offset=5, limit=5, cursor=PageCursor(first.cases[-1], Seek.AFTER))
    assert _ids(second.cases) == everything[5:10]
    assert second.total == first.total == len(everything) and second.offset == 5 and not second.total_capped
    unpaged = store.query(query, limit=5, cursor=PageCursor(first.cases[-1], Seek.AFTER), count=False)
    assert _ids(unpaged.cases) == everything[5:10] and unpaged.total_capped


def test_a_capped_count_stops_at_the_cap_for_any_filter(store: CaseStore) -> None:
    total = store.query(CaseQuery(), limit=1).total
    assert total > 6
    capped = store.query(CaseQuery(), limit=2, count_cap=5)
    assert (capped.total, capped.total_capped) == (5, True) and len(capped.cases) == 2
    exact = store.query(CaseQuery(), limit=2, count_cap=total)
    assert (exact.total, exact.total_capped) == (total, False)
    # a text search keeps its own cap and pages by cursor too
    found = store.query(CaseQuery(text="bsjd"), limit=500)
    first = store.query(CaseQuery(text="bsjd"), limit=3, count_cap=1000)
    nxt = store.query(CaseQuery(text="bsjd"), limit=3, count_cap=1000, cursor=PageCursor(first.cases[-1], Seek.AFTER))
    assert _ids(first.cases) + _ids(nxt.cases) == _ids(found.cases)[:6]


def test_a_keyset_page_on_postgresql_is_an_index_seek(store: CaseStore) -> None:
    if store.db.dialect != "postgresql":
        pytest.skip("the plan is PostgreSQL's (SQLite's tests above check the same pages)")
    store.db.execute("SET enable_seqscan = off")  # a table of 20 rows: show the plan a large one gets
    case = store.query(CaseQuery(), limit=1).cases[0]
    plan = "\n".join(
        row[0]
        for row in store.db.fetchall(
            "EXPLAIN SELECT case_id FROM cases WHERE status = ? AND (case_number, case_id) > (?, ?) "
            "ORDER BY case_number, case_id LIMIT 50",
            ("open", case.desk.case_number, case.case_id),
        )
    )
    assert "cases_by_status" in plan and "Sort" not in plan, plan
    plan = "\n".join(
        row[0]
        for row in store.db.fetchall(
            "EXPLAIN SELECT case_id FROM cases WHERE state IN (?) AND unit = ? ORDER BY case_number, case_id LIMIT 50",
            ("transferred", "QZF"),
        )
    )
    assert "cases_by_unit" in plan and "Sort" not in plan, plan
