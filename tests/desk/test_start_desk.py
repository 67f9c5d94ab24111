"""The start form names the desk: a second laptop on the same day types B, and its numbers carry it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import Input, Static

from reception_tui.domain.ids import CaseNumber
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.screens.desk import DeskScreen
from reception_tui.ui.screens.start_session import StartSessionForm

from .keys import save, type_text
from .test_afternoon import record_issue, register


async def _second_desk(make_app: Callable[..., ReceptionApp], data_folder: DataFolder) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
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


def test_the_start_form_names_the_desk_and_case_numbers_carry_it(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder
) -> None:
    """Tab to 接待台, a digit is refused on the field, "b" is stored as desk B."""
    asyncio.run(_second_desk(make_app, data_folder))
