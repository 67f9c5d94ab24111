"""The visitor form: inline Chinese messages, full-width digits, the ID field when the config turns it on,
and warnings that do not block saving (phone seen before, under 14, anonymous)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

from textual.widgets import Static

from reception_tui.config import sample_config_path
from reception_tui.domain.site import FieldMode, SiteConfig
from reception_tui.domain.validation import id_check_char
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.screens.visitor_form import VisitorForm
from reception_tui.ui.shared.services import AppServices

from .conftest import DAY, FixedClock
from .keys import save, settle, type_text


def child_id(day: date) -> str:
    """A valid ID number of a ten-year-old on ``day``."""
    body = f"330106{day.year - 10}0101123"
    return body + id_check_char(body)


async def test_inline_errors_then_warnings(data_folder: DataFolder, config: SiteConfig) -> None:
    """Bad phone and ID are explained under their fields; fixed, the save goes through with warnings."""
    with_id = dataclasses.replace(config, fields={**config.fields, "id_number": FieldMode.OPTIONAL})
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=8)
    snapshot = data_folder.read(data_folder.session_folders()[0])
    known_phone = snapshot.visitors[0].phone
    app = ReceptionApp(AppServices(with_id, sample_config_path(), data_folder, "zh", clock=FixedClock()))

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, DeskScreen)
            await pilot.press("n")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, VisitorForm)
            await type_text(pilot, "孙小红")
            await pilot.press("enter")
            await type_text(pilot, "１３８１２３")  # full-width, too short
            form.query_one("#f-id_number").focus()
            await type_text(pilot, "33010619990101123")  # 17 characters
            await save(pilot)
            assert app.screen is form, "errors keep the form open"
            phone_error = form.query_one("#e-phone", Static)
            id_error = form.query_one("#e-id_number", Static)
            assert phone_error.display and "11 位" in str(phone_error.content)
            assert id_error.display and "18 位" in str(id_error.content)
            assert app.focused is form.query_one("#f-phone")

            await pilot.press("end", *["backspace"] * 20)
            await type_text(pilot, "".join(chr(ord(c) + 0xFEE0) for c in known_phone))  # full-width again
            await settle(pilot)  # the phone check runs in a worker
            assert "可能是同一人" in str(form.query_one("#h-phone", Static).content)
            form.query_one("#f-id_number").focus()
            await pilot.press("end", *["backspace"] * 20)
            await type_text(pilot, child_id(DAY))
            await save(pilot)
            assert isinstance(app.screen, DeskScreen)
            messages = [str(n.message) for n in app._notifications]
            assert any("可能是同一人" in m for m in messages)
            assert any("未满 14 周岁" in m for m in messages)

    await run()
    stored = data_folder.read(data_folder.session_folders()[0])
    newest = stored.visitors[-1]
    assert newest.name == "孙小红" and newest.phone == known_phone
    assert newest.id_number == child_id(DAY) and newest.needs_guardian
    assert stored.visitors[0].phone == known_phone, "never merged"


async def test_id_field_absent_when_the_config_turns_it_off(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """The sample config has the ID number off: the form has no such field."""
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=8)

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await pilot.pause()
            assert not app.screen.query("#f-id_number")

    await run()
