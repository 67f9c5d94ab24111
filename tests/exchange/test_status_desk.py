"""The office's status at the desk: the phone check shows a returning visitor's earlier cases with their
state; the sync screen keeps a status file it finds at the destination."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import Static

from reception_tui.config import sample_config_path
from reception_tui.exchange.status_in import import_status, kept_status_path, load_status
from reception_tui.office.status_file import export_status
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.screens.sync import SyncScreen
from reception_tui.ui.desk.screens.visitor_form import VisitorForm
from reception_tui.ui.shared.services import AppServices
from tests.desk.conftest import FixedClock
from tests.desk.keys import settle, type_text
from tests.exchange.helpers import CST
from tests.exchange.status_helpers import cases_of

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=CST)


@pytest.fixture(autouse=True)
def no_real_drives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reception_tui.ui.desk.screens.sync.REMOVABLE_ROOTS", (tmp_path / "no-drives",))


async def test_the_phone_check_shows_the_earlier_cases_state(make_laptop, office_key, tmp_path):  # type: ignore[no-untyped-def]
    laptop = make_laptop("desk", visitors=3, seed=12, office_public_key=office_key.public_key)
    snapshot = laptop.data.read(laptop.session_folders()[0])
    visitor = next(v for v in snapshot.visitors if v.phone and any(i.visitor_id == v.id for i in snapshot.issues))
    number = next(i.case_number for i in snapshot.issues if i.visitor_id == visitor.id)
    stick = tmp_path / "stick"
    export_status(cases_of(snapshot), stick, office_key=office_key, now=NOW)
    import_status(stick, laptop.data.root, office_key.public_key, NOW)
    app = ReceptionApp(AppServices(laptop.config, sample_config_path(), laptop.data, "zh", clock=FixedClock()))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, VisitorForm)
        await type_text(pilot, "孙小红")
        await pilot.press("enter")
        await type_text(pilot, visitor.phone)
        await form.workers.wait_for_complete()
        await settle(pilot)
        hint = str(form.query_one("#h-phone", Static).content)
        assert "可能是同一人" in hint
        assert f"{number}：已答复（B类）" in hint


async def test_the_sync_screen_keeps_a_status_file_at_the_destination(make_laptop, office_key, tmp_path):  # type: ignore[no-untyped-def]
    laptop = make_laptop("desk", visitors=2, seed=13, office_public_key=office_key.public_key)
    inbox = tmp_path / "inbox"
    snapshot = laptop.data.read(laptop.session_folders()[0])
    written = export_status(cases_of(snapshot), inbox, office_key=office_key, now=NOW)
    config = dataclasses.replace(laptop.config, office_inbox=str(inbox))
    app = ReceptionApp(AppServices(config, Path("site.yaml"), laptop.data, "en", clock=FixedClock()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        await screen.workers.wait_for_complete()
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("Imported the office status" in m for m in messages)
    assert kept_status_path(laptop.data.root).read_bytes() == written.read_bytes()
    held = load_status(laptop.data.root, office_key.public_key)
    assert held is not None and len(held.cases) == len(snapshot.issues)
