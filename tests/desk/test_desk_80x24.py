"""What a first-time user saw at 80x24: every check drives the desk by keyboard and reads the screen."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable

from textual.app import App
from textual.widgets import Select, TextArea
from textual.widgets._footer import FooterKey

from reception_tui.config import sample_config_path
from reception_tui.domain.intake import VisitorInput
from reception_tui.domain.site import FieldMode, SiteConfig
from reception_tui.i18n import t
from reception_tui.services.demo import make_demo_session
from reception_tui.services.desk import DeskService, open_new_session
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.close_session import CloseSessionScreen
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.screens.disposition_form import DispositionForm
from reception_tui.ui.desk.screens.start_session import StartSessionForm
from reception_tui.ui.desk.screens.visitor_form import VisitorForm
from reception_tui.ui.desk.widgets.queue_table import QueueTable
from reception_tui.ui.shared.actions import shown_bindings
from reception_tui.ui.shared.services import AppServices
from tests.ui.test_compositor_fix import Terminal
from tests.ui.test_compositor_fix import _grid_of as grid_of

from .conftest import DAY, FixedClock
from .keys import save, settle, type_text


def screen_text(app: App[object]) -> list[str]:
    """The screen as a person sees it, line by line."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]


async def test_an_invalid_field_still_shows_what_was_typed(data_folder: DataFolder, config: SiteConfig) -> None:
    """Phone 13812 and a 17-digit ID number, Ctrl+S: both values stay on screen beside their errors."""
    with_id = dataclasses.replace(config, fields={**config.fields, "id_number": FieldMode.OPTIONAL})
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=8)
    app = ReceptionApp(AppServices(with_id, sample_config_path(), data_folder, "zh", clock=FixedClock()))

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, VisitorForm)
            await type_text(pilot, "孙小红")
            await pilot.press("enter")
            await type_text(pilot, "13812")
            form.query_one("#f-id_number").focus()
            await type_text(pilot, "33010619990101123")
            await save(pilot)
            assert app.screen is form
            lines = screen_text(app)
            phone_line = next(line for line in lines if "电话" in line)
            assert "13812" in phone_line, lines
            assert any("11 位" in line for line in lines), lines
            form.query_one("#f-id_number").scroll_visible(animate=False)
            await pilot.pause()
            lines = screen_text(app)
            id_line = next(line for line in lines if "身份证号" in line)
            assert "33010619990101123" in id_line, lines
            assert any("18 位" in line for line in lines), lines

    await run()


async def test_the_closing_warnings_come_first_and_the_summary_scrolls_by_keyboard(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """X at 80x24: "no receipt" is on screen at once; PageDown (focus still on a button) reaches the end."""
    make_demo_session(data_folder, config, visitors=12, day=DAY, seed=7)

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, CloseSessionScreen)
            lines = screen_text(app)
            assert any("还没有打印回执" in line for line in lines), lines
            assert any("1、2、3、4" in line for line in lines), "a Chinese list is written with 、"
            assert not any("结束后本场接待将被锁定" in line for line in lines), "the end starts below the fold"
            await pilot.press("pagedown", "pagedown", "pagedown")
            await pilot.pause()
            lines = screen_text(app)
            assert any("结束后本场接待将被锁定" in line for line in lines), lines
            assert any(binding.description == "下一页" for binding in shown_bindings(app.screen))

    await run()


def seed_visitors(folder: DataFolder, config: SiteConfig, names: list[str]) -> None:
    """Today's session with these visitors (entered through the service)."""
    clock = FixedClock()
    store = open_new_session(
        folder, config, day=DAY, deputies=["周建国"], liaison_officer="李婷", operator="李婷", clock=clock
    )
    desk = DeskService(store, config, operator="李婷", clock=clock)
    for name in names:
        desk.register_visitor(VisitorInput(name=name, phone="13812345678", address="宝石新村"))
    store.close()


