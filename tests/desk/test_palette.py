"""Every desk action is in the command palette and has a key in the footer."""

from __future__ import annotations

from collections.abc import Callable

from reception_tui.domain.site import SiteConfig
from reception_tui.i18n import t
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.shared.actions import shown_bindings

from .conftest import DAY
from .keys import settle

DESK_ACTIONS = [
    "new_visitor", "new_issue", "edit", "disposition", "print_receipt", "find", "close_session", "help",
]  # fmt: skip


async def test_palette_lists_every_desk_action(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """The palette's commands include each desk action under its translated label."""
    make_demo_session(data_folder, config, visitors=2, day=DAY, seed=9)

    async def run() -> None:
        app = make_app(lang="en")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, DeskScreen)
            shown = {binding.action: binding for binding in shown_bindings(screen)}
            assert set(DESK_ACTIONS) <= set(shown)
            titles = {command.title for command in app.get_system_commands(screen)}
            for action in DESK_ACTIONS:
                assert shown[action].description in titles
                assert shown[action].id, "every binding has an id so keys can be remapped"
            assert t("desk.key.new_visitor", lang="en") in titles

    await run()
