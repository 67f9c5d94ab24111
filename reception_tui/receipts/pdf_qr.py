"""The receipt's QR code drawn into a PDF as vector squares (sharp at any zoom or printer resolution)."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from reception_tui.receipts import qr


def draw_qr(canvas: Canvas, text: str, x: float, top: float, size: float) -> None:
    """Draw the QR code of ``text`` as a ``size`` square whose top-left corner is at (``x``, ``top``)."""
    modules = qr.matrix(text, border=0)
    step = size / len(modules)
    canvas.setFillGray(0)
    for row_number, row in enumerate(modules):
        y = top - (row_number + 1) * step
        for column, dark in enumerate(row):
            if dark:
                canvas.rect(x + column * step, y, step, step, stroke=0, fill=1)
