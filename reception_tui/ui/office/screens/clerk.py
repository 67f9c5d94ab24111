"""The first screen: who is at the keyboard (issue 17 item 2). Every step and reveal names this clerk.

The clerks are named in ``office.yaml``; without any, the screen says how to add them and lets the
person quit.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reception_tui.i18n import t
from reception_tui.office.settings import SETTINGS_FILE
from reception_tui.ui.office import actions as office_actions
from reception_tui.ui.office.services import OfficeServices
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.key_footer import KeyFooter

CLERKS_EXAMPLE = "clerks: [王芳, 李强]"
"""The line of ``office.yaml`` the empty screen shows."""


class ClerkScreen(Screen[None]):
    """Choose who is working from the clerks of ``office.yaml``."""

    ACTIONS: ClassVar[tuple[Action, ...]] = office_actions.CLERK
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, services: OfficeServices) -> None:
        super().__init__()
        localise(self)
        self.services = services

    def compose(self) -> ComposeResult:
        """Title, the question and the clerks (or how to name them)."""
        office = self.services.settings.office_name or self.services.config.site_name
        yield Static(literal(t("workbench.clerk.title", office=office)), id="clerk-title")
        clerks = self.services.settings.clerks
        if clerks:
            yield Static(literal(t("workbench.clerk.question")), id="clerk-question")
            yield OptionList(*(Option(literal(name), id=str(index)) for index, name in enumerate(clerks)),
                             id="clerk-list")  # fmt: skip
        else:
            path = self.services.office_dir / SETTINGS_FILE
            yield Static(literal(t("workbench.clerk.none", path=path)), id="clerk-help")
            yield Static(literal(CLERKS_EXAMPLE), id="clerk-yaml")
            yield Static(literal(t("workbench.clerk.none_after", dir=self.services.office_dir)), id="clerk-after")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Without clerks there is nothing to choose (the key is not offered)."""
        return not (action == "choose" and not self.services.settings.clerks)

    def on_mount(self) -> None:
        """The list has the focus."""
        for found in self.query("#clerk-list"):
            found.focus()

    @on(OptionList.OptionSelected, "#clerk-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option_index)

    def action_choose(self) -> None:
        """Choose the highlighted clerk."""
        for found in self.query("#clerk-list").results(OptionList):
            if found.highlighted is not None:
                self.choose(found.highlighted)

    def choose(self, index: int) -> None:
        """``index`` of the configured clerks is working: on to the case list."""
        from reception_tui.ui.office.screens.case_list import CaseListScreen

        self.services.clerk = self.services.settings.clerks[index]
        self.app.switch_screen(CaseListScreen(self.services))
