"""Opening sessions: one writer per session, a damaged file offered back from its last good version."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

from reception_tui.domain.site import SiteConfig
from reception_tui.services.demo import make_demo_session
from reception_tui.services.drafts import Draft, DraftStore
from reception_tui.storage.data_folder import DataFolder
from reception_tui.storage.session_store import STORE_FILE, SessionStore
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.screens.home import HomeScreen
from reception_tui.ui.shared.screens.confirm import ConfirmScreen

from .conftest import DAY
from .keys import settle


async def test_a_session_open_elsewhere_is_refused_with_a_message(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """Another window holds the lock: the app says which process on which computer, and stays on the list."""
    make_demo_session(data_folder, config, visitors=2, day=DAY, seed=3)
    other = SessionStore(data_folder.session_folders()[0])

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            messages = [str(n.message) for n in app._notifications]
            assert any("另一个窗口" in m for m in messages)
            holder = f"进程 {os.getpid()}，计算机 {socket.gethostname()}"
            assert any(holder in m for m in messages), messages

    try:
        await run()
    finally:
        other.close()


async def test_a_damaged_session_is_set_aside_and_the_previous_version_restored(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """The live file is broken: it is kept aside, the officer confirms, the last good version opens."""
    make_demo_session(data_folder, config, visitors=3, day=DAY, seed=4)
    folder = data_folder.session_folders()[0]
    good = data_folder.read(folder)
    (folder / STORE_FILE).write_bytes(b'{"session": {"1": {"broken')

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            await pilot.pause()
            assert isinstance(app.screen, DeskScreen)
            assert len(app.screen.model.visitors) >= len(good.visitors) - 1

    await run()
    assert list(folder.glob(f"{STORE_FILE}.damaged-*")), "the damaged file is kept, never deleted"


async def test_a_draft_for_a_vanished_record_is_dropped(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """A draft naming a visitor that is not in the session does not crash the desk; it is cleared."""
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=5)
    drafts = DraftStore(data_folder.session_folders()[0])
    drafts.save(Draft("issue", {"place": "x"}, visitor_id="no-such-visitor"))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.pause()
            assert isinstance(app.screen, DeskScreen)

    await run()
    assert drafts.load() is None


def test_a_damaged_draft_is_set_aside(data_folder: DataFolder, config: SiteConfig) -> None:
    """Unreadable draft bytes are moved aside rather than crashing or being trusted."""
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=6)
    folder = data_folder.session_folders()[0]
    (folder / "draft.json").write_bytes(b"\x00not json")
    assert DraftStore(folder).load() is None
    assert (folder / "draft.json.damaged").exists()
