"""The public notice as a printable A4 PDF with Chinese rendered by an embedded or CID font."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reception_tui.calendar.notice import NOTICE_LANGUAGE, Notice, notice_sections
from reception_tui.i18n import t
from reception_tui.pdf.fonts import cjk_font_name


def _styles(font: str) -> dict[str, ParagraphStyle]:
    """Paragraph styles; ``wordWrap="CJK"`` lets Chinese lines break between any two characters."""
    base = ParagraphStyle("body", fontName=font, fontSize=12, leading=18, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=22, leading=30, alignment=TA_CENTER),
        "site": ParagraphStyle("site", parent=base, fontSize=14, alignment=TA_CENTER),
        "heading": ParagraphStyle("heading", parent=base, fontSize=13, leading=20, spaceBefore=5),
        "body": ParagraphStyle("indented", parent=base, leftIndent=8 * mm),
        "intro": ParagraphStyle("intro", parent=base, firstLineIndent=26),
        "signature": ParagraphStyle("signature", parent=base, alignment=TA_RIGHT),
        "cell": base,
    }


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of config text: escaped, since reportlab reads ``<`` and ``&`` as markup."""
    return Paragraph(escape(text), style)


def render_pdf(notice: Notice, embed_font: bool = True) -> bytes:
    """The notice on one A4 page (it flows to a second only with very long district lists).

    ``embed_font=False`` uses the CID font only, so the bytes do not depend on the machine's fonts.
    """
    font = cjk_font_name(embed_font)
    styles = _styles(font)
    lang = NOTICE_LANGUAGE
    story: list[object] = [
        _paragraph(notice.title, styles["title"]),
        _paragraph(notice.site_name, styles["site"]),
        Spacer(1, 6 * mm),
        _paragraph(notice.intro, styles["intro"]),
    ]
    deputies_heading = t("calendar.notice.h.deputies", lang=lang)
    for heading, lines in notice_sections(notice):
        story.append(_paragraph(heading, styles["heading"]))
        if heading == deputies_heading and notice.deputies:
            rows = [[_paragraph(t("calendar.notice.col.name", lang=lang), styles["cell"]),
                     _paragraph(t("calendar.notice.col.level", lang=lang), styles["cell"])]]  # fmt: skip
            rows += [[_paragraph(name, styles["cell"]), _paragraph(level, styles["cell"])]
                     for name, level in notice.deputies]  # fmt: skip
            table = Table(rows, colWidths=[45 * mm, 70 * mm], hAlign="LEFT")
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]))  # fmt: skip
            story.append(Spacer(1, 1 * mm))
            story.append(table)
            continue
        story.extend(_paragraph(line, styles["body"]) for line in lines)
    story += [
        Spacer(1, 8 * mm),
        _paragraph(notice.signature, styles["signature"]),
        _paragraph(notice.issued, styles["signature"]),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=18 * mm, bottomMargin=15 * mm,
        title=notice.title, author=notice.site_name, subject=notice.date_line, creator="reception_tui",
        invariant=1,
    )
    document.build(story)
    return buffer.getvalue()
