"""Time to make one receipt (a visitor with 5 issues) in each format, against qrcode's make() of the payload.

Run from the repository root: ``python benchmarks/bench_receipts.py``. Prints a table of the median
of several runs per format and its ratio to the baseline measured in the same process.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import qrcode

from reception_tui.config import load_config, sample_config_path
from reception_tui.domain.dispositions import DispositionInput
from reception_tui.domain.intake import IssueInput, VisitorInput
from reception_tui.domain.models import DispositionKind
from reception_tui.domain.site import PrinterSettings
from reception_tui.receipts import qr
from reception_tui.receipts.content import ReceiptContent, build_receipt
from reception_tui.receipts.escpos_receipt import escpos_bytes
from reception_tui.receipts.layout import render_text
from reception_tui.receipts.payload import load_or_create_secret
from reception_tui.receipts.pdf_receipt import PdfPaper, pdf_bytes
from reception_tui.services.desk import DeskService, open_new_session
from reception_tui.storage.data_folder import DataFolder

RUNS = 30


def make_session(root: Path) -> tuple[DataFolder, Path, str]:
    """One session with one visitor and 5 issues, one per disposition and a confidential one."""
    config = load_config(sample_config_path())
    zone = ZoneInfo(config.timezone)
    moment = datetime(2026, 11, 20, 14, 30, tzinfo=zone)

    def clock() -> datetime:
        nonlocal moment
        moment += timedelta(seconds=30)
        return moment

    data = DataFolder(root).ensure()
    store = open_new_session(
        data,
        config,
        day=date(2026, 11, 20),
        deputies=["周建国", "林晓梅"],
        liaison_officer="李婷",
        operator="李婷",
        clock=clock,
    )
    with store:
        desk = DeskService(store, config, operator="李婷", clock=clock)
        visitor = desk.register_visitor(VisitorInput(name="张三明", phone="13812341234", consent=True)).record
        dispositions = [
            DispositionInput(DispositionKind.TRANSFER, target_code="JDBSC"),
            DispositionInput(DispositionKind.EXPLAINED, explanation="当场解释。", explained_by="周建国"),
            DispositionInput(DispositionKind.SUGGESTION, deputy="林晓梅"),
            DispositionInput(DispositionKind.REDIRECTED, channel="诉讼", directed_to="法院"),
            DispositionInput(DispositionKind.TRANSFER, target_code="QJTJ"),
        ]
        for number, disposition in enumerate(dispositions):
            desk.add_issue(
                visitor.id,
                IssueInput(
                    category=config.categories[number],
                    request_type="建议",
                    summary="道路破损",
                    confidential=number == 3,
                ),
                disposition,
            )
    return data, data.session_folders()[0], visitor.id


def median_ms(action: Callable[[], object]) -> float:
    action()  # warm up (font registration, imports)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    config = load_config(sample_config_path())
    with tempfile.TemporaryDirectory() as tmp:
        data, folder, visitor_id = make_session(Path(tmp))
        secret = load_or_create_secret(data.root)
        snapshot = data.read(folder)

        def content() -> ReceiptContent:
            return build_receipt(snapshot, config, visitor_id, secret=secret, printed_at=datetime.now())

        receipt = content()
        payload = receipt.qr_text
        baseline = median_ms(lambda: qrcode.make(payload))
        rows: list[tuple[str, Callable[[], object]]] = [
            ("baseline: qrcode.make(payload) -> PIL image", lambda: qrcode.make(payload)),
            ("read the session file (1 visitor)", lambda: data.read(folder)),
            ("build content (snapshot in memory)", lambda: content()),
            ("text 58 mm (32 columns)", lambda: render_text(content(), 32)),
            ("text 80 mm (48 columns)", lambda: render_text(content(), 48)),
            ("on-screen QR (cells)", lambda: qr.screen_text(content().qr_text)),
            ("ESC/POS 80 mm, native QR", lambda: escpos_bytes(content(), PrinterSettings(qr_mode="native"))),
            (
                "ESC/POS 58 mm, raster QR",
                lambda: escpos_bytes(content(), PrinterSettings(58, qr_mode="image")),
            ),
            ("PDF 80 mm roll", lambda: pdf_bytes(content(), PdfPaper.ROLL80)),
            ("PDF A5", lambda: pdf_bytes(content(), PdfPaper.A5)),
            ("PNG (QR)", lambda: qr.png_bytes(content().qr_text)),
            ("SVG (QR)", lambda: qr.svg_bytes(content().qr_text)),
        ]
        print(
            f"receipt of 1 visitor with {len(receipt.issues)} issues; payload {payload!r}; "
            f"median of {RUNS} runs; Python {sys.version.split()[0]}"
        )
        print(f"{'format':<46} {'median ms':>10} {'x baseline':>11}")
        for name, action in rows:
            ms = baseline if name.startswith("baseline") else median_ms(action)
            print(f"{name:<46} {ms:>10.2f} {ms / baseline:>11.2f}")


if __name__ == "__main__":
    main()
