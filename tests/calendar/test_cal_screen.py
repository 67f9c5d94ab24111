"""The 日程 screen by keyboard: coming days, notices due or overdue, writing a notice, opening the desk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cal_support import UNPUBLISHED_2027
from textual.widgets import DataTable, Static

from reception_tui.settings import Settings
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.schedule import ScheduleScreen
from reception_tui.ui.launch import build_app
from tests.desk.keys import settle


def make_app(tmp_path: Path) -> ReceptionApp:
    return build_app(Settings(str(tmp_path / "data"), None, "zh"))


def notes(app: ReceptionApp) -> list[str]:
    return [n.message for n in app._notifications]


def row(screen: ScheduleScreen, index: int) -> list[str]:
    table = screen.query_one("#calendar-days", DataTable)
    return [str(getattr(cell, "plain", cell)) for cell in table.get_row_at(index)]


async def open_at(app: ReceptionApp, pilot, today: date) -> ScheduleScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)  # today's desk, opened in a worker, is under the calendar
    screen = ScheduleScreen(app.services, today=today)
    await app.push_screen(screen)
    await pilot.pause()
    return screen


async def test_f6_opens_the_calendar(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ScheduleScreen)
        assert app.screen.query_one("#calendar-days", DataTable).row_count == 12
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ScheduleScreen)


@UNPUBLISHED_2027
async def test_notice_due_today_stands_out(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, date(2026, 2, 14))
        first = row(screen, 0)
        assert first[:5] == ["2026-02-24", "周二", "14:30-16:30", "陈志远、王秀英", "2026-02-14"]
        assert "今天张贴公告" in first[5] and "春节，原定02-20" in first[5]
        note = screen.query_one("#calendar-days", DataTable).get_row_at(0)[5]
        assert any("yellow" in str(span.style) for span in note.spans)
        assert "今天张贴公告" not in row(screen, 1)[5]
        september = next(i for i in range(12) if row(screen, i)[0] == "2026-09-20")
        assert row(screen, september)[1] == "周日" and "调休上班日" in row(screen, september)[5]
        # twelve coming days reach January 2027, whose schedule is not published
        assert "2027" in str(screen.query_one("#calendar-estimate", Static).render())


async def test_overdue_notice_is_written_by_keyboard(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, date(2026, 2, 21))
        assert "公告已逾期" in row(screen, 0)[5]
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        notices = tmp_path / "data" / "notices"
        written = sorted(p.name for p in notices.iterdir())
        assert written == ["2026-02-24_BSJD_notice.pdf", "2026-02-24_BSJD_notice.txt"]
        assert "2026年2月24日（星期二）" in (notices / "2026-02-24_BSJD_notice.txt").read_text("utf-8")
        assert "公告已生成" in row(screen, 0)[5] and "公告已逾期" not in row(screen, 0)[5]
        assert any("公告已保存" in message for message in notes(app))


async def test_notice_for_the_selected_row(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, date(2026, 2, 21))
        await pilot.press("down", "down", "n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (tmp_path / "data" / "notices" / "2026-04-20_BSJD_notice.pdf").is_file()
        assert "公告已生成" in row(screen, 2)[5]


async def test_open_desk_passes_the_selected_day(tmp_path: Path) -> None:
    opened: list[date] = []

    class AppWithDesk(ReceptionApp):
        def action_open_desk(self, day: date) -> None:
            opened.append(day)

    app = AppWithDesk(make_app(tmp_path).services)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(app, pilot, date(2026, 3, 1))
        opened.clear()  # the app itself opens today's desk at start
        await pilot.press("down", "d")
        await pilot.pause()
        assert opened == [date(2026, 4, 20)]


@UNPUBLISHED_2027
async def test_estimate_warning_for_next_year(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, date(2026, 12, 1))
        warning = screen.query_one("#calendar-estimate", Static)
        assert not warning.has_class("hidden")
        assert "2027" in str(warning.render())
        assert row(screen, 0)[0] == "2026-12-21" and "推算" not in row(screen, 0)[5]
        assert "推算" in row(screen, 1)[5]


async def test_no_estimate_warning_inside_published_years(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, date(2025, 1, 1))
        assert screen.query_one("#calendar-estimate", Static).has_class("hidden")
        assert row(screen, 11)[0] == "2025-12-22"
        assert all("推算" not in row(screen, i)[5] for i in range(12))


async def test_footer_and_palette_offer_the_actions(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, date(2026, 2, 21))
        keys = {binding.id for (_, binding, enabled, _) in screen.active_bindings.values() if enabled}
        assert {"calendar_write_notice", "calendar_open_desk", "calendar_refresh", "calendar_back"} <= keys
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"写公告")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (tmp_path / "data" / "notices" / "2026-02-24_BSJD_notice.pdf").is_file()
