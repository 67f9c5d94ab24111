"""Snapshots of the 统计 screen at 80x24 and 120x40, in Chinese and English, dark and light: a hand-built report
(bars with Chinese labels, a sparkline, a rate with no denominator). Update with
``pytest tests/workbench/test_stats_snapshots.py --snapshot-update`` after checking the report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from reception_tui.ui.office.app import OfficeApp

from .conftest import settle
from .test_stats import Builder

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def with_report(app: OfficeApp, theme: str = "") -> OfficeApp:
    app.services.report = Builder()  # type: ignore[method-assign]
    if theme:
        app.theme = theme
    return app


class TestStatsScreen:
    """The 统计 screen opened from the case list with ``s``."""

    @pytest.mark.parametrize("lang", ["zh", "en"])
    @pytest.mark.parametrize("size", SIZES)
    def test_this_month(self, snap_compare: Any, make_app: Callable[..., OfficeApp], lang: str,
                        size: tuple[int, int]) -> None:  # fmt: skip
        """This month's figures and charts."""
        app = with_report(make_app(lang=lang, clerk="王芳"))
        assert snap_compare(app, terminal_size=size, run_before=settle, press=["s"])

    @pytest.mark.parametrize("size", SIZES)
    def test_light_theme_quarter(self, snap_compare: Any, make_app: Callable[..., OfficeApp],
                                 size: tuple[int, int]) -> None:  # fmt: skip
        """A quarter, in the light theme, scrolled to the charts."""
        app = with_report(make_app(clerk="王芳"), theme="textual-light")

        async def run_before(pilot: Pilot[object]) -> None:
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            await pilot.press("pagedown")
            await settle(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)