async def test_a_filtered_queue_says_so_until_escape(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """Find "王": two of three visitors; after the toast has gone the queue still says it is filtered."""
    seed_visitors(data_folder, config, ["王小民", "李四", "王大明"])

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await settle(pilot)
            desk = app.screen
            assert isinstance(desk, DeskScreen)
            await pilot.press("f")
            await type_text(pilot, "王")
            await pilot.press("enter")
            await pilot.pause()
            app.clear_notifications()
            await pilot.pause()
            assert desk.query_one("#queue", QueueTable).row_count == 2
            lines = screen_text(app)
            assert any("“王”" in line and "2 位" in line and "Esc" in line for line in lines), lines
            await pilot.press("escape")
            await pilot.pause()
            assert desk.query_one("#queue", QueueTable).row_count == 3
            assert not any("“王”" in line for line in screen_text(app))

    await run()


async def test_the_disposition_form_moves_on_from_its_drop_down(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """Enter, Enter on the kind already shown moves to the explanation (it used to reopen the list);
    the 解释人 list offers the liaison officers as well as the deputies."""
    make_demo_session(data_folder, config, visitors=12, day=DAY, seed=7)

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("tab", "d")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, DispositionForm)
            kind = form.query_one("#f-kind", Select)
            assert app.focused is kind
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("enter")  # the kind already shown
            await pilot.pause()
            await pilot.pause()
            assert app.focused is form.query_one("#f-explanation", TextArea)
            people = [str(value) for _, value in form.query_one("#f-explained_by", Select)._options]
            assert {"李婷", "郑磊"} <= set(people), people
            assert set(config.liaison_officers) | {"周建国"} <= set(people)

    await run()


async def test_ticked_and_unticked_differ_without_colour(make_app: Callable[..., ReceptionApp]) -> None:
    """The start form's rota deputies read [x], the others [ ]; Space changes the mark; no half blocks."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, StartSessionForm)
            lines = screen_text(app)
            assert any("[x] 周建国" in line for line in lines), lines
            assert any("[ ] 林晓梅" in line for line in lines), lines
            await pilot.press("down", "space")  # 林晓梅
            await pilot.pause()
            lines = screen_text(app)
            assert any("[x] 林晓梅" in line for line in lines), lines
            assert not any("▐" in line or "▌" in line for line in lines)

            await save(pilot)
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, VisitorForm)
            lines = screen_text(app)
            assert any("[ ] 匿名" in line for line in lines), lines
            await pilot.press("tab", "space")
            await pilot.pause()
            assert any("[x] 匿名" in line for line in screen_text(app))

    await run()


async def footer_is_whole(app: App[object]) -> str:
    """The footer line; every key in it is shown whole (waiting, bounded, for it to be drawn: on a loaded
    machine the first frame after a screen change can come later than the test's last pause)."""
    for _ in range(100):
        line = screen_text(app)[-1]
        if line.strip():
            break
        await asyncio.sleep(0.05)
    keys = [key for key in app.screen.query(FooterKey) if key.display]  # the others are left out to fit
    assert keys
    for key in keys:
        assert f"{key.key_display} {key.description}" in line, line
    return line


async def test_the_footer_speaks_the_interface_language_and_fits_80_columns(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """Desk, open drop-down and command palette in Chinese and English: no cut keys, no Textual English."""
    make_demo_session(data_folder, config, visitors=12, day=DAY, seed=7)

    async def run(lang: str, palette: str, dismiss: str) -> None:
        app = make_app(lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            line = await footer_is_whole(app)
            assert f"^p {palette}" in line and "palette" not in line, line
            await pilot.press("tab", "d")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            line = await footer_is_whole(app)
            assert f"esc {dismiss}" in line and "Dismiss menu" not in line, line
            await pilot.press("escape", "escape")
            await pilot.pause()
            commands = list(app.get_system_commands(app.screen))
            titles = [command.title for command in commands]
            assert "Keys" not in titles and "Screenshot" not in titles  # Textual's English; a screenshot holds data
            assert "Quit the application as soon as possible" not in [command.help for command in commands]
            assert t("ui.key.quit") in titles and t("ui.cmd.theme") in titles
            if lang == "zh":
                assert not {"Theme", "Quit", "Maximize"} & set(titles)

    await run("zh", "命令", "关闭列表")
    await run("en", "Commands", "Close list")


async def test_saving_a_disposition_with_brackets_keeps_every_character_on_the_terminal(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """An explanation holding "[/]" puts Chinese characters on odd columns; when the "saved" toast fades,
    the terminal shows the detail pane as a full repaint draws it (a character used to vanish until the
    next move)."""
    make_demo_session(data_folder, config, visitors=12, day=DAY, seed=7)
    text = "补充[/]说明政策补充a说明政策补充说明政策补充b说明政策补充说明政策补充"

    async def run() -> None:
        app = make_app()
        app.NOTIFICATION_TIMEOUT = 0.5
        terminal = Terminal(app)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("tab", "d")
            await pilot.pause()
            await pilot.press("tab", "end", *text)
            await save(pilot)
            for _ in range(100):  # the toast times out (0.5 s) and fades; a loaded machine may take longer
                await pilot.pause(0.05)
                if not app.query("Toast"):
                    break
            await pilot.pause(0.5)  # as long as the fixed wait was after the toast had gone
            assert not app.query("Toast")
            assert terminal.lines == grid_of(screen_text(app))
            assert any("b说明政策补充说明政策补充" in line for line in terminal.lines), terminal.lines

    await run()
