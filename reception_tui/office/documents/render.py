"""The shared layout of the documents: A4 portrait, 2 cm margins, a Chinese font, wrapped text that flows.

Every text a user typed goes through :func:`para` / :func:`escape`, so reportlab's paragraph markup never
sees it as markup: a summary reading ``<b>x</b> & y`` prints exactly so.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as _xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from reception_tui.office.documents import wording
from reception_tui.pdf.fonts import cjk_font_name

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN: float = 2 * cm
FRAME_WIDTH: float = PAGE_WIDTH - 2 * MARGIN
BODY_SIZE = 11.0
TITLE_SIZE = 18.0
SMALL_SIZE = 9.5


_CONTROLS = {code: " " for code in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F)}
"""Control characters (a pasted text's stray bytes) print as spaces; tabs and line breaks are kept."""


def escape(text: str) -> str:
    """``text`` for reportlab's paragraph markup: ``& < >`` as entities, line breaks as ``<br/>``, control
    characters as spaces."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS).split("\n")
    return "<br/>".join(_xml_escape(line) for line in lines)


def one_line(text: str) -> str:
    """``text`` with its line breaks and runs of spaces folded into single spaces."""
    return " ".join(text.split())


def cut(text: str, chars: int) -> str:
    """``text`` on one line, at most ``chars`` characters (an ellipsis marks a cut)."""
    flat = one_line(text)
    return flat if len(flat) <= chars else flat[: chars - 1] + wording.ELLIPSIS


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one document, in the registered Chinese font."""

    font: str

    def _style(self, name: str, size: float, align: int = TA_LEFT, **extra: float) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=self.font, fontSize=size, leading=size * 1.5, alignment=align, wordWrap="CJK", **extra
        )

    @property
    def title(self) -> ParagraphStyle:
        return self._style("title", TITLE_SIZE, TA_CENTER, spaceAfter=TITLE_SIZE * 0.8)

    @property
    def subtitle(self) -> ParagraphStyle:
        return self._style("subtitle", BODY_SIZE + 1, TA_CENTER, spaceAfter=6)

    @property
    def body(self) -> ParagraphStyle:
        return self._style("body", BODY_SIZE, spaceAfter=4)

    @property
    def indented(self) -> ParagraphStyle:
        """A paragraph whose first line is indented by two characters (Chinese body text)."""
        return self._style("indented", BODY_SIZE, firstLineIndent=2 * BODY_SIZE, spaceAfter=4)

    @property
    def emphasis(self) -> ParagraphStyle:
        return self._style("emphasis", BODY_SIZE + 2, spaceBefore=8, spaceAfter=8)

    @property
    def cell(self) -> ParagraphStyle:
        return ParagraphStyle("cell", fontName=self.font, fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.35,
                              wordWrap="CJK")  # fmt: skip

    @property
    def cell_center(self) -> ParagraphStyle:
        return ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)

    @property
    def right(self) -> ParagraphStyle:
        return self._style("right", BODY_SIZE, TA_RIGHT)

    @property
    def center(self) -> ParagraphStyle:
        return self._style("center", BODY_SIZE, TA_CENTER)

    @property
    def small(self) -> ParagraphStyle:
        return self._style("small", SMALL_SIZE)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: user text never becomes markup)."""
    return Paragraph(escape(text), style)


def row(cells: Sequence[Paragraph], widths: Sequence[float] | None = None) -> Table:
    """Paragraphs side by side on one line, without lines (a heading's number and date, a receipt's fields).

    The Chinese fonts have no no-break space and paragraphs fold runs of spaces, so items are spaced by cells."""
    table = Table([list(cells)], colWidths=list(widths) if widths else [FRAME_WIDTH / len(cells)] * len(cells))
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))  # fmt: skip
    return table


def grid_style(font: str, *, header: bool) -> list[tuple[object, ...]]:
    """The table style of the documents' grids: thin lines; a list's header row shaded and its cells centred
    vertically, a form's cells at the top (a label stays beside the start of a value that runs on)."""
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), SMALL_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE" if header else "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
    return commands


def _page_number(page: int) -> str:
    return wording.PAGE_NUMBER.format(page=page)


def build(
    story: Sequence[Flowable], *, title: str, embed_font: bool, page_label: Callable[[int], str] | None = None
) -> bytes:
    """The PDF of ``story`` on A4 pages with ``page_label(page)`` at the foot (the office documents'
    "— N —" unless given: a report passes its language's); byte-identical for the same input."""
    font = cjk_font_name(embed_font)
    label = page_label if page_label is not None else _page_number
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=title, author="", subject="", creator="reception_tui", invariant=1,
    )  # fmt: skip

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, SMALL_SIZE)
        canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN / 2, label(doc.page))
        canvas.restoreState()

    frame = Frame(MARGIN, MARGIN, FRAME_WIDTH, PAGE_HEIGHT - 2 * MARGIN, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="body")  # fmt: skip
    document.addPageTemplates([PageTemplate(id="a4", frames=[frame], onPage=footer)])
    document.build(list(story))
    return buffer.getvalue()
