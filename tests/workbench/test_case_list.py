"""The case list by keyboard, on a real office folder: choosing the clerk, masked names, paging, search,
filters, overdue only, a batch transfer with its slips, and an import while the workbench is open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pypdf
import pytest
from textual.widgets import DataTable, Static

from reception_tui.calendar.workdays import WorkingDays
from reception_tui.domain.followup import CaseKind, CaseState, FollowupRules, StepKind
from reception_tui.domain.site import SiteConfig
from reception_tui.office.model import CaseQuery
from reception_tui.office.store import unit_limits
from reception_tui.ui.office.app import OfficeApp
from reception_tui.ui.office.screens import case_list
from reception_tui.ui.office.screens.case_list import FIXED_ROWS, CaseListScreen
from tests.exchange.conftest import Laptop
from tests.office.conftest import import_into

from .conftest import NOW, open_store, settle

SIZE = (80, 24)


def rows(app: OfficeApp) -> list[list[str]]:
    found = app.screen.query("#wb-cases").results(DataTable)
    table = next(iter(found), None)
    if table is None:
        return []
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def screen_text(app: OfficeApp) -> str:
    statics = [str(static.render()) for static in app.screen.query(Static)]
    return "\n".join(["\t".join(row) for row in rows(app)] + statics)


def page_line(app: OfficeApp) -> str:
    return str(app.screen.query_one("#wb-page", Static).render())


async def test_the_clerk_is_chosen_by_keyboard_then_page_one_shows(make_app: Callable[..., OfficeApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.services.clerk == "李强"
        assert isinstance(app.screen, CaseListScreen)
        total = app.services.store.query(CaseQuery(), limit=1).total
        pages = (total + SIZE[1] - FIXED_ROWS - 1) // (SIZE[1] - FIXED_ROWS)
        assert len(rows(app)) == SIZE[1] - FIXED_ROWS
        assert f"第 1/{pages} 页（共 {total} 件）" in page_line(app)
        assert "操作人 李强" in page_line(app)


async def test_no_full_name_or_phone_is_on_screen(make_app: Callable[..., OfficeApp]) -> None:
    app = make_app(clerk="王芳")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        store = app.services.store
        shown = store.query(CaseQuery(), limit=len(rows(app))).cases
        text = screen_text(app)
        assert shown and all(case.desk.case_number in text for case in shown)
        for case in shown:
            visitor = store._visitor(case)
            name, phone = str(visitor.get("name", "")), str(visitor.get("phone", ""))
            if len(name) >= 2:
                assert name not in text
            if phone:
                assert phone not in text
            assert (case.desk.visitor_masked or "匿名") in text


async def test_pages_move_with_pgdn_and_brackets(make_app: Callable[..., OfficeApp]) -> None:
    app = make_app(clerk="王芳")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = rows(app)[0][0]
        await pilot.press("pagedown")
        await settle(pilot)
        assert "第 2/" in page_line(app)
        assert rows(app)[0][0] != first
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "第 1/" in page_line(app)
        assert rows(app)[0][0] == first


async def test_past_a_capped_count_the_pages_go_on_by_cursor(
    make_app: Callable[..., OfficeApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the count capped below the number of cases (a city's archive), the page line says "N+" and page down
    goes on past the cap, each page starting after the last case of the one before; page up comes back."""
    monkeypatch.setattr(case_list, "SEARCH_COUNT_CAP", 20)
    app = make_app(clerk="王芳")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        size = SIZE[1] - FIXED_ROWS
        everything = [case.desk.case_number for case in app.services.store.query(CaseQuery(), limit=500).cases]
        assert len(everything) > 2 * size > 20
        assert "第 1/2+ 页（共 20+ 件）" in page_line(app)
        seen = [row[0] for row in rows(app)]
        for page in (2, 3):
            await pilot.press("pagedown")
            await settle(pilot)
            assert f"第 {page}/" in page_line(app)
            seen.extend(row[0] for row in rows(app))
        assert seen == everything[: len(seen)] and len(seen) > 20
        await pilot.press("pageup")
        await settle(pilot)
        assert "第 2/" in page_line(app) and rows(app)[0][0] == everything[size]


async def test_a_one_character_chinese_search(make_app: Callable[..., OfficeApp]) -> None:
    app = make_app(clerk="王芳")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store = app.services.store
        all_cases = store.query(CaseQuery(), limit=1).total
        await pilot.press("slash", "停")
        await settle(pilot)
        expected = store.query(CaseQuery(text="停"), limit=50)
        assert 0 < expected.total < all_cases
        shown = [row[0] for row in rows(app)]
        assert shown == [case.desk.case_number for case in expected.cases][: len(shown)]
        assert f"共 {expected.total} 件" in page_line(app)


