"""The receipt on one A5 sheet: QR code beside the visit, issues in one or two columns, type fitted to the page.

The largest type size (10.5 pt down to 6 pt) at which the whole receipt fits on one page is chosen,
with the issues in one column when they fit so, else in two. Every line is measured with the font's
real widths (uppercase Latin is wider than half a Chinese character), and wrapped narrower until it
fits its column. Only a receipt that does not fit at the smallest size goes on to a second page; the
QR code is always on the first.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from reception_tui.pdf.fonts import cjk_font_name
from reception_tui.receipts.content import ReceiptContent
from reception_tui.receipts.layout import (
    Line,
    LineKind,
    foot_lines,
    head_lines,
    issue_blocks,
    ref_lines,
    visit_lines,
)
from reception_tui.receipts.pdf_qr import draw_qr

MM: float = mm
PAGE_WIDTH, PAGE_HEIGHT = 148 * MM, 210 * MM
MARGIN = 10 * MM
QR_SIZE = 30 * MM
GAP = 5 * MM
QUIET = 3 * MM
"""White space kept above and below the QR code (with the margin and the gap at its sides)."""
SIZES = tuple(size / 2 for size in range(21, 11, -1))
"""Type sizes tried, largest first: 10.5 pt down to 6 pt."""
LINE_FACTOR = 1.35
RULE_FACTOR = 0.6
"""A rule takes this fraction of a line's height."""
MARK_FACTOR = 1.2
"""The 补打 mark is printed this much larger."""
_CENTRED = frozenset({LineKind.TITLE, LineKind.MARK})


@dataclass(frozen=True)
class _Arrangement:
    """The receipt laid out at one type size."""

    size: float
    issue_columns: int
    head: list[Line]
    visit: list[Line]
    ref: list[Line]
    rows: list[list[list[Line]]]
    foot: list[Line]

    @property
    def leading(self) -> float:
        return self.size * LINE_FACTOR

    @property
    def rule(self) -> float:
        return self.leading * RULE_FACTOR

    def lines_height(self, lines: list[Line]) -> float:
        return sum(self.leading * (MARK_FACTOR if line.kind is LineKind.MARK else 1.0) for line in lines)

    @property
    def visit_height(self) -> float:
        return max(self.lines_height(self.visit), QUIET + QR_SIZE + QUIET / 2 + self.lines_height(self.ref))

    def row_height(self, row: list[list[Line]]) -> float:
        return max(self.lines_height(block) for block in row)

    @property
    def height(self) -> float:
        rows = sum(self.row_height(row) + self.rule for row in self.rows)
        return self.lines_height(self.head) + self.rule + self.visit_height + self.rule + rows + self.lines_height(
            self.foot
        )


def _text_width(line: Line, font: str, size: float) -> float:
    """How wide ``line`` is drawn: its indent in cells plus the measured text."""
    text = line.text.rstrip()
    indent = len(text) - len(text.lstrip(" "))
    scale = MARK_FACTOR if line.kind is LineKind.MARK else 1.0
    drawn = float(stringWidth(text.lstrip(" "), font, size * scale))
    return drawn if line.kind in _CENTRED else indent * size / 2 + drawn


