"""Pasted text is clean before a field shows it, cut at the field's limit with a notice, and stored as shown."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual._xterm_parser import XTermParser
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from reception_tui.domain.intake import MAX_LONG_TEXT
from reception_tui.domain.site import SiteConfig
from reception_tui.domain.text import clean_text
from reception_tui.i18n import t
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.screens.issue_form import IssueForm
from reception_tui.ui.desk.screens.visitor_form import VisitorForm

from .conftest import DAY
from .keys import choose, save, settle, type_text

OSC52 = "\x1b]52;c;SGVsbG8gd29ybGQ=\x07"
"""A terminal clipboard write, as a paste from a hostile web page carries it."""
RLO = "\u202e"
BIG_LINE = "\x1b[31m路面坑洼\x1b[0m" + RLO + "积水\n"
BIG = BIG_LINE * (1_000_000 // len(BIG_LINE))
"""About a megabyte of pasted text with colour codes and overrides in every line."""


async def paste(pilot: Pilot[object], text: str) -> None:
    """What the terminal sends for a bracketed paste: one Paste event to the app."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def from_terminal(pilot: Pilot[object], parser: XTermParser, data: str) -> None:
    """Bytes as the terminal sends them, parsed and posted to the app as the Linux driver does."""
    for event in parser.feed(data):
        pilot.app.post_message(event)
    await pilot.pause()


def notices(app: ReceptionApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def open_desk(pilot: Pilot[object]) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, DeskScreen)


async def test_a_paste_into_a_line_is_clean_at_once_and_stored_as_shown(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """Escape sequences and overrides never reach the input; what is typed after lands where it is seen."""
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=8)

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await open_desk(pilot)
            await pilot.press("n")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, VisitorForm)
            name = form.query_one("#f-name", Input)
            await type_text(pilot, "前")
            await paste(pilot, RLO + OSC52 + "后\x1b[31m")
            assert name.value == "前后"  # before any save
            await pilot.press(RLO)  # typed through an input method
            assert name.value == "前后"
            await pilot.press("left", "left")
            await type_text(pilot, "中")
            assert name.value == "中前后"
            await pilot.press("enter")
            await type_text(pilot, "13812345678")
            await pilot.press("enter", "enter")
            await choose(pilot, 1)
            await save(pilot)
            assert isinstance(app.screen, DeskScreen)

    await run()
    stored = data_folder.read(data_folder.session_folders()[0])
    assert stored.visitors[-1].name == "中前后"


async def test_a_terminal_paste_with_an_osc_52_sequence_is_stored_in_order(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """Through the terminal parser: the paste arrives whole and clean, not partly as key presses (scrambled)."""
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=8)

    async def run() -> None:
        app = make_app()
        parser = XTermParser()
        async with app.run_test(size=(80, 24)) as pilot:
            await open_desk(pilot)
            await from_terminal(pilot, parser, "n")
            assert isinstance(app.screen, VisitorForm)
            name = app.screen.query_one("#f-name", Input)
            await from_terminal(pilot, parser, "前")
            await from_terminal(pilot, parser, "\x1b[200~" + RLO + OSC52 + "后\x1b[31m红\x1b[0m\x1b[201~")
            assert name.value == "前后红"
            await from_terminal(pilot, parser, "\x1b[D\x1b[D")
            await from_terminal(pilot, parser, "中")
            assert name.value == "前中后红"
            await pilot.press("enter")
            await type_text(pilot, "13812345678")
            await pilot.press("enter", "enter")
            await choose(pilot, 1)
            await save(pilot)
            assert isinstance(app.screen, DeskScreen)

    await run()
    stored = data_folder.read(data_folder.session_folders()[0])
    assert stored.visitors[-1].name == "前中后红"


async def test_a_paste_longer_than_a_line_is_cut_at_its_limit_with_a_notice(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """The name holds 200 characters: a megabyte paste keeps the first 200 and says so (it used to be refused)."""
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=8)

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await open_desk(pilot)
            await pilot.press("n")
            await pilot.pause()
            name = app.screen.query_one("#f-name", Input)
            await type_text(pilot, "张")
            await paste(pilot, BIG)
            assert len(name.value) == 200 and name.value == clean_text("张" + BIG)[:200]
            assert any(t("desk.visitor.name") in m and "200" in m for m in notices(app))
            await paste(pilot, "三")
            assert len(name.value) == 200
            assert any("没有粘贴" in m for m in notices(app))

    await run()


async def test_a_megabyte_pasted_into_the_visitors_words_is_cut_cleaned_and_stored(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """The text area takes the first 5000 characters of the cleaned paste, says so, and saves exactly that."""
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=8)
    expected = clean_text(BIG, multiline=True)[:MAX_LONG_TEXT]

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await open_desk(pilot)
            await pilot.press("i")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, IssueForm)
            await choose(pilot, 1)
            await choose(pilot, 1)
            await type_text(pilot, "小区门口")
            await pilot.press("enter")
            words = form.query_one("#f-own_words", TextArea)
            assert app.focused is words
            await paste(pilot, BIG)
            assert words.text == expected and "\x1b" not in words.text and RLO not in words.text
            assert any(t("desk.issue.own_words") in m and str(MAX_LONG_TEXT) in m for m in notices(app))
            await pilot.press(RLO)
            assert words.text == expected
            await pilot.press("tab")
            await paste(pilot, RLO + "路面" + OSC52 + "积水\n")
            assert form.query_one("#f-summary", TextArea).text == "路面积水"
            await pilot.press("tab")
            await choose(pilot, 1)
            await save(pilot)
            assert isinstance(app.screen, DeskScreen)

    await run()
    stored = data_folder.read(data_folder.session_folders()[0])
    saved = [issue for issue in stored.issues if issue.summary == "路面积水"]
    assert len(saved) == 1 and saved[0].own_words == expected
