"""The receipt as PDF: an 80 mm roll (one long page) or one A5 sheet, Chinese in an offline font.

The text uses the same cell layout as the printers: a Chinese character is one em and counts as
two cells, so the font size is twice the cell width. Indents are placed by cell count, the QR code
is drawn as vector squares (sharp at any resolution) from the same module matrix as the other outputs.
The A5 sheet arranges the same lines on the page (:mod:`reception_tui.receipts.pdf_sheet`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from enum import StrEnum

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from reception_tui.pdf.fonts import cjk_font_name
from reception_tui.receipts.content import ReceiptContent
from reception_tui.receipts.layout import Line, LineKind, receipt_lines
from reception_tui.receipts.pdf_qr import draw_qr
from reception_tui.receipts.pdf_sheet import sheet_pdf_bytes


class PdfPaper(StrEnum):
    """Paper shapes the PDF is made for."""

    ROLL80 = "roll80"
    A5 = "a5"


@dataclass(frozen=True)
class _Geometry:
    width: float
    margin: float
    columns: int
    qr_size: float
    line_factor: float = 1.35

    @property
    def cell(self) -> float:
        return (self.width - 2 * self.margin) / self.columns

    @property
    def font_size(self) -> float:
        return 2 * self.cell

    @property
    def leading(self) -> float:
        return self.font_size * self.line_factor


ROLL80 = _Geometry(width=80 * mm, margin=4 * mm, columns=48, qr_size=34 * mm)


def _line_height(line: Line, geometry: _Geometry) -> float:
    return geometry.qr_size + geometry.leading if line.kind is LineKind.QR else geometry.leading


def pdf_bytes(
    content: ReceiptContent, paper: PdfPaper = PdfPaper.ROLL80, *, embed_font: bool = True
) -> bytes:
    """The PDF document of the receipt: a roll as long as the receipt, or one A5 sheet."""
    if paper is PdfPaper.A5:
        return sheet_pdf_bytes(content, embed_font=embed_font)
    geometry = ROLL80
    lines = receipt_lines(content, geometry.columns)
    page_height = sum(_line_height(line, geometry) for line in lines) + 2 * geometry.margin
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(geometry.width, page_height), invariant=True)
    canvas.setTitle(f"{content.ref}")
    canvas.setCreator("reception_tui")
    font = cjk_font_name(embed_font)
    y = page_height - geometry.margin
    for line in lines:
        height = _line_height(line, geometry)
        if line.kind is LineKind.QR:
            x = (geometry.width - geometry.qr_size) / 2
            draw_qr(canvas, content.qr_text, x, y - geometry.leading / 2, geometry.qr_size)
        elif line.kind is LineKind.RULE:
            canvas.setLineWidth(0.4)
            middle = y - geometry.leading / 2
            canvas.line(geometry.margin, middle, geometry.width - geometry.margin, middle)
        elif line.text.strip():
            size = geometry.font_size * (1.2 if line.kind is LineKind.MARK else 1.0)
            canvas.setFont(font, size)
            text = line.text.rstrip()
            indent = len(text) - len(text.lstrip(" "))
            x = geometry.margin + indent * geometry.cell
            canvas.drawString(x, y - geometry.font_size, text.lstrip(" "))
        y -= height
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
