"""Pilot tests at 80 x 24: the receipt screen (text, QR, print in a worker, failure and retry, save) and
the scan box (genuine, forged, mistyped)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from textual.widgets import Footer, Static

from reception_tui.domain.models import ReceiptOutput, ReceiptStatus
from reception_tui.domain.site import SiteConfig
from reception_tui.receipts.content import build_receipt
from reception_tui.receipts.lookup import ScanResult, Verdict
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.receipt import ReceiptScreen
from reception_tui.ui.desk.screens.scan import ScanScreen
from reception_tui.ui.desk.widgets.qr_view import QrView
from reception_tui.ui.shared.actions import palette_entries
from reception_tui.ui.shared.services import AppServices
from tests.desk.keys import settle

from .conftest import Site
from .escpos_parse import parse

SIZE = (80, 24)
pytestmark = pytest.mark.asyncio


def app_for(site: Site, config: SiteConfig | None = None) -> ReceptionApp:
    return ReceptionApp(AppServices(config or site.config, Path("site.yaml"), site.data, "zh"))


def file_printer(site: Site, device: Path) -> SiteConfig:
    return dataclasses.replace(
        site.config, printer=dataclasses.replace(site.config.printer, connection="file", address=str(device))
    )


async def test_receipt_screen_shows_text_and_a_whole_qr_at_80x24(crafted: Site) -> None:
    app = app_for(crafted)
    visitor = crafted.visitor(1)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReceiptScreen(app.services, crafted.folder, visitor.id))
        await pilot.pause()
        screen = app.screen
        text = str(screen.query_one("#receipt-lines", Static).render())
        assert "来访人：张*明  电话：138****1234" in text and "张三明" not in text
        qr_view = screen.query_one(QrView)
        assert (qr_view.region.width, qr_view.region.height) == (46, 23)
        assert qr_view.region.right <= 80 and qr_view.region.bottom <= 23  # above the footer
        content = build_receipt(crafted.snapshot, crafted.config, visitor.id, secret=crafted.secret)
        assert qr_view.qr_text == content.payload
        footer_keys = {binding.id for (_, binding, *_rest) in screen.active_bindings.values()}
        assert {"receipt_print", "receipt_reprint", "receipt_save_pdf", "receipt_save_png"} <= footer_keys
        assert screen.query_one(Footer).display
        titles = [title for title, _help, _callback in palette_entries(screen, app)]
        assert "打印" in titles and "补打" in titles


async def test_print_key_prints_in_a_worker_and_records(crafted: Site, tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    app = app_for(crafted, file_printer(crafted, device))
    visitor = crafted.visitor(1)
    async with app.run_test(size=SIZE) as pilot:
        screen = ReceiptScreen(app.services, crafted.folder, visitor.id)
        await app.push_screen(screen)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.last_outcome is not None and screen.last_outcome.ok
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
    receipts = crafted.snapshot.receipts
    assert [(r.status, r.reprint) for r in receipts] == [
        (ReceiptStatus.PRINTED, False),
        (ReceiptStatus.PRINTED, True),
    ]
    lines = parse(device.read_bytes()).text_lines
    assert "*** 补打 ***" in [line.strip() for line in lines]


async def test_printer_failure_is_shown_and_retried(crafted: Site, tmp_path: Path) -> None:
    device = tmp_path / "off" / "lp0"
    app = app_for(crafted, file_printer(crafted, device))
    async with app.run_test(size=SIZE) as pilot:
        screen = ReceiptScreen(app.services, crafted.folder, crafted.visitor(1).id)
        await app.push_screen(screen)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.last_outcome is not None and not screen.last_outcome.ok
        notes = [n.message for n in app._notifications]
        assert any("重打队列" in note and "找不到打印机" in note for note in notes)
        assert [r.status for r in crafted.snapshot.receipts] == [ReceiptStatus.FAILED]
        device.parent.mkdir()
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.last_outcome is not None and screen.last_outcome.ok
    assert [r.status for r in crafted.snapshot.receipts] == [ReceiptStatus.PRINTED]
    assert parse(device.read_bytes()).qr_data


async def test_save_png_and_pdf(crafted: Site) -> None:
    app = app_for(crafted)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReceiptScreen(app.services, crafted.folder, crafted.visitor(3).id))
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
    saved = sorted(p.name for p in (crafted.data.root / "receipts").iterdir())
    assert saved == ["BSJD-261120-003.pdf", "BSJD-261120-003.png"]
    assert {r.output for r in crafted.snapshot.receipts} == {ReceiptOutput.PDF, ReceiptOutput.PNG}


async def test_reprint_before_any_print_says_so(crafted: Site) -> None:
    app = app_for(crafted)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReceiptScreen(app.services, crafted.folder, crafted.visitor(1).id))
        await pilot.press("r")
        await pilot.pause()
        assert any("还没有打印过" in n.message for n in app._notifications)
    assert crafted.snapshot.receipts == ()


async def _scan(pilot: object, app: ReceptionApp, text: str) -> str:
    for char in text:
        await pilot.press(char if char != ":" else "colon")  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return str(app.screen.query_one("#scan-verdict", Static).render())


async def test_scan_box_forged_then_genuine_then_open(crafted: Site) -> None:
    app = app_for(crafted)
    visitor = crafted.visitor(1)
    payload = build_receipt(crafted.snapshot, crafted.config, visitor.id, secret=crafted.secret).payload
    forged = payload[:-1] + ("A" if payload[-1] != "A" else "B")
    results: list[ScanResult | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ScanScreen(app.services), results.append)
        await pilot.pause()
        shown = await _scan(pilot, app, forged)
        assert "校验码不符" in shown and app.screen.query_one("#scan-verdict").has_class("bad")
        await pilot.press("ctrl+o")  # nothing to open after a forged code
        assert isinstance(app.screen, ScanScreen)
        shown = await _scan(pilot, app, "BSJD-20261120-001-1-52")
        assert "校验码不对" in shown
        shown = await _scan(pilot, app, payload)
        assert "回执真实有效" in shown and "张*明" in shown and "张三明" not in shown
        assert app.screen.query_one("#scan-verdict").has_class("genuine")
        await pilot.press("ctrl+o")
        await pilot.pause()
    (result,) = results
    assert result is not None and result.verdict is Verdict.GENUINE
    assert (result.folder, result.visitor_id) == (crafted.folder, visitor.id)


async def test_scan_box_opens_from_the_app_with_f8(crafted: Site) -> None:
    app = app_for(crafted)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ScanScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ScanScreen)
