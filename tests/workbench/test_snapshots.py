"""Snapshots of the workbench at 80x24 and 120x40, in Chinese and English: the clerk screen and the case
list. Deterministic: a fixed clock, demo sessions from fixed seeds, a fresh office folder.
Update with ``pytest tests/workbench/test_snapshots.py --snapshot-update`` after checking the report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input

from reception_tui.ui.office.app import OfficeApp

from .conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LANGS = ["zh", "en"]


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text cursor stays on instead of blinking."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
def test_clerk_screen(snap_compare: Any, make_app: Callable[..., OfficeApp], lang: str, size: tuple[int, int]) -> None:
    """Who is working: the clerks of office.yaml."""
    assert snap_compare(make_app(lang=lang), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
def test_case_list(snap_compare: Any, make_app: Callable[..., OfficeApp], lang: str, size: tuple[int, int]) -> None:
    """The first page, the overdue cases marked, two cases marked for a batch."""
    assert snap_compare(make_app(lang=lang, clerk="王芳"), terminal_size=size, run_before=settle,
                        press=["space", "space"])  # fmt: skip
