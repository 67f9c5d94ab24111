"""Closing the afternoon: the figures, what is still open, and the lock."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reception_tui.domain.models import DispositionKind
from reception_tui.i18n import listing, t
from reception_tui.services.desk_model import ClosingSummary
from reception_tui.ui.desk import actions as desk_actions
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.screens import DIALOGS_TCSS
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.key_footer import KeyFooter

MAX_LISTED = 12


def summary_lines(summary: ClosingSummary) -> list[str]:
    """The summary as lines of text (counts, categories and targets; no personal data)."""
    lines = [
        t(
            "desk.close.counts",
            visitors=summary.visitors,
            issues=summary.issues,
            receipts=summary.receipts_printed,
        ),
        *([t("desk.close.saved_only", count=summary.receipts_saved_only)] if summary.receipts_saved_only else []),
        "  ".join(t(f"desk.kind.{kind.value}") + f" {summary.by_kind[kind]}" for kind in DispositionKind)
        + f"  {t('desk.kind.none')} {summary.undisposed}",
        "",
        t("desk.close.by_category"),
        *(f"  {name}  {count}" for name, count in summary.by_category),
    ]
    if summary.by_target:
        lines += ["", t("desk.close.by_target"), *(f"  {name}  {count}" for name, count in summary.by_target)]
    return lines


def warning_lines(summary: ClosingSummary) -> list[str]:
    """Issues without a disposition, visitors without a printed receipt and failed print jobs, by number."""
    lines = []
    if summary.issues_without_disposition:
        shown = summary.issues_without_disposition[:MAX_LISTED]
        more = len(summary.issues_without_disposition) - len(shown)
        lines.append(t("desk.close.warn_undisposed", count=len(summary.issues_without_disposition)))
        lines.append("  " + listing(shown) + (f" … +{more}" if more else ""))
    if summary.visitors_without_receipt:
        numbers = [str(n) for n in summary.visitors_without_receipt[: MAX_LISTED * 2]]
        more = len(summary.visitors_without_receipt) - len(numbers)
        lines.append(t("desk.close.warn_no_receipt", count=len(summary.visitors_without_receipt)))
        lines.append("  " + listing(numbers) + (f" … +{more}" if more else ""))
    if summary.visitors_print_failed:
        numbers = [str(n) for n in summary.visitors_print_failed[: MAX_LISTED * 2]]
        more = len(summary.visitors_print_failed) - len(numbers)
        lines.append(t("desk.close.warn_print_failed", count=len(summary.visitors_print_failed)))
        lines.append("  " + listing(numbers) + (f" … +{more}" if more else ""))
    return lines


class CloseSessionScreen(ModalScreen[bool]):
    """Shows the summary; dismisses with True when the officer confirms the close."""

    CSS_PATH = DIALOGS_TCSS

    ACTIONS: ClassVar[tuple[Action, ...]] = desk_actions.CLOSE_SESSION
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)
    SCROLLS: ClassVar[tuple[str, ...]] = ("page_down", "page_up", "down", "up", "home", "end")

    def __init__(self, summary: ClosingSummary, *, already_closed: bool = False) -> None:
        super().__init__()
        localise(self)
        self.summary = summary
        self.already_closed = already_closed

    def compose(self) -> ComposeResult:
        """Warnings first (what is still open must be seen at 80x24), then the figures, buttons."""
        with Vertical(classes="dialog close-session"):
            yield Static(literal(t("desk.close.title")), classes="dialog-title")
            with VerticalScroll(classes="form-body", id="close-body"):
                warnings = warning_lines(self.summary)
                if warnings:
                    yield Static(literal("\n".join(warnings)), id="close-warnings", classes="warnings")
                yield Static(literal("\n".join(summary_lines(self.summary))), id="close-summary")
                yield Static(literal(t("desk.close.explain_lock")), classes="hint")
            with Horizontal(classes="buttons"):
                if not self.already_closed:
                    yield Button(literal(t("desk.button.close_session")), id="close", variant="warning")
                yield Button(literal(t("desk.button.back")), id="back", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Focus the safe choice."""
        self.query_one("#back", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close or go back."""
        self.dismiss(event.button.id == "close")

    def action_close_session(self) -> None:
        """Confirm the close."""
        self.dismiss(not self.already_closed)

    def action_back(self) -> None:
        """Keep the session open."""
        self.dismiss(False)

    def action_scroll_summary(self, how: str) -> None:
        """Scroll the summary from the keyboard, wherever the focus is (it starts on a button)."""
        if how in self.SCROLLS:
            body = self.query_one("#close-body", VerticalScroll)
            getattr(body, f"scroll_{how}")(animate=False)
