"""No printer at the desk: the print fails, a PDF is saved; paper and file stay different facts everywhere."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Static

from reception_tui.domain.models import ReceiptOutput, ReceiptStatus
from reception_tui.domain.site import SiteConfig
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.close_session import CloseSessionScreen
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.screens.receipt import ReceiptScreen
from reception_tui.ui.desk.widgets.queue_table import QueueTable

from .conftest import DAY
from .keys import settle

RECEIPT_COLUMN = 6


@pytest.fixture(autouse=True)
def no_printer_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """No receipt printer in the config (the sample's) and no CUPS either."""
    monkeypatch.setattr("reception_tui.services.receipts.cups_available", lambda: False)


async def test_a_failed_print_then_a_saved_pdf_is_not_counted_as_printed(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """P fails and queues; D saves the PDF: the queue, the card and the summary say file, not paper; C cancels."""
    make_demo_session(data_folder, config, visitors=3, day=DAY, seed=2)
    folder = data_folder.session_folders()[0]

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            desk = app.screen
            assert isinstance(desk, DeskScreen)
            await pilot.press("p")
            await pilot.pause()
            assert isinstance(app.screen, ReceiptScreen)
            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert any("重打队列" in str(n.message) for n in app._notifications)
            await pilot.press("d")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert any("不是打印件" in str(n.message) for n in app._notifications)

            stored = data_folder.read(folder).receipts
            assert [(r.output, r.status, r.to_file) for r in stored] == [
                (ReceiptOutput.ESCPOS, ReceiptStatus.FAILED, False),
                (ReceiptOutput.PDF, ReceiptStatus.PRINTED, True),
            ]
            assert not any(r.handed_over for r in stored) and not stored[1].reprint

            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is desk
            queue = desk.query_one("#queue", QueueTable)
            assert queue.get_row_at(0)[RECEIPT_COLUMN].plain == "失败"
            # the whole queue line fits the 80-column desk: no receipt state is cut at the edge
            assert queue.virtual_size.width <= queue.scrollable_content_region.width
            assert queue.get_row_at(1)[RECEIPT_COLUMN].plain == "否"
            card = str(desk.query_one("#visitor-card", Static).render())
            assert "已存文件" in card and "打印失败 1 次" in card and "已打印" not in card

            await pilot.press("x")
            await pilot.pause()
            closing = app.screen
            assert isinstance(closing, CloseSessionScreen)
            summary = closing.summary
            assert summary.receipts_printed == 0 and summary.receipts_saved_only == 1
            assert summary.visitors_print_failed == [1] and summary.visitors_without_receipt == [1, 2, 3]
            shown = str(closing.query_one("#close-summary", Static).render())
            shown += str(closing.query_one("#close-warnings", Static).render())
            assert "已打印回执 0 份" in shown and "1 位来访人的回执只存了文件" in shown
            assert "1 位来访人的回执打印失败" in shown
            await pilot.press("escape")
            await pilot.pause()

            await pilot.press("p")
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert queue.get_row_at(0)[RECEIPT_COLUMN].plain == "存文件"
            assert queue.virtual_size.width <= queue.scrollable_content_region.width

    await run()
    failed, saved = data_folder.read(folder).receipts
    assert failed.status is ReceiptStatus.FAILED and failed.cancelled_at is not None
    assert saved.saved_as_file
    assert [e.action for e in data_folder.read(folder).audit if e.entity == "receipt"] == [
        "queued", "print_failed", "printed", "cancelled",
    ]
