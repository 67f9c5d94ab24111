"""The 统计 screen by keyboard, over the real workbench: opened from the case list, periods moved back and forth
and switched between month, quarter and year, the figures on screen those of the report the builder returned."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from reception_tui.reports.model import Chart, Period, Report, Series, Table
from reception_tui.ui.office.app import OfficeApp
from reception_tui.ui.office.screens.case_list import CaseListScreen
from reception_tui.ui.office.screens.stats import PREFETCH_AFTER, ChartView, StatsScreen
from tests.reports.sample_report import sample_report

from .conftest import settle


@pytest.fixture(autouse=True)
def quick_builders_stay_quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test builders return at once, but on a loaded machine a thread can wait past the 50 ms that turns on
    building ahead, which would add builds the tests do not expect: only the test of building ahead turns it on."""
    monkeypatch.setattr(StatsScreen, "prefetch_after", math.inf)


class Builder:
    """A report builder for the screen: the sample report of the period asked (its counts scaled by the number of
    calls, so each report reads differently), remembering what was asked."""

    def __init__(self, make: Callable[[Period], Report] | None = None) -> None:
        self.asked: list[tuple[Period, str | None]] = []
        self.make = make

    def __call__(self, period: Period, site: str | None) -> Report:
        self.asked.append((period, site))
        if self.make is not None:
            return self.make(period)
        return sample_report(period, scale=len(self.asked))


def text_of(app: OfficeApp) -> str:
    return "\n".join(str(static.render()) for static in app.screen.query(Static))


def header(app: OfficeApp) -> str:
    return str(app.screen.query_one("#stats-header", Static).render())


def figures(app: OfficeApp) -> str:
    return str(app.screen.query_one("#stats-figures", Static).render())


async def open_stats(pilot: Pilot[object], builder: Builder) -> None:
    app = pilot.app
    assert isinstance(app, OfficeApp)
    app.services.report = builder  # type: ignore[method-assign]
    await settle(pilot)
    assert isinstance(app.screen, CaseListScreen)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(app.screen, StatsScreen)


async def test_opened_from_the_list_it_shows_this_months_report(make_app: Callable[..., OfficeApp]) -> None:
    app, builder = make_app(clerk="王芳"), Builder()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(pilot, builder)
        assert [(p.label, site) for p, site in builder.asked] == [("2027-02", None)]
        assert "2027-02（2027-02-01 至 2027-02-28）" in header(app) and "北山街道人大工委" in header(app)
        shown = figures(app)
        assert "来访人数" in shown and "41" in shown
        assert "当场解释率" in shown and "41.7%" in shown and "20 / 48" in shown and "+1.7 个百分点" in shown
        satisfaction = next(line for line in shown.splitlines() if "满意率" in line)
        assert "—" in satisfaction and "%" not in satisfaction  # no denominator: a dash, never 0% or 100%
        assert len(list(app.screen.query(ChartView))) == 3
        assert "城乡建设与规划" in text_of(app) and "区人力资源和社会保障局" in text_of(app)
        await pilot.press("escape")
        assert isinstance(app.screen, CaseListScreen)


async def test_periods_move_by_key_and_the_figures_follow(make_app: Callable[..., OfficeApp]) -> None:
    app, builder = make_app(clerk="王芳"), Builder()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(pilot, builder)
        await pilot.press("left")
        await settle(pilot)
        assert builder.asked[-1][0].label == "2027-01"
        assert "2027-01" in header(app)
        assert "82" in figures(app)  # visitors: 41 × 2, the second report built
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert builder.asked[-1][0].label == "2026-12" and "123" in figures(app)
        await pilot.press("m")
        await settle(pilot)
        assert builder.asked[-1][0] == Period(builder.asked[-1][0].start, builder.asked[-1][0].end, "2026Q4")
        assert "2026Q4" in header(app) and "季度" in header(app)
        await pilot.press("m")
        await settle(pilot)
        assert builder.asked[-1][0].label == "2026" and "2026-01-01 至 2026-12-31" in header(app)
        await pilot.press("right")
        await settle(pilot)
        assert builder.asked[-1][0].label == "2027"
        asked = len(builder.asked)
        await pilot.press("right")  # 2028 has not begun: nothing asked
        await settle(pilot)
        assert len(builder.asked) == asked and "2027（" in header(app)
        await pilot.press("m")  # back to months, around the day shown (2027-01-01): January, built before
        await settle(pilot)
        assert "2027-01（" in header(app) and "82" in figures(app) and len(builder.asked) == asked
        await pilot.press("left")
        await settle(pilot)
        assert "2026-12（" in header(app) and "123" in figures(app) and len(builder.asked) == asked


