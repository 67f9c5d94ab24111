"""Snapshots of the desk's main screens at 80x24 and 120x40, in Chinese and English.

Deterministic: a fixed clock, a demo session from a fixed seed on a fixed day, a fresh data folder.
Update with ``pytest tests/desk/test_snapshots.py --snapshot-update`` after checking the report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input

from reception_tui.domain.site import SiteConfig
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.app import ReceptionApp

from .conftest import DAY
from .keys import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LANGS = ["zh", "en"]


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text cursor stays on instead of blinking, so a snapshot does not depend on when it is taken
    (a field marked invalid now shows its text and cursor)."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def demo_app(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> Callable[..., Any]:
    """The app with today's demo session (12 visitors, seed 7) already in the data folder."""

    def build(lang: str) -> ReceptionApp:
        make_demo_session(data_folder, config, visitors=12, day=DAY, seed=7)
        return make_app(lang=lang)

    return build


class TestDeskSnapshots:
    """The screens a liaison officer sees during an afternoon."""

    @pytest.mark.parametrize("lang", LANGS)
    @pytest.mark.parametrize("size", SIZES)
    def test_desk(
        self, snap_compare: Any, demo_app: Callable[..., ReceptionApp], lang: str, size: tuple[int, int]
    ) -> None:
        """The queue beside the selected visitor's issues."""
        assert snap_compare(demo_app(lang), terminal_size=size, press=["down", "down", "tab"])

    @pytest.mark.parametrize("lang", LANGS)
    @pytest.mark.parametrize("size", SIZES)
    def test_visitor_form(
        self, snap_compare: Any, demo_app: Callable[..., ReceptionApp], lang: str, size: tuple[int, int]
    ) -> None:
        """The visitor form with its errors shown inline: no name, a phone number too short."""
        assert snap_compare(demo_app(lang), terminal_size=size, press=["n", "enter", *"138", "ctrl+s"])

    @pytest.mark.parametrize("lang", LANGS)
    def test_issue_form(self, snap_compare: Any, demo_app: Callable[..., ReceptionApp], lang: str) -> None:
        """The issue form for the selected visitor."""
        assert snap_compare(demo_app(lang), terminal_size=(80, 24), press=["i"])

    @pytest.mark.parametrize("lang", LANGS)
    def test_disposition_form(
        self, snap_compare: Any, demo_app: Callable[..., ReceptionApp], lang: str
    ) -> None:
        """A transfer: the target list shows each reply limit, the form the expected date."""
        press = ["tab", "d", "enter", "down", "enter", "enter", "down", "enter"]
        assert snap_compare(demo_app(lang), terminal_size=(80, 24), press=press)

    @pytest.mark.parametrize("lang", LANGS)
    @pytest.mark.parametrize("size", SIZES)
    def test_close_summary(
        self, snap_compare: Any, demo_app: Callable[..., ReceptionApp], lang: str, size: tuple[int, int]
    ) -> None:
        """The closing summary with its warnings."""
        assert snap_compare(demo_app(lang), terminal_size=size, press=["x"])

    @pytest.mark.parametrize("lang", LANGS)
    def test_start_form(self, snap_compare: Any, make_app: Callable[..., ReceptionApp], lang: str) -> None:
        """No session today: the start form."""
        assert snap_compare(make_app(lang=lang), terminal_size=(80, 24), run_before=settle)

    @pytest.mark.parametrize("lang", LANGS)
    def test_help(self, snap_compare: Any, demo_app: Callable[..., ReceptionApp], lang: str) -> None:
        """The keys table."""
        assert snap_compare(demo_app(lang), terminal_size=(80, 24), press=["f1"])
