"""A purge leaves no copy of the purged visitors' name, phone or address anywhere in the data folder."""

from __future__ import annotations

import shutil

from reception_tui.cli import main
from reception_tui.domain.models import ReceiptOutput, ReceiptStatus
from reception_tui.exchange.ack import find_ack, read_ack
from reception_tui.exchange.office_import import import_files
from reception_tui.exchange.outbox import Outbox
from reception_tui.exchange.purge import purge_candidates, purge_session
from reception_tui.receipts.pdf_receipt import PdfPaper
from reception_tui.services.drafts import Draft, DraftStore
from reception_tui.services.receipts import ReceiptService
from reception_tui.storage.session_store import STORE_FILE, SessionStore
from tests.exchange.helpers import Clock
from tests.exchange.leftovers import find_personal_data, personal_values


def _afternoon_leftovers(laptop) -> list[str]:
    """Everything an afternoon leaves beside the live file; returns the visitors' personal values."""
    folder = laptop.session_folders()[0]
    snapshot = laptop.data.read(folder)
    visitors = [v for v in snapshot.visitors if not v.anonymous]
    first, second = visitors[0], visitors[1]
    receipts_dir = laptop.data.receipts_dir
    receipts_dir.mkdir(mode=0o700)
    with SessionStore(folder) as store:
        service = ReceiptService(store, laptop.config, data_root=laptop.data.root, clock=laptop.clock)
        failed = service.issue(first.id, ReceiptOutput.ESCPOS)  # no printer configured: it waits for retry
        assert failed.failure is not None
        ref = str(service.content(first.id).ref)
        options = service.options(pdf_paper=PdfPaper.A5)
        assert service.issue(first.id, ReceiptOutput.PDF, out=receipts_dir / f"{ref}.pdf", options=options).ok
        assert service.issue(first.id, ReceiptOutput.PNG, out=receipts_dir / f"{ref}.png").ok
        assert service.issue(second.id, ReceiptOutput.TEXT, out=receipts_dir / "x.txt").ok is True
        assert [r.status for r in service.retry_queue()] == [ReceiptStatus.FAILED]
    (receipts_dir / "x.txt").rename(receipts_dir / f"{service.content(second.id).ref}.txt")
    shutil.copy(receipts_dir / f"{ref}.pdf", receipts_dir / f".{ref}.pdf.1a2b3c4d.tmp")
    DraftStore(folder).save(
        Draft("visitor", {"name": first.name, "phone": first.phone, "address": first.address}, first.id, first.id)
    )
    (folder / "draft.json.damaged").write_bytes((folder / "draft.json").read_bytes())
    shutil.copy(folder / STORE_FILE, folder / f"{STORE_FILE}.damaged-20261120-171500")
    shutil.copy(folder / STORE_FILE, folder / f".{STORE_FILE}.9f8e7d6c.tmp")
    assert (folder / f"{STORE_FILE}.prev").is_file()
    return personal_values(visitors)


def test_after_a_purge_no_byte_of_the_data_folder_holds_a_visitors_data(make_laptop, tmp_path, office_dir):
    """Previous generation, damaged copies, drafts, temp files, saved receipts: all searched, nothing found."""
    laptop = make_laptop("a", visitors=6, seed=71)
    values = _afternoon_leftovers(laptop)
    before = {path.name for path, _ in find_personal_data(laptop.data.root, values)}
    assert {STORE_FILE, f"{STORE_FILE}.prev", "draft.json", f"{STORE_FILE}.damaged-20261120-171500"} <= before
    stick = tmp_path / "stick"
    laptop.export(stick)
    assert import_files([stick], office_dir, trust_new_devices=True, now=Clock()).exit_code == 0

    data_dir = str(laptop.data.root)
    assert main(["--lang", "en", "--data-dir", data_dir, "purge", "--ack", str(stick), "--yes"]) == 0

    assert find_personal_data(laptop.data.root, values) == []
    folder = laptop.session_folders()[0]
    assert sorted(p.name for p in folder.iterdir()) == [".lock", ".owner", STORE_FILE, f"{STORE_FILE}.prev"]
    assert not any(laptop.data.receipts_dir.iterdir())
    after = laptop.data.read(folder)
    assert after.issues and all(i.case_number for i in after.issues)
    assert (folder / f"{STORE_FILE}.prev").read_bytes() == (folder / STORE_FILE).read_bytes()
    assert [r.status for r in after.receipts].count(ReceiptStatus.FAILED) == 1


def test_purging_again_removes_copies_an_earlier_purge_left(make_laptop, tmp_path, office_dir, capsys):
    """A session purged by an earlier version still had its previous generation: purging again clears it."""
    laptop = make_laptop("a", visitors=4, seed=72)
    folder = laptop.session_folders()[0]
    values = personal_values(laptop.data.read(folder).visitors)
    stick = tmp_path / "stick"
    laptop.export(stick)
    import_files([stick], office_dir, trust_new_devices=True, now=Clock())
    data_dir = str(laptop.data.root)
    assert main(["--lang", "en", "--data-dir", data_dir, "purge", "--ack", str(stick), "--yes"]) == 0
    old_copy = folder / f"{STORE_FILE}.damaged-20261120-180000"
    old_copy.write_bytes(b'{"visitors": {"1": {"name": "' + values[0].encode() + b'"}}}')
    assert find_personal_data(laptop.data.root, values) != []

    assert main(["--lang", "en", "--data-dir", data_dir, "purge", "--ack", str(stick), "--yes"]) == 0
    assert find_personal_data(laptop.data.root, values) == []
    outbox = Outbox(laptop.data, laptop.config)
    assert [c.problem for c in purge_candidates(outbox, read_ack(find_ack(stick)))] == ["exchange.purge.already"]


class _PowerCut(Exception):
    """Stands for the process dying between two steps of the purge."""


def test_a_purge_cut_off_after_clearing_the_records_is_finished_by_the_next_run(
    make_laptop, tmp_path, office_dir, monkeypatch
):
    """Records cleared, copies not yet removed: the session is not 'changed since', it is purged to the end."""
    laptop = make_laptop("a", visitors=4, seed=73)
    folder = laptop.session_folders()[0]
    values = personal_values(laptop.data.read(folder).visitors)
    stick = tmp_path / "stick"
    laptop.export(stick)
    import_files([stick], office_dir, trust_new_devices=True, now=Clock())

    def cut(self):
        raise _PowerCut

    with monkeypatch.context() as patch:
        patch.setattr(SessionStore, "forget_earlier_copies", cut)
        outbox = Outbox(laptop.data, laptop.config)
        (ready,) = purge_candidates(outbox, read_ack(find_ack(stick)))
        try:
            purge_session(outbox, ready, operator="李婷", now=laptop.clock)
        except _PowerCut:
            pass
    assert not any(v.name for v in laptop.data.read(folder).visitors)
    assert find_personal_data(laptop.data.root, values) != []  # the previous generation still has them
    assert Outbox(laptop.data, laptop.config).pending(stick) == []  # never exported half purged

    data_dir = str(laptop.data.root)
    assert main(["--lang", "en", "--data-dir", data_dir, "purge", "--ack", str(stick), "--yes"]) == 0
    assert find_personal_data(laptop.data.root, values) == []
    outbox = Outbox(laptop.data, laptop.config)
    assert [c.problem for c in purge_candidates(outbox, read_ack(find_ack(stick)))] == ["exchange.purge.already"]
