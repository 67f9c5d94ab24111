"""A visitor's receipt on screen: the text, a QR code a phone can read, and keys to print, reprint and save.

Printing and saving run in thread workers (:func:`reception_tui.services.receipts.run_job`); the
worker only renders and sends bytes, and the outcome comes back as a worker-state message that is
recorded on the UI thread, so the store and the widgets are only ever touched from here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from reception_tui.domain.errors import DomainError
from reception_tui.domain.models import ReceiptOutput
from reception_tui.i18n import t
from reception_tui.receipts.layout import render_text
from reception_tui.receipts.pdf_receipt import PdfPaper
from reception_tui.services.receipts import PrintJob, PrintOutcome, ReceiptService, run_job
from reception_tui.storage.atomic import ensure_private_dir
from reception_tui.storage.errors import StoreError
from reception_tui.storage.session_store import SessionStore
from reception_tui.ui.desk import actions as desk_actions
from reception_tui.ui.desk.widgets.qr_view import QrView
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.services import AppServices
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.key_footer import KeyFooter

SCREEN_TEXT_COLUMNS = 32
PRINT_GROUP = "receipt-print"


class ReceiptScreen(Screen[None]):
    """One visitor's receipt; ``session`` is the desk's open store, or a session folder not open elsewhere."""

    CSS_PATH = "receipt.tcss"
    ACTIONS: ClassVar[tuple[Action, ...]] = desk_actions.RECEIPT
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(
        self,
        services: AppServices,
        session: SessionStore | Path,
        visitor_id: str,
        *,
        auto_print: bool = False,
    ) -> None:
        super().__init__()
        localise(self)
        self.services = services
        self.visitor_id = visitor_id
        self.auto_print = auto_print
        # The receipt is for the visitor: always in Chinese, whatever the interface language.
        self.service = ReceiptService(session, services.config, data_root=services.data_folder.root)
        self.last_outcome: PrintOutcome | None = None
        """The outcome of the last job this screen finished (for the desk and tests)."""

    def compose(self) -> ComposeResult:
        """Receipt text on the left, the QR code on the right, keys in the footer."""
        content = self.service.content(self.visitor_id)
        with Horizontal(id="receipt-body"):
            with VerticalScroll(id="receipt-text"):
                text = render_text(content, SCREEN_TEXT_COLUMNS).rstrip("\n")
                yield Static(literal(text), id="receipt-lines")
            with Vertical(id="receipt-qr-box"):
                yield QrView(content.qr_text, id="receipt-qr")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Warn when the terminal is too short for the whole code; print straight away if asked."""
        qr_view = self.query_one(QrView)
        if self.app.size.height < qr_view.rows + 1:
            self._say(t("receipts.qr_too_tall"), severity="warning")
        if self.auto_print:
            self.action_print_receipt()

    def _say(
        self, message: str, *, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """A notification shown literally (paths and reasons may hold brackets)."""
        self.notify(message, severity=severity, timeout=timeout, markup=False)

    # -- actions -------------------------------------------------------------------------------

    def _prepare(self, make: Callable[[], PrintJob]) -> None:
        try:
            job = make()
        except DomainError as error:
            self._say(t(error.key, **error.params), severity="warning")
            return
        except StoreError:
            self._say(t("receipts.error.locked"), severity="error")
            return
        if job.out is None:
            self._say(t("receipts.printing"), timeout=2)
        self.run_worker(partial(run_job, job), thread=True, group=PRINT_GROUP, exit_on_error=False)

    def action_print_receipt(self) -> None:
        """Print on the receipt printer (or CUPS); marked 补打 automatically when printed before."""
        self._prepare(lambda: self.service.prepare(self.visitor_id))

    def action_reprint(self) -> None:
        """Reprint, marked 补打 with the original print time."""
        self._prepare(lambda: self.service.prepare(self.visitor_id, reprint=True))

    def action_save(self, kind: str) -> None:
        """Save the receipt as A5 PDF or its QR code as PNG in the data folder's receipts folder."""
        output = ReceiptOutput.PDF if kind == "pdf" else ReceiptOutput.PNG
        folder = ensure_private_dir(self.services.data_folder.receipts_dir)
        ref = self.service.content(self.visitor_id).ref
        out = folder / f"{ref}.{output.value}"
        options = self.service.options(pdf_paper=PdfPaper.A5)
        self._prepare(lambda: self.service.prepare(self.visitor_id, output, out=out, options=options))

    def action_retry(self) -> None:
        """Send every failed job of this session again."""
        queue = self.service.retry_queue()
        if not queue:
            self._say(t("receipts.retry_none"))
            return
        for receipt in queue:
            self._prepare(partial(self.service.prepare_retry, receipt.id))

    def action_cancel_failed(self) -> None:
        """Take this visitor's failed print jobs out of the retry queue (recorded and audited)."""
        queue = self.service.retry_queue(self.visitor_id)
        if not queue:
            self._say(t("receipts.cancel_none"))
            return
        try:
            for receipt in queue:
                self.service.cancel(receipt.id)
        except StoreError:
            self._say(t("receipts.error.locked"), severity="error")
            return
        self._say(t("receipts.cancelled", count=len(queue)))

    def action_close(self) -> None:
        """Back to where the receipt was opened from."""
        self.dismiss(None)

    # -- results -------------------------------------------------------------------------------

    @on(Worker.StateChanged)
    def _job_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != PRINT_GROUP or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        outcome = worker.result
        if not isinstance(outcome, PrintOutcome):
            self._say(t("receipts.error.unexpected"), severity="error")
            return
        try:
            self.service.finish(outcome)
        except StoreError:
            self._say(t("receipts.error.locked"), severity="error")
            return
        self.last_outcome = outcome
        ref = str(outcome.job.content.ref)
        if outcome.failure is not None:
            message = outcome.failure.message()
            if outcome.job.out is None:
                message = t("receipts.queued_for_retry", reason=message)
            self._say(message, severity="error", timeout=8)
        elif outcome.job.out is not None:
            waiting = self.service.retry_queue(self.visitor_id)
            key = "receipts.saved_not_printed" if waiting else "receipts.saved"
            self._say(t(key, path=str(outcome.job.out)), timeout=8 if waiting else None)
        else:
            key = "receipts.reprinted" if outcome.job.receipt.reprint else "receipts.printed"
            self._say(t(key, ref=ref))
