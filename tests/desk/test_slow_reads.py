"""A slow data folder (a USB stick) never freezes a key: reads run in workers and their results come after."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from reception_tui.domain.site import SiteConfig
from reception_tui.services.demo import make_demo_session
from reception_tui.services.desk import DeskService
from reception_tui.storage.data_folder import DataFolder, SessionSummary
from reception_tui.storage.session_store import SessionStore
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk import opening
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.screens.home import HomeScreen, SessionsRead
from reception_tui.ui.desk.screens.visitor_form import VisitorForm

from .conftest import DAY
from .keys import settle, type_text

WAIT = 10.0
"""Seconds a blocked read waits at most, so a broken test fails instead of hanging."""


class Gate:
    """Holds reads until opened, and records what happened in which order."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.waiting = threading.Event()
        self.events: list[str] = []

    def hold(self) -> None:
        self.waiting.set()
        assert self.open.wait(WAIT), "the gate was never opened"


async def test_moving_in_the_sessions_list_while_it_is_re_read(
    make_app: Callable[..., ReceptionApp],
    data_folder: DataFolder,
    config: SiteConfig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """R re-reads the list; while the read is held, Down moves the cursor; the new list arrives after."""
    for days in (14, 7, 0):
        make_demo_session(data_folder, config, visitors=2, day=DAY - timedelta(days=days), seed=days)
    gate = Gate()
    original = DataFolder.list_sessions
    held = {"on": False}

    def slow_list(self: DataFolder) -> list[SessionSummary]:
        if held["on"]:
            gate.hold()
        summaries = original(self)
        gate.events.append("read")
        return summaries

    monkeypatch.setattr(DataFolder, "list_sessions", slow_list)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        await pilot.press("escape")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#sessions", DataTable)
        assert table.row_count == 3 and table.cursor_row == 0

        held["on"] = True
        await pilot.press("r")
        assert await asyncio.to_thread(gate.waiting.wait, WAIT)
        make_demo_session(data_folder, config, visitors=1, day=DAY - timedelta(days=21), seed=21)
        await pilot.press("down")
        await pilot.pause()
        gate.events.append("key")
        assert table.cursor_row == 1, "the key was handled while the read was held"
        assert table.row_count == 3, "the old list stays until the new one arrives"
        assert not gate.open.is_set()

        gate.open.set()
        await settle(pilot)
        assert table.row_count == 4, "the new list arrived after the key"

    assert gate.events[-2:] == ["key", "read"]


async def test_a_newer_read_of_the_list_supersedes_an_older_one(
    make_app: Callable[..., ReceptionApp],
    data_folder: DataFolder,
    config: SiteConfig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first read is held after reading; a second read shows a new session; the late first one is dropped."""
    make_demo_session(data_folder, config, visitors=1, day=DAY - timedelta(days=7), seed=1)
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=2)
    gate = Gate()
    original = DataFolder.list_sessions
    calls = {"n": 0, "hold_call": -1}

    def slow_list(self: DataFolder) -> list[SessionSummary]:
        calls["n"] += 1
        summaries = original(self)
        if calls["n"] == calls["hold_call"]:
            gate.hold()
        return summaries

    monkeypatch.setattr(DataFolder, "list_sessions", slow_list)
    arrived: list[int] = []
    handle = HomeScreen.on_sessions_read

    def counted(self: HomeScreen, message: SessionsRead) -> None:
        handle(self, message)
        arrived.append(len(message.summaries))

    monkeypatch.setattr(HomeScreen, "on_sessions_read", counted)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#sessions", DataTable)
        assert table.row_count == 2 and arrived == [2]

        calls["hold_call"] = calls["n"] + 1
        await pilot.press("r")  # reads two sessions, then is held
        assert await asyncio.to_thread(gate.waiting.wait, WAIT)
        make_demo_session(data_folder, config, visitors=1, day=DAY - timedelta(days=14), seed=3)
        await pilot.press("r")  # the newer read sees three and supersedes the held one
        await settle(pilot)  # the held read was cancelled: only the newer one is waited for
        assert table.row_count == 3 and arrived == [2, 3]

        gate.open.set()  # the older read finishes late and posts its two sessions
        for _ in range(1000):  # yields to the worker's thread; bounded, so a bug fails instead of hanging
            if len(arrived) == 3:
                break
            await pilot.pause()
        assert arrived == [2, 3, 2]
        assert table.row_count == 3, "the older, late read does not overwrite the newer list"



async def test_typing_goes_on_while_the_phone_is_looked_up(
    make_app: Callable[..., ReceptionApp],
    data_folder: DataFolder,
    config: SiteConfig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The phone-seen check reads earlier sessions: held, the next field still takes typing; the hint comes after."""
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=8)
    gate = Gate()

    def slow_phone_seen(self: DeskService, phone: str, **_: object) -> bool:
        gate.hold()
        gate.events.append("checked")
        return True

    monkeypatch.setattr(DeskService, "phone_seen", slow_phone_seen)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, VisitorForm)
        await type_text(pilot, "孙小红")
        await pilot.press("enter")
        await type_text(pilot, "13812345678")
        assert await asyncio.to_thread(gate.waiting.wait, WAIT)
        await pilot.press("enter")  # on to the address while the check is held
        await type_text(pilot, "宝石")
        await pilot.pause()
        gate.events.append("typed")
        assert form.query_one("#f-address", Input).value == "宝石"
        hint = form.query_one("#h-phone", Static)
        assert not hint.display, "no answer yet"

        gate.open.set()
        await settle(pilot)
        assert hint.display and "可能是同一人" in str(hint.content)

    assert gate.events == ["typed", "checked"]


async def test_keys_are_handled_while_a_chosen_session_is_opened(
    make_app: Callable[..., ReceptionApp],
    data_folder: DataFolder,
    config: SiteConfig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Enter on an earlier session opens its store in a worker: held, Up still moves; the desk comes after."""
    for days in (7, 0):
        make_demo_session(data_folder, config, visitors=2, day=DAY - timedelta(days=days), seed=days)
    gate = Gate()
    held = {"on": False}
    opened: list[Path] = []

    class SlowStore(SessionStore):
        def __init__(self, folder: Path) -> None:
            if held["on"]:
                gate.hold()
            super().__init__(folder)
            opened.append(folder)
            gate.events.append("opened")

    monkeypatch.setattr(opening, "SessionStore", SlowStore)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        await pilot.press("escape")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#sessions", DataTable)
        assert table.row_count == 2
        await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == 1

        held["on"] = True
        await pilot.press("enter")
        assert await asyncio.to_thread(gate.waiting.wait, WAIT)
        await pilot.press("up")
        await pilot.pause()
        gate.events.append("key")
        assert table.cursor_row == 0, "the key was handled while the session was being opened"
        assert app.screen is home, "no desk before the store is open"

        gate.open.set()
        await settle(pilot)
        desk = app.screen
        assert isinstance(desk, DeskScreen), "the desk appears once the store is open"
        assert desk.store.folder == opened[-1]

    assert gate.events[-2:] == ["key", "opened"]
