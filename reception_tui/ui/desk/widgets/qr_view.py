"""An on-screen QR code drawn with whole cells (two background-coloured spaces per module)."""

from __future__ import annotations

from textual.widgets import Static

from reception_tui.receipts import qr


class QrView(Static):
    """Shows a QR code of ``text``; sized exactly to the code (46 x 23 cells for a version 1 code)."""

    DEFAULT_CSS = """
    QrView { width: auto; height: auto; padding: 0; }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(qr.screen_text(text), id=id)
        self.qr_text = text
        self.columns, self.rows = qr.screen_size(text)
