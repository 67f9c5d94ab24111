"""Issuing, reprinting and retrying receipts, recorded and audited in the session store.

A print job has three steps so that printing never holds up the desk:

1. :meth:`ReceiptService.prepare` (UI thread, fast): builds the content and records the job as
   ``queued`` with an audit event, so a crash mid-print leaves a trace;
2. :func:`run_job` (a worker thread): renders the bytes and sends them; touches no store, never raises;
3. :meth:`ReceiptService.finish` (UI thread): records ``printed`` or ``failed``; a failed job stays
   in the retry queue (:meth:`ReceiptService.retry_queue`) until :meth:`ReceiptService.prepare_retry`
   sends it again.

:meth:`ReceiptService.issue` runs the three steps in a row for the command line and tests.
Saving a file (PDF, PNG, SVG, text) is recorded only when it succeeds: there is nothing to retry.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from reception_tui.domain.errors import StateError
from reception_tui.domain.ids import new_id
from reception_tui.domain.models import (
    AuditEvent,
    ReceiptIssued,
    ReceiptOutput,
    ReceiptStatus,
    Record,
    revise,
)
from reception_tui.domain.site import PrinterSettings, SiteConfig
from reception_tui.receipts import qr
from reception_tui.receipts.content import ReceiptContent, build_receipt
from reception_tui.receipts.errors import PrintFailure, describe_failure
from reception_tui.receipts.escpos_receipt import escpos_bytes
from reception_tui.receipts.layout import columns_for_paper, render_text
from reception_tui.receipts.payload import receipt_secret
from reception_tui.receipts.pdf_receipt import PdfPaper, pdf_bytes
from reception_tui.receipts.transport import cups_available, escpos_configured, send_escpos, send_lp
from reception_tui.services.clock import Clock, site_clock
from reception_tui.services.desk import audit_event
from reception_tui.storage.atomic import write_atomic
from reception_tui.storage.data_folder import DataFolder
from reception_tui.storage.session_store import SessionSnapshot, SessionStore

STALE_QUEUED_AFTER = timedelta(minutes=10)
"""A job still queued after this long was cut off (the app closed or crashed mid-print)."""


@dataclass(frozen=True)
class RenderOptions:
    """How the bytes are made: printer settings, PDF paper and text width."""

    printer: PrinterSettings = field(default_factory=PrinterSettings)
    pdf_paper: PdfPaper = PdfPaper.ROLL80
    text_columns: int = 48


@dataclass(frozen=True)
class PrintJob:
    """A receipt ready to send: the stored record, the content and where it goes."""

    receipt: ReceiptIssued
    content: ReceiptContent
    options: RenderOptions
    out: Path | None = None
    """A file to write; None sends to the printer (ESC/POS) or CUPS (PDF)."""

    @property
    def output(self) -> ReceiptOutput:
        """The output format."""
        return self.receipt.output


@dataclass(frozen=True)
class PrintOutcome:
    """How a job ended; ``failure`` is None on success."""

    job: PrintJob
    failure: PrintFailure | None = None

    @property
    def ok(self) -> bool:
        """True when the receipt was printed or written."""
        return self.failure is None


def render(content: ReceiptContent, output: ReceiptOutput, options: RenderOptions) -> bytes:
    """The bytes of a receipt in one output format."""
    if output is ReceiptOutput.ESCPOS:
        return escpos_bytes(content, options.printer)
    if output is ReceiptOutput.PDF:
        return pdf_bytes(content, options.pdf_paper)
    if output is ReceiptOutput.PNG:
        return qr.png_bytes(content.qr_text)
    if output is ReceiptOutput.SVG:
        return qr.svg_bytes(content.qr_text)
    return render_text(content, options.text_columns).encode("utf-8")


def is_device(path: Path) -> bool:
    """True for a device file such as /dev/usb/lp0 (what is written there comes out on paper)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode)