def _fitted(
    make: Callable[[int], list[list[Line]]], width: float, font: str, size: float
) -> list[list[Line]]:
    """The blocks ``make(columns)`` gives for the most columns whose lines all fit ``width`` points."""
    columns = max(1, int(width // (size / 2)))
    blocks = make(columns)
    while columns > 8 and any(_text_width(line, font, size) > width for block in blocks for line in block):
        columns -= 1
        blocks = make(columns)
    return blocks


def _arrange(content: ReceiptContent, font: str, size: float, issue_columns: int) -> _Arrangement:
    full = PAGE_WIDTH - 2 * MARGIN
    left = full - QR_SIZE - GAP
    column = (full - GAP * (issue_columns - 1)) / issue_columns
    blocks = _fitted(lambda c: issue_blocks(content, c), column, font, size)
    rows = [blocks[i : i + issue_columns] for i in range(0, len(blocks), issue_columns)]
    return _Arrangement(
        size=size,
        issue_columns=issue_columns,
        head=_fitted(lambda c: [head_lines(content, c)], full, font, size)[0],
        visit=_fitted(lambda c: [visit_lines(content, c)], left, font, size)[0],
        ref=_fitted(lambda c: [ref_lines(content, c)], QR_SIZE, font, size)[0],
        rows=rows,
        foot=_fitted(lambda c: [foot_lines(content, c)], full, font, size)[0],
    )


def arrangement(content: ReceiptContent, font: str) -> _Arrangement:
    """The largest type that fits one page (one issue column preferred); else the smallest, two columns."""
    room = PAGE_HEIGHT - 2 * MARGIN
    for size in SIZES:
        for columns in (1, 2):
            arranged = _arrange(content, font, size, columns)
            if arranged.height <= room:
                return arranged
    return _arrange(content, font, SIZES[-1], 2)


class _Sheet:
    """Draws lines top-down on A5 pages, starting a new page when one is full."""

    def __init__(self, canvas: Canvas, arranged: _Arrangement, font: str) -> None:
        self.canvas, self.arranged, self.font = canvas, arranged, font
        self.y = PAGE_HEIGHT - MARGIN

    def need(self, height: float) -> None:
        if self.y - height < MARGIN - 0.01 and self.y < PAGE_HEIGHT - MARGIN:
            self.canvas.showPage()
            self.y = PAGE_HEIGHT - MARGIN

    def rule(self) -> None:
        self.canvas.setLineWidth(0.4)
        middle = self.y - self.arranged.rule / 2
        self.canvas.line(MARGIN, middle, PAGE_WIDTH - MARGIN, middle)
        self.y -= self.arranged.rule

    def lines(self, lines: list[Line], x: float, width: float, top: float) -> float:
        """Draw ``lines`` in the column at ``x`` from ``top``; the y below the last one."""
        size = self.arranged.size
        y = top
        for line in lines:
            scale = MARK_FACTOR if line.kind is LineKind.MARK else 1.0
            text = line.text.strip()
            if text:
                self.canvas.setFont(self.font, size * scale)
                drawn = float(stringWidth(text, self.font, size * scale))
                indent = len(line.text) - len(line.text.lstrip(" "))
                left = x + (width - drawn) / 2 if line.kind in _CENTRED else x + indent * size / 2
                self.canvas.drawString(left, y - size * scale, text)
            y -= self.arranged.leading * scale
        return y


def sheet_pdf_bytes(content: ReceiptContent, *, embed_font: bool = True) -> bytes:
    """The A5 PDF of the receipt: one page for any visitor with up to 8 issues."""
    font = cjk_font_name(embed_font)
    arranged = arrangement(content, font)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True)
    canvas.setTitle(f"{content.ref}")
    canvas.setCreator("reception_tui")
    sheet = _Sheet(canvas, arranged, font)
    full = PAGE_WIDTH - 2 * MARGIN
    sheet.y = sheet.lines(arranged.head, MARGIN, full, sheet.y)
    sheet.rule()
    qr_left = PAGE_WIDTH - MARGIN - QR_SIZE
    top = sheet.y - QUIET
    draw_qr(canvas, content.qr_text, qr_left, top, QR_SIZE)
    sheet.lines(arranged.ref, qr_left, QR_SIZE, top - QR_SIZE - QUIET / 2)
    sheet.lines(arranged.visit, MARGIN, full - QR_SIZE - GAP, sheet.y)
    sheet.y -= arranged.visit_height
    sheet.rule()
    column = (full - GAP * (arranged.issue_columns - 1)) / arranged.issue_columns
    for row in arranged.rows:
        sheet.need(arranged.row_height(row) + arranged.rule)
        for number, block in enumerate(row):
            sheet.lines(block, MARGIN + number * (column + GAP), column, sheet.y)
        sheet.y -= arranged.row_height(row)
        sheet.rule()
    for line in arranged.foot:
        sheet.need(arranged.leading)
        sheet.y = sheet.lines([line], MARGIN, full, sheet.y)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
