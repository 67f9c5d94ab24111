"""Confirming a purge of visitors' personal data after the office acknowledged an import."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from reception_tui.exchange.purge import PurgeCandidate
from reception_tui.i18n import t
from reception_tui.ui.desk import actions as desk_actions
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.key_footer import KeyFooter


class ConfirmPurge(ModalScreen[bool]):
    """Lists the sessions whose personal data will be removed; ``y`` confirms, ``n`` or Esc cancels."""

    DEFAULT_CSS = """
    ConfirmPurge { align: center middle; }
    ConfirmPurge > Vertical { width: 76; height: auto; max-height: 20; border: thick $warning; padding: 0 1; }
    ConfirmPurge #purge-title { text-style: bold; }
    ConfirmPurge #purge-sessions { height: auto; max-height: 10; }
    """
    ACTIONS: ClassVar[tuple[Action, ...]] = desk_actions.PURGE
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, ready: list[PurgeCandidate]) -> None:
        super().__init__()
        localise(self)
        self.ready = ready

    def compose(self) -> ComposeResult:
        """Title, one line per session, the warning, footer."""
        lines = [
            t("exchange.cli.purge.line", session=c.session_id[:8], visitors=c.visitors, issues=c.issues)
            for c in self.ready
        ]
        with Vertical():
            yield Static(t("exchange.ui.purge.title"), id="purge-title")
            yield Static(literal("\n".join(lines)), id="purge-sessions")
            yield Static(t("exchange.ui.purge.warning", count=len(self.ready)), id="purge-warning")
        yield KeyFooter()

    def action_answer(self, confirmed: bool) -> None:
        """Close with the answer."""
        self.dismiss(confirmed)