def write_output(path: Path, data: bytes) -> None:
    """Write a file durably (0600); a device file such as /dev/usb/lp0 is written directly."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = 0
    if mode and not stat.S_ISREG(mode):
        with open(path, "wb") as device:
            device.write(data)
        return
    write_atomic(path, data)


def run_job(job: PrintJob) -> PrintOutcome:
    """Render and send a job; safe in a worker thread (no store, no widgets), never raises."""
    try:
        data = render(job.content, job.output, job.options)
        if job.out is not None:
            try:
                write_output(job.out, data)
            except OSError as error:
                reason = error.strerror or type(error).__name__
                raise PrintFailure("receipts.error.write", reason=reason) from None
        elif job.output is ReceiptOutput.ESCPOS:
            send_escpos(job.options.printer, data)
        elif job.output is ReceiptOutput.PDF:
            send_lp(data, str(job.content.ref))
        else:
            raise PrintFailure("receipts.error.no_printer")
    except Exception as error:
        return PrintOutcome(job, describe_failure(error))
    return PrintOutcome(job)


class ReceiptService:
    """Receipts of one session, through its open store or (for a session not open elsewhere) its folder."""

    def __init__(
        self,
        store: SessionStore | Path,
        config: SiteConfig,
        *,
        data_root: Path,
        operator: str = "",
        clock: Clock | None = None,
        lang: str = "zh",
    ) -> None:
        self._store = store if isinstance(store, SessionStore) else None
        self.folder = store.folder if isinstance(store, SessionStore) else store
        self.config = config
        self.data_root = data_root
        self.clock = clock or site_clock(config.timezone)
        self.lang = lang
        self._secret: bytes | None = None
        self.operator = operator or self.snapshot().session.liaison_officer

    # -- reading -------------------------------------------------------------------------------

    @property
    def secret(self) -> bytes:
        """The receipt secret: the config's shared key, else the data folder's (created on first use)."""
        if self._secret is None:
            self._secret = receipt_secret(self.config, self.data_root)
        return self._secret

    def snapshot(self) -> SessionSnapshot:
        """The session as stored now."""
        if self._store is not None:
            return self._store.snapshot()
        return DataFolder(self.folder.parent.parent).read(self.folder)

    def receipts(self, visitor_id: str | None = None) -> list[ReceiptIssued]:
        """Receipt records, all or one visitor's, oldest first."""
        found = self.snapshot().receipts
        return [r for r in found if visitor_id is None or r.visitor_id == visitor_id]

    def first_printed_at(self, visitor_id: str) -> datetime | None:
        """When the visitor's receipt was first printed on paper; None if never (a saved file does not count)."""
        times = [
            r.original_printed_at or r.printed_at for r in self.receipts(visitor_id)
            if r.handed_over and r.output is not ReceiptOutput.SCREEN
        ]  # fmt: skip
        known = [moment for moment in times if moment is not None]
        return min(known) if known else None

    def content(
        self, visitor_id: str, *, printed_at: datetime | None = None, reprint_of: datetime | None = None,
        reprint: bool = False,
    ) -> ReceiptContent:
        """The receipt of a visitor as it would print now (``printed_at`` None: a preview)."""
        return build_receipt(
            self.snapshot(), self.config, visitor_id, secret=self.secret, printed_at=printed_at,
            reprint_of=reprint_of, reprint=reprint, lang=self.lang,
        )

    def retry_queue(self, visitor_id: str | None = None) -> list[ReceiptIssued]:
        """Printer jobs that failed, or were left queued by a crash mid-print, and wait to be sent again.

        A failed job stays here until it prints or is cancelled (:meth:`cancel`); saving the receipt
        as a file does not take it away.
        """
        stale = self.clock() - STALE_QUEUED_AFTER
        return [
            r for r in self.receipts(visitor_id)
            if r.cancelled_at is None
            and (r.status is ReceiptStatus.FAILED or (r.status is ReceiptStatus.QUEUED and r.updated_at < stale))
        ]  # fmt: skip

    def default_output(self) -> ReceiptOutput:
        """The receipt printer when one is configured, else a PDF to the CUPS printer when there is one."""
        if not escpos_configured(self.config.printer) and cups_available():
            return ReceiptOutput.PDF
        return ReceiptOutput.ESCPOS

    def options(
        self, *, pdf_paper: PdfPaper = PdfPaper.ROLL80, text_columns: int | None = None
    ) -> RenderOptions:
        """Render options from the config's printer section."""
        columns = text_columns or columns_for_paper(self.config.printer.paper_width_mm)
        return RenderOptions(self.config.printer, pdf_paper, columns)

    # -- writing -------------------------------------------------------------------------------

    def _commit(self, records: Sequence[Record], events: Sequence[AuditEvent]) -> None:
        if self._store is not None:
            self._store.commit(records, events)
            return
        with SessionStore(self.folder) as store:
            store.commit(records, events)

    def prepare(
        self,
        visitor_id: str,
        output: ReceiptOutput | None = None,
        *,
        reprint: bool | None = None,
        out: Path | None = None,
        options: RenderOptions | None = None,
    ) -> PrintJob:
        """Build a job; a printer job is recorded as queued (with an audit event) before it is sent.

        ``reprint`` None marks the receipt 补打 when the visitor's receipt was printed before;
        True insists on a reprint (:class:`StateError` if it never was).
        """
        output = output or self.default_output()
        snapshot = self.snapshot()
        previous = self.first_printed_at(visitor_id)
        if reprint and previous is None:
            raise StateError("receipts.never_printed")
        is_reprint = previous is not None if reprint is None else reprint
        now = self.clock()
        content = self.content(visitor_id, printed_at=now, reprint_of=previous if is_reprint else None,
                               reprint=is_reprint)  # fmt: skip
        record = ReceiptIssued(
            id=new_id(), created_at=now, updated_at=now, operator=self.operator,
            session_id=snapshot.session.id, visitor_id=visitor_id, issue_ids=content.issue_ids, output=output,
            reprint=is_reprint, original_printed_at=previous if is_reprint else None,
            to_file=out is not None and not is_device(out),
        )
        if out is None:
            self._commit([record], [audit_event(record.session_id, now, self.operator, "queued", record)])
        return PrintJob(record, content, options or self.options(), out)

    def finish(self, outcome: PrintOutcome) -> ReceiptIssued:
        """Record how a job ended: printed (or reprinted), or failed and left in the retry queue."""
        job = outcome.job
        now = self.clock()
        action = "reprinted" if job.receipt.reprint else "printed"
        if job.out is not None:
            if not outcome.ok:
                return job.receipt
            record = replace(job.receipt, status=ReceiptStatus.PRINTED, printed_at=now)
            self._commit([record], [audit_event(record.session_id, now, self.operator, action, record)])
            return record
        stored = self._current(job.receipt.id)
        if outcome.failure is None:
            record = revise(stored, operator=self.operator, now=now, status=ReceiptStatus.PRINTED,
                            printed_at=now, failure="")  # fmt: skip
            event = audit_event(record.session_id, now, self.operator, action, record,
                                ("status", "printed_at"))  # fmt: skip
        else:
            record = revise(stored, operator=self.operator, now=now, status=ReceiptStatus.FAILED,
                            failure=outcome.failure.key)  # fmt: skip
            event = audit_event(record.session_id, now, self.operator, "print_failed", record, ("status",),
                                note=outcome.failure.key)  # fmt: skip
        self._commit([record], [event])
        return record

    def _current(self, receipt_id: str) -> ReceiptIssued:
        for receipt in self.receipts():
            if receipt.id == receipt_id:
                return receipt
        raise StateError("receipts.retry_none")

    def cancel(self, receipt_id: str) -> ReceiptIssued:
        """Take a failed job out of the retry queue for good (the visitor left, or got paper otherwise); audited."""
        stored = self._current(receipt_id)
        if stored.status is ReceiptStatus.PRINTED or stored.cancelled_at is not None:
            raise StateError("receipts.retry_none")
        now = self.clock()
        record = revise(stored, operator=self.operator, now=now, cancelled_at=now)
        self._commit([record], [audit_event(record.session_id, now, self.operator, "cancelled", record,
                                            ("cancelled_at",))])  # fmt: skip
        return record

    def prepare_retry(self, receipt_id: str, *, options: RenderOptions | None = None) -> PrintJob:
        """Queue a failed job again, with its original reprint marking; recorded and audited."""
        stored = self._current(receipt_id)
        now = self.clock()
        record = revise(stored, operator=self.operator, now=now, status=ReceiptStatus.QUEUED)
        event = audit_event(record.session_id, now, self.operator, "retried", record, ("status",))
        self._commit([record], [event])
        content = self.content(record.visitor_id, printed_at=now, reprint_of=record.original_printed_at,
                               reprint=record.reprint)  # fmt: skip
        return PrintJob(record, content, options or self.options())

    # -- one call for the command line and tests -----------------------------------------------

    def issue(
        self, visitor_id: str, output: ReceiptOutput | None = None, *, reprint: bool | None = None,
        out: Path | None = None, options: RenderOptions | None = None,
    ) -> PrintOutcome:
        """Prepare, run and finish a job in this thread."""
        job = self.prepare(visitor_id, output, reprint=reprint, out=out, options=options)
        outcome = run_job(job)
        self.finish(outcome)
        return outcome

    def retry(self, receipt_id: str) -> PrintOutcome:
        """Send a failed job again in this thread."""
        outcome = run_job(self.prepare_retry(receipt_id))
        self.finish(outcome)
        return outcome

