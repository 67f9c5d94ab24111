"""The start form names the desk: a second laptop on the same day types B, and its numbers carry it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual.widgets import Input, Static

from reception_tui.domain.ids import CaseNumber
from reception_tui.domain.site import SiteConfig
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.screens.start_session import StartSessionForm

from .conftest import DAY
from .keys import save, settle, type_text
from .test_afternoon import record_issue, register


async def _second_desk(make_app: Callable[..., ReceptionApp], data_folder: DataFolder) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartSessionForm)
        await pilot.press("tab", "tab")  # past the deputies and the liaison officer
        assert isinstance(app.focused, Input) and app.focused.id == "f-desk"
        await type_text(pilot, "1")
        await save(pilot)
        assert isinstance(app.screen, StartSessionForm), "a digit is no desk letter"
        error = app.screen.query_one("#e-desk", Static)
        assert error.display and "一个英文字母" in str(error.render())
        assert data_folder.session_folders() == []
        app.screen.query_one("#f-desk", Input).focus()
        await pilot.press("backspace")
        await type_text(pilot, "b")
        await save(pilot)
        assert isinstance(app.screen, DeskScreen)
        await register(pilot, "王小民", "13812345678", "宝石新村3幢", district=1)
        await record_issue(pilot, 2, 4, "保俶路", "公交站太近", "建议后移")
    (folder,) = data_folder.session_folders()
    snapshot = data_folder.read(folder)
    assert snapshot.session.desk == "B"
    (issue,) = snapshot.issues
    assert issue.case_number.startswith(f"BSJD-{snapshot.session.day:%Y%m%d}B001-1-")
    assert CaseNumber.parse(issue.case_number).desk == "B"


async def test_the_start_form_names_the_desk_and_case_numbers_carry_it(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder
) -> None:
    """Tab to 接待台, a digit is refused on the field, "b" is stored as desk B."""
    await _second_desk(make_app, data_folder)


async def _remembered(make_app: Callable[..., ReceptionApp], data_folder: DataFolder) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartSessionForm)
        assert app.screen.query_one("#f-desk", Input).value == "B"
        await save(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert app.screen.store.session().desk == "B"


async def test_a_second_desks_laptop_keeps_its_letter_next_time(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """The laptop's last session was desk B (a month ago): today's start form comes with B filled in."""
    make_demo_session(data_folder.ensure(), config, visitors=1, seed=3, day=DAY - timedelta(days=31), desk="B")
    await _remembered(make_app, data_folder)
    days = sorted(data_folder.read(f).session.day for f in data_folder.session_folders())
    assert days == [DAY - timedelta(days=31), DAY]
