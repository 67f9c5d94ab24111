"""Notifications show text as written: every ``notify`` in the UI turns markup off, so brackets in a name or a
path are shown, never parsed (a stray ``[/]`` would raise and close the app)."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

from textual.widgets._toast import Toast

from reception_tui.settings import Settings
from reception_tui.ui.desk.screens.schedule import ScheduleScreen
from reception_tui.ui.launch import build_app
from tests.conftest import REPO_ROOT

UI = REPO_ROOT / "reception_tui" / "ui"


def _notify_calls_without_plain_text() -> list[str]:
    found: list[str] = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr != "notify":
                continue
            markup = next((k.value for k in node.keywords if k.arg == "markup"), None)
            if not (isinstance(markup, ast.Constant) and markup.value is False):
                found.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    return found


def test_every_notify_in_the_ui_turns_markup_off() -> None:
    assert not _notify_calls_without_plain_text(), "pass markup=False to notify"


def test_the_scan_sees_a_notify_with_markup_on(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sample = tmp_path / "ui"
    sample.mkdir()
    (sample / "screen.py").write_text('self.notify(t("x"), severity="warning")\nself.notify(t("y"), markup=False)\n')
    monkeypatch.setattr(f"{__name__}.UI", sample)
    monkeypatch.setattr(f"{__name__}.REPO_ROOT", tmp_path)
    assert _notify_calls_without_plain_text() == ["ui/screen.py:1"]


async def test_a_path_with_brackets_is_shown_literally_in_a_toast(tmp_path: Path) -> None:
    """The data folder is called ``[b]张三[/b] [/]``: the "notice saved" toast names the path as it is."""
    hostile = "[b]张三[/b] [/]"
    app = build_app(Settings(str(tmp_path / hostile), None, "zh"))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = ScheduleScreen(app.services, today=date(2026, 2, 21))
        await app.push_screen(screen)
        await pilot.pause()
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("公告已保存" in m and hostile in m for m in messages), messages
        await pilot.pause()
        shown = [str(toast.render()) for toast in app.screen.query(Toast)]
        assert shown and any(hostile in text for text in shown), shown
