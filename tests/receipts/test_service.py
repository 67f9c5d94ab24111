"""The receipt service: issue, reprint (补打, original time, audited), failures, the retry queue."""

from __future__ import annotations

import dataclasses
import socket
from datetime import datetime
from pathlib import Path

import pytest

from reception_tui.domain.errors import StateError
from reception_tui.domain.models import ReceiptOutput, ReceiptStatus
from reception_tui.domain.site import SiteConfig
from reception_tui.receipts.errors import PrintFailure, describe_failure
from reception_tui.services.receipts import ReceiptService, run_job
from reception_tui.storage.errors import SessionLockedError
from reception_tui.storage.session_store import SessionStore

from .conftest import ZONE, Site, ticking
from .escpos_parse import parse


def with_printer(config: SiteConfig, **settings: object) -> SiteConfig:
    return dataclasses.replace(config, printer=dataclasses.replace(config.printer, **settings))


def service(
    site: Site, config: SiteConfig | None = None, store: SessionStore | None = None
) -> ReceiptService:
    clock = ticking(datetime(2026, 11, 20, 15, 0, tzinfo=ZONE))
    return ReceiptService(store or site.folder, config or site.config, data_root=site.data.root, clock=clock)


def test_print_to_a_file_printer_records_printed_with_audit(crafted: Site, tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    svc = service(crafted, with_printer(crafted.config, connection="file", address=str(device)))
    visitor = crafted.visitor(1)
    outcome = svc.issue(visitor.id)
    assert outcome.ok
    job = parse(device.read_bytes())
    assert job.qr_data == [outcome.job.content.qr_text.encode()] and job.commands[-1] == b"\x1dV"
    (receipt,) = crafted.snapshot.receipts
    assert receipt.status is ReceiptStatus.PRINTED and receipt.output is ReceiptOutput.ESCPOS
    assert receipt.printed_at is not None and not receipt.reprint and receipt.revision == 2
    assert set(receipt.issue_ids) == {i.id for i in crafted.snapshot.issues if i.visitor_id == visitor.id}
    actions = [(e.action, e.entity) for e in crafted.snapshot.audit if e.entity_id == receipt.id]
    assert actions == [("queued", "receipt"), ("printed", "receipt")]


def test_second_print_is_a_reprint_with_the_original_time(crafted: Site, tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    svc = service(crafted, with_printer(crafted.config, connection="file", address=str(device)))
    visitor = crafted.visitor(1)
    first = svc.issue(visitor.id)
    second = svc.issue(visitor.id)
    original = crafted.snapshot.receipts[0].printed_at
    assert original is not None and first.ok and second.ok
    lines = parse(device.read_bytes()).text_lines
    assert lines[0].strip() == "*** 补打 ***"
    assert lines[1].strip() == f"原打印时间：{original:%Y-%m-%d %H:%M}"
    reprint = crafted.snapshot.receipts[1]
    assert reprint.reprint and reprint.original_printed_at == original
    assert [e.action for e in crafted.snapshot.audit if e.entity_id == reprint.id] == ["queued", "reprinted"]


def test_explicit_reprint_of_a_never_printed_receipt_is_refused(crafted: Site) -> None:
    with pytest.raises(StateError) as caught:
        service(crafted).prepare(crafted.visitor(1).id, ReceiptOutput.ESCPOS, reprint=True)
    assert caught.value.key == "receipts.never_printed"


def test_printer_that_cannot_be_opened_leaves_the_job_in_the_retry_queue(
    crafted: Site, tmp_path: Path
) -> None:
    missing = tmp_path / "unplugged" / "lp0"
    svc = service(crafted, with_printer(crafted.config, connection="file", address=str(missing)))
    outcome = svc.issue(crafted.visitor(1).id)
    assert outcome.failure is not None and outcome.failure.key == "receipts.error.not_found"
    (failed,) = svc.retry_queue()
    assert failed.status is ReceiptStatus.FAILED and failed.failure == "receipts.error.not_found"
    audit = [e for e in crafted.snapshot.audit if e.entity_id == failed.id]
    assert [e.action for e in audit] == ["queued", "print_failed"] and audit[
        -1
    ].note == "receipts.error.not_found"
    assert "张" not in outcome.failure.message() and "138" not in outcome.failure.message()

    missing.parent.mkdir()  # the printer is back
    retried = svc.retry(failed.id)
    assert retried.ok and svc.retry_queue() == []
    stored = next(r for r in crafted.snapshot.receipts if r.id == failed.id)
    assert stored.status is ReceiptStatus.PRINTED and not stored.reprint and stored.failure == ""
    assert parse(missing.read_bytes()).qr_data
    assert [e.action for e in crafted.snapshot.audit if e.entity_id == failed.id][-2:] == [
        "retried",
        "printed",
    ]


def test_no_printer_and_no_cups_fails_plainly(crafted: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    svc = service(crafted)
    assert svc.default_output() is ReceiptOutput.ESCPOS
    outcome = svc.issue(crafted.visitor(1).id, ReceiptOutput.PDF)
    assert outcome.failure is not None and outcome.failure.key == "receipts.error.no_printer"
    assert len(svc.retry_queue()) == 1


def test_network_printer_that_refuses_is_unreachable(crafted: Site) -> None:
    with socket.socket() as probe:  # a local port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    svc = service(crafted, with_printer(crafted.config, connection="network", address=f"127.0.0.1:{port}"))
    outcome = svc.issue(crafted.visitor(1).id)
    assert outcome.failure is not None and outcome.failure.key == "receipts.error.unreachable"


def test_bad_printer_address_is_explained(crafted: Site) -> None:
    svc = service(crafted, with_printer(crafted.config, connection="usb", address="printer"))
    outcome = svc.issue(crafted.visitor(1).id)
    assert outcome.failure is not None and outcome.failure.key == "receipts.error.bad_address"
    assert "VENDOR:PRODUCT" in outcome.failure.message()


def test_run_job_never_raises_and_touches_no_store(crafted: Site, tmp_path: Path) -> None:
    svc = service(crafted, with_printer(crafted.config, connection="file", address=str(tmp_path / "x" / "y")))
    job = svc.prepare(crafted.visitor(1).id)
    before = crafted.snapshot.receipts
    outcome = run_job(job)
    assert not outcome.ok and crafted.snapshot.receipts == before


def test_saving_files_is_recorded_only_on_success(crafted: Site, tmp_path: Path) -> None:
    svc = service(crafted)
    visitor = crafted.visitor(1)
    ok = svc.issue(visitor.id, ReceiptOutput.PNG, out=tmp_path / "r.png")
    bad = svc.issue(visitor.id, ReceiptOutput.SVG, out=tmp_path / "missing" / "r.svg")
    assert ok.ok and (tmp_path / "r.png").read_bytes().startswith(b"\x89PNG")
    assert bad.failure is not None and bad.failure.key == "receipts.error.write"
    (saved,) = crafted.snapshot.receipts
    assert saved.output is ReceiptOutput.PNG and saved.status is ReceiptStatus.PRINTED
    assert svc.retry_queue() == []


def test_service_on_the_desks_open_store(crafted: Site, tmp_path: Path) -> None:
    """The desk passes its open store; a folder-based service meanwhile sees the lock and says so."""
    config = with_printer(crafted.config, connection="file", address=str(tmp_path / "lp0"))
    with SessionStore(crafted.folder) as store:
        assert service(crafted, config, store=store).issue(crafted.visitor(1).id).ok
        with pytest.raises(SessionLockedError):
            service(crafted, config).prepare(crafted.visitor(2).id)
    assert len(crafted.snapshot.receipts) == 1


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (PermissionError(13, "denied"), "receipts.error.permission"),
        (TimeoutError(), "receipts.error.timeout"),
        (ConnectionRefusedError(111, "refused"), "receipts.error.unreachable"),
        (BrokenPipeError(32, "pipe"), "receipts.error.io"),
        (OSError(19, "No such device"), "receipts.error.not_found"),
        (RuntimeError("boom"), "receipts.error.unexpected"),
    ],
)
def test_errors_map_to_clear_messages(error: BaseException, key: str) -> None:
    failure = describe_failure(error)
    assert isinstance(failure, PrintFailure) and failure.key == key


def test_job_cut_off_mid_print_reappears_in_the_retry_queue(crafted: Site, tmp_path: Path) -> None:
    """A job recorded as queued whose outcome never came back (the app closed) is offered for retry later."""
    config = with_printer(crafted.config, connection="file", address=str(tmp_path / "lp0"))
    svc = service(crafted, config)
    job = svc.prepare(crafted.visitor(1).id)
    assert svc.retry_queue() == []  # still in flight
    later = ReceiptService(
        crafted.folder,
        config,
        data_root=crafted.data.root,
        clock=ticking(datetime(2026, 11, 20, 16, 0, tzinfo=ZONE)),
    )
    assert [r.id for r in later.retry_queue()] == [job.receipt.id]
    assert later.retry(job.receipt.id).ok and later.retry_queue() == []


def test_a_saved_file_is_not_paper_and_a_failed_job_waits_until_printed_or_cancelled(
    crafted: Site, tmp_path: Path
) -> None:
    """A PDF saved after a failed print leaves the job waiting; only paper makes the next print a reprint."""
    svc = service(crafted)
    visitor = crafted.visitor(1)
    assert not svc.issue(visitor.id, ReceiptOutput.ESCPOS).ok  # no printer configured
    assert svc.issue(visitor.id, ReceiptOutput.PDF, out=tmp_path / "r.pdf").ok
    (failed,) = svc.retry_queue(visitor.id)
    assert svc.first_printed_at(visitor.id) is None
    device = Path("/dev/null")  # a device file: what is written there comes out on paper
    paper = svc.issue(visitor.id, ReceiptOutput.ESCPOS, out=device)
    assert paper.ok and not paper.job.receipt.reprint
    stored = {r.id: r for r in crafted.snapshot.receipts}
    assert stored[paper.job.receipt.id].handed_over and not stored[paper.job.receipt.id].to_file
    assert [r.saved_as_file for r in crafted.snapshot.receipts] == [False, True, False]
    assert svc.retry_queue(visitor.id) == [failed]
    cancelled = svc.cancel(failed.id)
    assert cancelled.cancelled_at is not None and cancelled.status is ReceiptStatus.FAILED
    assert svc.retry_queue() == []
    with pytest.raises(StateError):
        svc.cancel(failed.id)
    assert [e.action for e in crafted.snapshot.audit if e.entity_id == failed.id][-1] == "cancelled"