async def test_a_period_seen_before_shows_without_building_again(make_app: Callable[..., OfficeApp]) -> None:
    app, builder = make_app(clerk="王芳"), Builder()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(pilot, builder)
        await pilot.press("left")
        await settle(pilot)
        await pilot.press("right")
        await settle(pilot)
        assert [p.label for p, _ in builder.asked] == ["2027-02", "2027-01"]
        assert "2027-02" in header(app) and "来访人数" in figures(app)
        await pilot.press("f5")
        await settle(pilot)
        assert [p.label for p, _ in builder.asked] == ["2027-02", "2027-01", "2027-02"]


async def test_a_slow_build_has_the_neighbouring_periods_built_ahead(
    make_app: Callable[..., OfficeApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report that took long (a large store) has the periods before and after it built next in the background,
    so the key press finds its report ready; a builder as quick as the others above never gets asked ahead."""

    def slow(period: Period) -> Report:
        time.sleep(PREFETCH_AFTER * 1.5)
        return sample_report(period)

    monkeypatch.setattr(StatsScreen, "prefetch_after", PREFETCH_AFTER)
    app, builder = make_app(clerk="王芳"), Builder(slow)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(pilot, builder)
        await settle(pilot)
        # 2027-02 shown, then 2027-01 and the quarter `m` switches to built ahead (2027-03 has not begun)
        assert [p.label for p, _ in builder.asked] == ["2027-02", "2027-01", "2027Q1"]
        await pilot.press("left")
        await settle(pilot)
        assert "2027-01（" in header(app) and "来访人数" in figures(app)
        # January not built again, nor 2027Q1 (the same quarter): only December is new
        assert [p.label for p, _ in builder.asked] == ["2027-02", "2027-01", "2027Q1", "2026-12"]
        await pilot.press("m")  # the quarter was built ahead: shown without a build
        await settle(pilot)
        assert "2027Q1" in header(app) and "来访人数" in figures(app)
        assert [p.label for p, _ in builder.asked].count("2027Q1") == 1
        await pilot.press("m", "m")  # back to months (through the year, built when asked or ahead, once)
        await settle(pilot)
        await pilot.press("left", "left")  # the second press asks for a period still being built ahead: no twin
        await settle(pilot)
        assert "2026-11（" in header(app) and "来访人数" in figures(app)
        labels = [p.label for p, _ in builder.asked]
        assert len(labels) == len(set(labels)) and "2026-10" in labels and "2026Q4" in labels
        await pilot.press("f5")  # built again from scratch, and its neighbours with it
        await settle(pilot)
        assert [p.label for p, _ in builder.asked][-4:] == ["2026-11", "2026-10", "2026-12", "2026Q4"]


async def test_markup_in_names_shows_literally(make_app: Callable[..., OfficeApp]) -> None:
    def make(period: Period) -> Report:
        report = sample_report(period, office_name="[b]人大[/b]工委 [@click=app.quit]x[/]")
        units = Table("by_unit", ("unit", "transferred"), (("[b]局[/b]", 3), ("[/]", 1)))
        chart = Chart("by_unit", "bar", ("[b]局[/b]", "[/]"), (Series("[i]件[/i]", (3.0, 1.0)),), "by_unit")
        return replace(report, tables=(units,), charts=(chart,))

    app = make_app(clerk="王芳")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(pilot, Builder(make))
        text = text_of(app)
        assert "[b]局[/b]" in text and "[/]" in text
        assert isinstance(app.screen, StatsScreen)  # no live click, no crash on a lone [/]


async def test_a_failing_build_is_said_and_the_screen_stays(make_app: Callable[..., OfficeApp]) -> None:
    def make(period: Period) -> Report:
        raise OSError(5, "Input/output error")

    app = make_app(clerk="王芳")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(pilot, Builder(make))
        message = app.screen.query_one("#stats-message", Static)
        assert "统计失败" in str(message.render())


async def test_the_key_and_the_palette_entry_are_on_the_list(make_app: Callable[..., OfficeApp]) -> None:
    from reception_tui.ui.shared.actions import palette_entries

    app = make_app(clerk="王芳")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [title for title, _, _ in palette_entries(app.screen, app)]
        assert "统计" in titles


async def test_each_period_key_paints_the_new_figures(
    make_app: Callable[..., OfficeApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each period key leads to a screen update after the new figures are in the widgets (the report is built in a
    worker and posted back, then painted). How long that takes is measured by benchmarks/bench_stats_screen.py,
    not asserted here (the test machine is shared)."""
    painted: list[float] = []
    refresh = StatsScreen._compositor_refresh

    def timed_refresh(screen: StatsScreen) -> None:
        refresh(screen)
        painted.append(time.perf_counter())

    monkeypatch.setattr(StatsScreen, "_compositor_refresh", timed_refresh)
    app, builder = make_app(clerk="王芳"), Builder()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stats(pilot, builder)
        timings = []
        for _ in range(7):
            visitors = str(41 * (len(builder.asked) + 1))
            started = time.perf_counter()
            assert await app._check_bindings("left", priority=True)
            while visitors not in figures(app):
                await asyncio.sleep(0.0005)
            shown = time.perf_counter()
            while not painted or painted[-1] < shown:
                await asyncio.sleep(0.0005)
            timings.append(painted[-1] - started)
            await pilot.pause()
        assert len(timings) == 7 and len(builder.asked) >= 8  # every key asked for a report and painted it


async def test_f1_and_the_palette_list_the_screens_keys(make_app: Callable[..., OfficeApp]) -> None:
    from textual.widgets import DataTable

    from reception_tui.ui.shared.actions import palette_entries

    app = make_app(clerk="王芳")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(pilot, Builder())
        titles = [title for title, _, _ in palette_entries(app.screen, app)]
        assert {"上一期", "下一期", "月/季/年"} <= set(titles)
        await pilot.press("f1")
        await pilot.pause()
        keys = app.screen.query_one("#help-keys", DataTable)
        labels = {str(keys.get_row_at(index)[1]) for index in range(keys.row_count)}
        assert {"上一期", "下一期", "月/季/年", "返回"} <= labels


def test_the_service_builds_the_report_with_the_compute_module_loaded_when_asked(
    make_app: Callable[..., OfficeApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import types

    asked: list[tuple[object, ...]] = []
    compute = types.ModuleType("reception_tui.reports.compute")

    def build_report(db: object, config: object, period: Period, **options: object) -> Report:
        asked.append((db, config, period, options))
        return sample_report(period)

    compute.build_report = build_report  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "reception_tui.reports.compute", compute)
    services = make_app(clerk="王芳").services
    period = Period(date(2026, 11, 1), date(2026, 11, 30), "2026-11")
    report = services.report(period, "BSJD")
    assert report.period == period
    ((db, config, asked_period, options),) = asked
    assert db is services.store.db and config is services.config and asked_period == period
    assert options["site"] == "BSJD" and options["office_name"] == "北山街道人大工委"
    assert options["now"] == services.now() and options["is_working_day"] == services.store.is_working_day
