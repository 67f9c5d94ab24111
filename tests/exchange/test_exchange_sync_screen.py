"""The sync screen: F7 opens it, the officer exports every pending session and hears the stick is safe."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from textual.widgets import DataTable, ProgressBar, Static

from reception_tui.exchange.office_import import import_files
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.sync import SyncScreen
from reception_tui.ui.shared.services import AppServices
from tests.desk.keys import settle
from tests.exchange.helpers import Clock
from tests.exchange.leftovers import find_personal_data, personal_values


@pytest.fixture(autouse=True)
def no_real_drives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The screen looks for USB sticks in an empty folder, whatever this machine has mounted under /media."""
    monkeypatch.setattr("reception_tui.ui.desk.screens.sync.REMOVABLE_ROOTS", (tmp_path / "no-drives",))


def _app(laptop, inbox: Path | None) -> ReceptionApp:  # type: ignore[no-untyped-def]
    config = dataclasses.replace(laptop.config, office_inbox=str(inbox) if inbox else None)
    return ReceptionApp(AppServices(config, Path("site.yaml"), laptop.data, "en"))



async def test_f7_lists_pending_sessions_and_exports_them_all(make_laptop, tmp_path, office_dir):
    laptop = make_laptop("a", visitors=2, seed=51, sessions=3)
    inbox = tmp_path / "inbox"
    app = _app(laptop, inbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        assert str(inbox) in str(screen.query_one("#sync-destination", Static).render())
        table = screen.query_one("#sync-table", DataTable)
        assert table.row_count == 3
        footer_keys = {binding.id for (_, binding, *_rest) in screen.active_bindings.values() if binding.id}
        assert {"sync_export", "sync_export_all", "sync_refresh", "sync_next_destination"} <= footer_keys
        assert not screen.query_one("#sync-progress", ProgressBar).display  # no bar until something is written

        await pilot.press("a")
        await screen.workers.wait_for_complete()
        await pilot.pause()
        status = str(screen.query_one("#sync-status", Static).render())
        assert "safe to remove" in status
        progress = screen.query_one("#sync-progress", ProgressBar)
        assert progress.display and progress.total == 3 and progress.progress == 3
        assert table.row_count == 0
    files = sorted(inbox.glob("reception_*.json"))
    assert len(files) == 3
    report = import_files([inbox], office_dir, trust_new_devices=True, now=Clock())
    assert report.exit_code == 0 and len(report.sessions) == 3



async def test_export_selected_only_and_command_palette_lists_the_actions(make_laptop, tmp_path):
    laptop = make_laptop("a", visitors=2, seed=52, sessions=2)
    inbox = tmp_path / "inbox"
    app = _app(laptop, inbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        await pilot.press("e")
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert len(list(inbox.glob("reception_*.json"))) == 1
        assert screen.query_one("#sync-table", DataTable).row_count == 1

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Export all")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert len(list(inbox.glob("reception_*.json"))) == 2



async def test_no_destination_is_said_plainly(make_laptop, tmp_path):
    laptop = make_laptop("a", visitors=1, seed=53)
    app = ReceptionApp(AppServices(laptop.config, Path("site.yaml"), laptop.data, "en"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = SyncScreen(app.services, roots=[tmp_path / "no-media"])
        app.push_screen(screen)
        await pilot.pause()
        assert "No USB stick" in str(screen.query_one("#sync-destination", Static).render())
        await pilot.press("a")
        await pilot.pause()
        assert not screen.busy


def test_removable_drives_are_found_under_media_roots(tmp_path, sample_config):
    from reception_tui.exchange.destinations import DRIVE_SUBFOLDER, destinations

    (tmp_path / "media" / "liting" / "KINGSTON").mkdir(parents=True)
    (tmp_path / "run-media" / "liting" / "SANDISK").mkdir(parents=True)
    found = destinations(
        dataclasses.replace(sample_config, office_inbox="/srv/inbox"),
        roots=[tmp_path / "media", tmp_path / "run-media", tmp_path / "absent"],
    )
    assert [d.kind for d in found] == ["office", "drive", "drive"]
    assert [d.label for d in found[1:]] == ["KINGSTON", "SANDISK"]
    assert found[1].folder == tmp_path / "media" / "liting" / "KINGSTON" / DRIVE_SUBFOLDER



async def test_a_damaged_export_log_is_reported_not_fatal(make_laptop, tmp_path):
    laptop = make_laptop("a", visitors=1, seed=54)
    (laptop.data.root / "exchange").mkdir(exist_ok=True)
    (laptop.data.root / "exchange" / "exports.json").write_text("[", encoding="utf-8")
    app = _app(laptop, tmp_path / "inbox")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        assert "export log is damaged" in str(screen.query_one("#sync-status", Static).render())
        await pilot.press("a", "r", "d")
        await pilot.pause()
        assert not screen.busy and not (tmp_path / "inbox").exists()



async def test_purge_after_the_office_acknowledged_asks_first(make_laptop, tmp_path, office_dir):
    from reception_tui.ui.desk.screens.sync_purge import ConfirmPurge

    laptop = make_laptop("a", visitors=2, seed=55, sessions=2)
    values = personal_values(v for f in laptop.session_folders() for v in laptop.data.read(f).visitors)
    assert find_personal_data(laptop.data.root, values)  # the live file and its previous generation
    inbox = tmp_path / "inbox"
    app = _app(laptop, inbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        await pilot.press("p")
        await pilot.pause()
        assert "No acknowledgement" in str(screen.query_one("#sync-status", Static).render())

        await pilot.press("a")
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert import_files([inbox], office_dir, trust_new_devices=True, now=Clock()).exit_code == 0

        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPurge)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert all(
            v.name for f in laptop.session_folders() for v in laptop.data.read(f).visitors if not v.anonymous
        )

        await pilot.press("p")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert "Personal data removed from 2 session(s)" in str(
            screen.query_one("#sync-status", Static).render()
        )
    for folder in laptop.session_folders():
        snapshot = laptop.data.read(folder)
        assert all(v.name == "" and v.phone == "" for v in snapshot.visitors)
        assert any(e.action == "purged" for e in snapshot.audit)
    assert find_personal_data(laptop.data.root, values) == []



async def test_sessions_waiting_are_listed_before_a_stick_is_inserted(make_laptop, tmp_path):
    laptop = make_laptop("b", visitors=2, seed=52, sessions=2)
    app = _app(laptop, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        assert screen.query_one("#sync-table", DataTable).row_count == 2
        await pilot.press("a")
        await pilot.pause()
        assert any("No USB stick" in str(n.message) for n in app._notifications)
        assert not list(tmp_path.rglob("reception_*.json"))
