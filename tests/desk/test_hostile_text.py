"""Visitors' text that looks like markup or carries escape sequences is shown literally, everywhere."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.content import Content
from textual.widgets import Input, Static

from reception_tui.domain.dispositions import DispositionInput
from reception_tui.domain.intake import IssueInput, VisitorInput
from reception_tui.domain.masking import mask_name
from reception_tui.domain.models import DispositionKind, VisitorKind
from reception_tui.domain.site import SiteConfig
from reception_tui.services.desk import DeskService, open_new_session
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.close_session import CloseSessionScreen
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.screens.issue_form import IssueForm
from reception_tui.ui.desk.screens.visitor_form import VisitorForm
from reception_tui.ui.desk.widgets.queue_table import NAME_CELLS, QueueTable, fit

from .conftest import DAY, FixedClock
from .keys import settle

HOSTILE = ["[b]张三[/b]", "[VIP] 李四", "[@click=app.quit]王五[/]", "[/]", "[bold red]赵六"]
ESCAPED = "\x1b[31m钱七\x1b]0;pwned\x07\x1b[0m"


def plain(widget: Static) -> str:
    """What a Static shows, as plain text."""
    content = widget.content
    if isinstance(content, Content):
        return content.plain
    if isinstance(content, Text):
        return content.plain
    return str(content)


def seed(folder: DataFolder, config: SiteConfig) -> None:
    """A session whose visitors, units, places and words are all hostile (entered through the service)."""
    clock = FixedClock()
    store = open_new_session(
        folder, config, day=DAY, deputies=["周建国"], liaison_officer="李婷", operator="李婷", clock=clock
    )
    desk = DeskService(store, config, operator="李婷", clock=clock)
    for text in [*HOSTILE, ESCAPED]:
        saved = desk.register_visitor(
            VisitorInput(
                name=text,
                phone="13812345678",
                address=text,
                kind=VisitorKind.UNIT,
                unit_name=text,
            )
        )
        desk.add_issue(
            saved.record.id,
            IssueInput(category="交通出行", request_type="建议", place=text, own_words=text, summary=text),
            DispositionInput(DispositionKind.REDIRECTED, channel="信访", directed_to=text),
        )
    store.close()


async def test_hostile_text_is_shown_literally(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """Queue, card, issue details, edit forms and the closing summary show the text as typed; nothing runs."""
    seed(data_folder, config)
    await drive(make_app())


async def drive(app: ReceptionApp) -> None:
    """Walk every visitor; look at every place their text appears."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        desk = app.screen
        if not isinstance(desk, DeskScreen):  # the session is not today's: open it from the list
            await pilot.press("enter")
            await pilot.pause()
            desk = app.screen
        assert isinstance(desk, DeskScreen)
        queue = desk.query_one("#queue", QueueTable)
        expected = [*HOSTILE, "钱七"]
        for index, text in enumerate(expected):
            row = queue.get_row_at(index)
            assert row[2].plain == fit(mask_name(text), NAME_CELLS) + "·单位"
            card = plain(desk.query_one("#visitor-card", Static))
            assert f"单位代表：{text}" in card
            await pilot.press("tab")
            detail = plain(desk.query_one("#issue-detail", Static))
            assert f"地点：{text}" in detail and f"摘要：{text}" in detail and text in detail
            await pilot.press("e")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, IssueForm)
            assert form.query_one("#f-place", Input).value == text
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("shift+tab", "e")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, VisitorForm)
            assert form.query_one("#f-name", Input).value == text
            assert form.query_one("#f-unit_name", Input).value == text
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is desk and app.is_running
            await pilot.press("down")
            await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, CloseSessionScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f")
        await pilot.press(*"[/]", "enter")
        await pilot.pause()
        assert app.is_running and app.return_code is None
