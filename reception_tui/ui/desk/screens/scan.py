"""Scanning a receipt back: a USB barcode scanner types the payload and Enter; the verdict is shown.

A scanner is a keyboard, so the screen is an input box that takes one line at a time; after each
scan the box is cleared for the next one. The modal returns the last :class:`ScanResult` that found
a visitor (``o`` or the close key), for the desk to open that visitor and issue.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from reception_tui.exchange.status_in import StatusFile, load_status
from reception_tui.i18n import t
from reception_tui.receipts.lookup import ScanResult, Verdict, lookup_scanned
from reception_tui.receipts.payload import receipt_secret
from reception_tui.services.case_status import status_line
from reception_tui.ui.desk import actions as desk_actions
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.services import AppServices
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.key_footer import KeyFooter

GOOD = frozenset({Verdict.GENUINE, Verdict.CASE_NUMBER})


def scan_text(services: AppServices, text: str) -> ScanResult:
    """Look up what the scanner typed in the app's data folder (the helper the desk's find box can call)."""
    secret = receipt_secret(services.config, services.data_folder.root)
    return lookup_scanned(services.data_folder, secret, text, services.config.receipt.url_template)


def describe(result: ScanResult, status: StatusFile | None = None) -> str:
    """The verdict and, when found, the masked visitor and case number, in one or two lines; with the
    office's status file, the case's state as the office last reported it."""
    lines = [t(result.message_key)]
    if result.found:
        lines.append(t("receipts.scan.found", visitor=result.visitor_label or "-", queue=result.queue_number,
                       case=result.case_number or "-"))  # fmt: skip
    if status is not None and result.case_number and result.verdict in GOOD:
        lines.append(status_line(result.case_number, status))
    return "\n".join(lines)


class ScanScreen(ModalScreen[ScanResult | None]):
    """The scan box; dismisses with the last result that found a visitor (or None)."""

    CSS_PATH = "receipt.tcss"
    ACTIONS: ClassVar[tuple[Action, ...]] = desk_actions.SCAN
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, services: AppServices) -> None:
        super().__init__()
        localise(self)
        self.services = services
        self.result: ScanResult | None = None
        """The last scan's result."""
        self.status: StatusFile | None = None
        """The office's status file this laptop keeps (read in a worker when the box opens)."""

    def on_mount(self) -> None:
        """Read the office's status file in the background."""
        self._load_status()

    @work(thread=True, exclusive=True, group="scan-status")
    def _load_status(self) -> None:
        status = load_status(self.services.data_folder.root, self.services.config.office_public_key)
        self.app.call_from_thread(setattr, self, "status", status)

    def compose(self) -> ComposeResult:
        """Title, prompt, input box, verdict."""
        with Vertical(id="scan-box"):
            yield Label(t("receipts.scan.title"))
            yield Static(t("receipts.scan.prompt"), markup=False)
            yield Input(id="scan-input", max_length=400)
            yield Static("", id="scan-verdict", markup=False)
        yield KeyFooter()

    @on(Input.Submitted, "#scan-input")
    def _scanned(self, event: Input.Submitted) -> None:
        result = scan_text(self.services, event.value)
        self.result = result
        verdict = self.query_one("#scan-verdict", Static)
        verdict.update(literal(describe(result, self.status)))
        verdict.set_class(result.verdict in GOOD, "genuine")
        verdict.set_class(result.verdict not in GOOD, "bad")
        event.input.value = ""

    def action_open_found(self) -> None:
        """Close and hand the found visitor to whoever opened the scan box."""
        if self.result is not None and self.result.found and self.result.verdict in GOOD:
            self.dismiss(self.result)

    def action_close(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)
