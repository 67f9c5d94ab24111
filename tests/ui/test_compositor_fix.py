"""Chinese characters in a toast stay whole where the toast lies over the border of a widget below it."""

from __future__ import annotations

import re

import pytest
from rich.console import Console
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.widgets import Footer, Static

import reception_tui.ui  # noqa: F401  (importing the UI package applies the fix)
from reception_tui.ui.patches import compositor_fix
from tests.desk.keys import settle

SAVED = "1 号来访人已保存。按 I 记录事项。"
GENUINE = "回执真实有效"


class DeskLike(App[None]):
    """The desk's shape at 80 columns: a 52-column queue beside a bordered card; toasts cross the border."""

    CSS = """
    #left { width: 52; }
    #right { width: 1fr; border-left: vkey $primary; }
    #card, #queue, #count { height: 1fr; }
    #queue { width: 44; }
    #count { width: 8; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Horizontal(id="left"):
                yield Static("排队\n" * 30, id="queue")
                yield Static("人数\n" * 30, id="count")
            yield Vertical(Static("来访人卡片\n" * 30, id="card"), id="right")
        yield Footer()

    def on_mount(self) -> None:
        self.notify(SAVED, markup=False, timeout=60)
        self.notify(GENUINE, markup=False, timeout=60)


def _screen_lines(app: App[None]) -> list[str]:
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]


_MOVE = re.compile(r"\x1b\[(\d+);(\d+)H")
_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def _paint(grid: list[list[str]], output: str) -> None:
    """Apply cursor moves and text (as a terminal would) to a grid of cells; a wide character takes two."""
    from rich.cells import cell_len

    row = column = 0
    position = 0
    text = _STYLE.sub("", output)
    while position < len(text):
        move = _MOVE.match(text, position)
        if move is not None:
            row, column = int(move.group(1)) - 1, int(move.group(2)) - 1
            position = move.end()
            continue
        character = text[position]
        position += 1
        if character == "\n":
            continue
        width = cell_len(character)
        cells = grid[row]
        # as a terminal does: writing over either half of a wide character erases the whole character
        for covered in range(column, min(column + width, len(cells))):
            if cells[covered] == "" and covered > 0:
                cells[covered - 1] = " "
            if covered + 1 < len(cells) and cells[covered + 1] == "" and cell_len(cells[covered]) == 2:
                cells[covered + 1] = " "
        cells[column] = character
        if width == 2 and column + 1 < len(cells):
            cells[column + 1] = ""
        column += width


def test_the_fix_is_installed() -> None:
    assert compositor_fix.applied()
    assert compositor_fix.apply() is True  # a second call changes nothing


@pytest.mark.asyncio
async def test_a_toast_over_a_border_keeps_every_character() -> None:
    app = DeskLike()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        lines = _screen_lines(app)
        assert any(SAVED in line for line in lines), lines
        assert any(GENUINE in line for line in lines), lines


@pytest.mark.asyncio
@pytest.mark.parametrize("below", ["#card", "#queue", "#count"])
async def test_a_partial_update_of_a_widget_below_keeps_the_toast_whole(below: str) -> None:
    """Repaint the card (right of the border), the queue (left of it) or a column that starts under the
    toast's text, while the toast stays on top: the screen ends up as a full repaint would draw it."""
    app = DeskLike()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        compositor = app.screen._compositor
        grid = _cells(_screen_lines(app))
        widget = app.query_one(below, Static)
        widget.update("已更新\n" * 30)
        await pilot.pause(0.1)
        widget.refresh()  # repainted while the toast stays: the update covers only this widget
        compositor.update_widgets({widget})
        update = compositor.render_partial_update()
        assert update is not None
        _paint(grid, update.render_segments(Console(width=80, color_system=None, force_terminal=True)))
        painted = ["".join(row) for row in grid]
        assert painted == _grid_of(_screen_lines(app))  # what a full repaint would draw
        assert any(SAVED in line for line in painted), painted
        assert any(GENUINE in line for line in painted), painted


def _cells(lines: list[str]) -> list[list[str]]:
    """The screen as a terminal holds it after drawing ``lines``: one entry per cell."""
    grid = [[" "] * 80 for _ in range(24)]
    for y, line in enumerate(lines):
        _paint(grid, f"\x1b[{y + 1};1H{line}")
    return grid


def _grid_of(lines: list[str]) -> list[str]:
    return ["".join(row) for row in _cells(lines)]


@pytest.mark.asyncio
async def test_a_small_repaint_under_the_toast_keeps_the_toast_whole() -> None:
    """A repaint of a few cells under the toast's text (as a blinking cursor makes) crops nothing inside it."""
    app = DeskLike()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        compositor = app.screen._compositor
        lines = _screen_lines(app)
        grid = _cells(lines)
        toast_y = next(y for y, line in enumerate(lines) if SAVED in line)
        queue = app.query_one("#queue", Static)
        queue.refresh(Region(40, toast_y - queue.region.y, 4, 1))  # ends inside 号, which spans 43-44
        compositor.update_widgets({queue})
        update = compositor.render_partial_update()
        assert update is not None
        _paint(grid, update.render_segments(Console(width=80, color_system=None, force_terminal=True)))
        painted = ["".join(row) for row in grid]
        assert SAVED in painted[toast_y], painted[toast_y]


FILLED = "ab说明政策补充说明政策补充"
"""26 cells from column 53: its last character fills columns 77-78, across the toast's right edge (78)."""


class DetailUnderToast(App[None]):
    """The desk's detail pane holding text with an odd-width run, so Chinese characters sit on odd columns."""

    CSS = DeskLike.CSS

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("排队\n" * 30, id="left")
            yield Vertical(Static(f"{FILLED}\n" * 30, id="card"), id="right")
        yield Footer()

    def on_mount(self) -> None:
        self.notify(SAVED, markup=False, timeout=60)  # dismissed by the test, not by the clock (loaded CI)


class Terminal:
    """What a terminal shows: every update the app writes, painted cell by cell."""

    def __init__(self, app: App[None]) -> None:
        self.grid = [[" "] * 80 for _ in range(24)]
        console = Console(width=80, color_system=None, force_terminal=True)
        original = app._display

        def display(screen: object, renderable: object) -> None:
            if isinstance(renderable, CompositorUpdate):
                _paint(self.grid, renderable.render_segments(console))
            original(screen, renderable)  # type: ignore[arg-type]

        app._display = display  # type: ignore[method-assign]

    @property
    def lines(self) -> list[str]:
        return ["".join(row) for row in self.grid]


@pytest.mark.asyncio
async def test_a_fading_toast_leaves_the_text_below_it_whole() -> None:
    """When the toast goes, the cells it covered are redrawn without cutting a Chinese character at its
    right edge: "充" on columns 77-78 used to be written as a space at 77, which erased it until the
    next full repaint (seen after saving a disposition whose text held "[/]")."""
    app = DetailUnderToast()
    terminal = Terminal(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause(0.1)
        toast_rows = [y for y, line in enumerate(_screen_lines(app)) if FILLED not in line and "▌" in line]
        assert toast_rows
        app.clear_notifications()  # the toast goes, as when its timeout ends
        for _ in range(50):
            await pilot.pause(0.05)
            if not app.query("Toast"):
                break
        await settle(pilot)
        assert not app.query("Toast")
        assert terminal.lines == _grid_of(_screen_lines(app))
        for y in toast_rows:
            assert FILLED in terminal.lines[y], terminal.lines[y]
