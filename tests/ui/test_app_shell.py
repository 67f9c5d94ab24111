"""The app shell: it opens on the sample config, lists sessions, and crashes without leaking data."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from reception_tui.services.demo import make_demo_session
from reception_tui.settings import Settings
from reception_tui.ui.launch import build_app
from tests.desk.keys import settle


async def test_opens_on_the_sample_config_and_lists_sessions(tmp_path: Path) -> None:
    context = Settings(str(tmp_path), None, "zh")
    make_demo_session(context.data_folder.ensure(), context.config, visitors=3, seed=1)
    app = build_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.title == context.config.site_name
        tables = list(app.screen.query(DataTable))
        assert tables and sum(table.row_count for table in tables) >= 1


async def test_crash_output_holds_no_visitor_data(tmp_path: Path) -> None:
    context = Settings(str(tmp_path), None, "en")
    app = build_app(context)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)

            def explode() -> None:
                name = "张三丰 13812341234"  # a local variable Textual's crash screen would print
                raise RuntimeError(name)

            app.call_later(explode)
            await pilot.pause()
    (log,) = (tmp_path / "logs").glob("error-*.log")
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "张三丰" not in text and "13812341234" not in text
    rendered = " ".join(str(renderable) for renderable in app._exit_renderables)
    assert "张三丰" not in rendered