async def test_filter_by_state_and_unit_then_overdue_only(make_app: Callable[..., OfficeApp]) -> None:
    app = make_app(clerk="王芳")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("enter", "down", "down", "enter")  # state: 已交办
        await pilot.press("tab", "enter", "down", "enter")  # unit: the first (北山街道办事处)
        await pilot.press("ctrl+s")
        await settle(pilot)
        store = app.services.store
        expected = store.query(CaseQuery(states=(CaseState.TRANSFERRED,), unit="JDBSC"), limit=50)
        assert expected.total == 3
        assert [row[0] for row in rows(app)] == [case.desk.case_number for case in expected.cases]
        filters = str(app.screen.query_one("#wb-filters", Static).render())
        assert "已交办" in filters and "北山街道办事处" in filters
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("ctrl+l")  # clear every filter
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        overdue = store.counts(NOW.date()).overdue
        assert overdue == 3
        assert len(rows(app)) == overdue
        assert all(row[6].startswith("逾") for row in rows(app))


async def test_batch_transfer_of_three_marked_cases(
    make_app: Callable[..., OfficeApp], office: Path, sample_config: SiteConfig
) -> None:
    app = make_app(clerk="王芳")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("enter", "down", "enter", "ctrl+s")  # state: 待交办
        await settle(pilot)
        marked = [row[0] for row in rows(app)[:3]]
        await pilot.press("space", "space", "space")
        assert "已选 3" in str(app.screen.query_one("#wb-header", Static).render())
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("enter", "down", "down", "enter")  # unit: 西湖区人民政府 (QZF)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        report = str(app.screen.query_one("#report-text", Static).render())
        assert "已交办 3 件给 西湖区人民政府" in report

    working = WorkingDays(sample_config.official_days)
    rules = FollowupRules()
    limit = unit_limits(sample_config)("QZF")
    assert limit is not None
    with open_store(office, sample_config) as store:
        for number, case_number in enumerate(marked, start=1):
            (case,) = store.find(case_number)
            assert case.state is CaseState.TRANSFERRED
            assert case.followup.unit == "QZF"
            assert case.followup.slip_number == f"QZF-20270201-{number:03d}"
            assert case.followup.transferred_on == NOW.date()
            used = rules.suggestion_limit if case.kind is CaseKind.SUGGESTION else limit
            assert case.followup.due_on == used.due(NOW.date(), working)
            (step,) = [entry.step for entry in store.timeline(case.case_id)]
            assert step.kind is StepKind.TRANSFER and step.clerk == "王芳"
    pdf = office / "out" / "转办单-西湖区人民政府-2027-02-01.pdf"
    assert pdf.exists() and (pdf.stat().st_mode & 0o777) == 0o600
    assert len(pypdf.PdfReader(pdf).pages) == 1 + 3


async def test_an_import_while_open_shows_up_after_the_poll(
    make_app: Callable[..., OfficeApp], make_laptop: Callable[..., Laptop], tmp_path: Path, office: Path
) -> None:
    app = make_app(clerk="王芳")
    later = date(2027, 1, 26)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.services.store.query(CaseQuery(), limit=1).total
        await pilot.press("slash", *"BSJD-20270126")
        await settle(pilot)
        assert rows(app) == []
        laptop = make_laptop("second", visitors=3, seed=42, day=later)
        import_into(office, [result.path for result in laptop.export(tmp_path / "stick2")])
        for _ in range(30):  # the poll runs every 2 s
            await pilot.pause(0.2)
            await settle(pilot)
            if rows(app):
                break
        assert rows(app) and all(row[0].startswith("BSJD-20270126") for row in rows(app))
        after = app.services.store.query(CaseQuery(), limit=1).total
        assert after > before


async def test_without_clerks_the_screen_says_how_to_name_them(
    make_app: Callable[..., OfficeApp], office: Path
) -> None:
    (office / "office.yaml").write_text("office_name: 北山街道人大工委\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "clerks: [王芳, 李强]" in text and str(office / "office.yaml") in text
        await pilot.press("enter")  # nothing to choose
        assert app.services.clerk == ""
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_f1_lists_the_workbench_keys(make_app: Callable[..., OfficeApp]) -> None:
    app = make_app(clerk="王芳")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        keys = app.screen.query_one("#help-keys", DataTable)
        labels = {str(keys.get_row_at(index)[1]) for index in range(keys.row_count)}
        assert {"打开", "选中", "交办", "筛选", "只看逾期", "查找", "下一页", "退出"} <= labels
        assert "跟踪办理" in screen_text(app)
