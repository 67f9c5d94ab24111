"""Every output read back with real decoders, and no personal data anywhere.

PNG and SVG through zxing-cpp, PDF pages rendered by pypdfium2 then zxing-cpp, PDF text through pypdf,
ESC/POS through a byte-level reader (GB18030 text, QR command or raster image, cut).
"""

from __future__ import annotations

import dataclasses
import io
import re

import pypdfium2
import pytest
import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader

from reception_tui.domain.masking import mask_name, mask_phone
from reception_tui.domain.site import PrinterSettings
from reception_tui.receipts import qr
from reception_tui.receipts.content import ReceiptContent, build_receipt
from reception_tui.receipts.escpos_receipt import escpos_bytes
from reception_tui.receipts.layout import LineKind, receipt_lines, render_text
from reception_tui.receipts.pdf_receipt import PdfPaper, pdf_bytes

from .conftest import PRINT_TIME, Site
from .escpos_parse import parse


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def svg_to_image(svg: bytes, scale: int = 8) -> Image.Image:
    """Rasterise qrcode's one-path SVG (squares ``Mx,yHx2Vy2Hxz``) so a decoder can read it."""
    text = svg.decode("utf-8")
    size = float(re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', text).group(1))  # type: ignore[union-attr]
    image = Image.new("L", (int(size * scale), int(size * scale)), 255)
    draw = ImageDraw.Draw(image)
    squares = re.findall(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)H[\d.]+z", text)
    assert squares, "no modules found in the SVG path"
    for x1, y1, x2, y2 in squares:
        draw.rectangle(
            [float(x1) * scale, float(y1) * scale, float(x2) * scale - 1, float(y2) * scale - 1], fill=0
        )
    return image


def pdf_pages(data: bytes) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(data)
    try:
        return [document[i].render(scale=4).to_pil() for i in range(len(document))]
    finally:
        document.close()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def content_of(site: Site, queue: int | None = None) -> ReceiptContent:
    visitor = site.visitor(queue) if queue else site.richest()
    return build_receipt(site.snapshot, site.config, visitor.id, secret=site.secret, printed_at=PRINT_TIME)


# -- QR images -----------------------------------------------------------------------------------


def test_png_decodes_to_the_payload(demo: Site) -> None:
    content = content_of(demo)
    assert decode(Image.open(io.BytesIO(qr.png_bytes(content.qr_text)))) == [content.payload]


def test_svg_decodes_to_the_payload(demo: Site) -> None:
    content = content_of(demo)
    svg = qr.svg_bytes(content.qr_text)
    assert svg.startswith(b"<?xml") and b"<path" in svg
    assert decode(svg_to_image(svg)) == [content.payload]


def test_on_screen_code_decodes_as_a_terminal_would_show_it(demo: Site) -> None:
    """Each cell drawn 8 x 16 pixels, dark terminal around the code: a camera sees square modules."""
    content = content_of(demo)
    rows = qr.screen_rows(content.qr_text)
    cell_w, cell_h, margin = 8, 16, 6
    image = Image.new("L", ((len(rows[0]) * 2 + 2 * margin) * cell_w, (len(rows) + 2 * margin) * cell_h), 0)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if not dark:
                left, top = (margin + 2 * x) * cell_w, (margin + y) * cell_h
                draw.rectangle([left, top, left + 2 * cell_w - 1, top + cell_h - 1], fill=255)
    assert decode(image) == [content.payload]
    text = qr.screen_text(content.qr_text)
    assert set(text.plain) == {" ", "\n"}  # whole cells only: no half blocks


# -- PDF -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", list(PdfPaper))
def test_pdf_qr_decodes_from_the_rendered_page(crafted: Site, paper: PdfPaper) -> None:
    content = content_of(crafted, 1)
    found = [text for page in pdf_pages(pdf_bytes(content, paper)) for text in decode(page)]
    assert found == [content.payload]


def test_roll_pdf_is_one_page_80_mm_wide(crafted: Site) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes(content_of(crafted, 1), PdfPaper.ROLL80)))
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == 80


@pytest.mark.parametrize("paper", list(PdfPaper))
def test_pdf_text_holds_the_chinese_lines(crafted: Site, paper: PdfPaper) -> None:
    """pypdf extracts the CID font's text as Unicode: every printed line is found, masked data only.

    The A5 sheet wraps at its own column widths, so lines are compared without white space."""
    content = content_of(crafted, 1)
    text = pdf_text(pdf_bytes(content, paper))
    joined = "".join(text.split())
    for line in receipt_lines(content, 48):
        if line.kind not in (LineKind.QR, LineKind.RULE) and line.text.strip():
            assert "".join(line.text.split()) in joined, line.text
    assert "人大代表接待日 回执" in text and "处理方式：需转办" in text
    assert "张*明" in text and "138****1234" in text and "张三明" not in text


# -- ESC/POS -------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", [58, 80])
def test_escpos_native_qr_gb18030_text_and_cut(crafted: Site, paper: int) -> None:
    content = content_of(crafted, 1)
    data = escpos_bytes(content, PrinterSettings(paper_width_mm=paper, qr_mode="native", cut=True))
    job = parse(data)
    assert job.commands[:2] == [b"\x1b@", b"\x1c&"] and job.commands[-1] == b"\x1dV"
    assert job.qr_data == [content.qr_text.encode("ascii")]
    expected = [
        line.text
        for line in receipt_lines(content, 32 if paper == 58 else 48)
        if line.kind is not LineKind.QR
    ]
    assert job.text_lines[: len(expected)] == expected
    chinese = [
        line
        for line, mode in zip(job.text_lines, job.chinese_mode, strict=True)
        if re.search("[一-龥]", line)
    ]
    assert chinese and all(job.chinese_mode[job.text_lines.index(line)] for line in chinese)
    assert "处理方式：需转办" in job.text_lines and "来访人：张*明  电话：138****1234" in job.text_lines
    assert "事项 1".encode("gb18030") in data


def test_escpos_image_mode_prints_a_raster_qr_that_decodes(crafted: Site) -> None:
    content = content_of(crafted, 1)
    job = parse(escpos_bytes(content, PrinterSettings(paper_width_mm=58, qr_mode="image")))
    assert b"\x1dv0" in job.commands and not job.qr_data
    (image,) = job.images
    assert image.width == 384
    assert decode(image.convert("L")) == [content.payload]


def test_escpos_without_cut_ends_with_feed_not_cut(crafted: Site) -> None:
    job = parse(escpos_bytes(content_of(crafted, 1), PrinterSettings(cut=False)))
    assert b"\x1dV" not in job.commands


# -- no personal data ----------------------------------------------------------------------------


def test_no_personal_data_in_any_output(demo: Site) -> None:
    """Names, phones and ID numbers of every demo visitor: never in a QR payload, PNG or SVG; in text,
    PDF and ESC/POS only masked."""
    snapshot = demo.snapshot
    assert any(v.id_number for v in snapshot.visitors), "the demo must include ID numbers"
    fixed_texts = " ".join(
        [*snapshot.session.deputies, demo.config.site_name, demo.config.place, *demo.config.liaison_officers]
    )
    for visitor in snapshot.visitors:
        content = build_receipt(snapshot, demo.config, visitor.id, secret=demo.secret, printed_at=PRINT_TIME)
        secrets = [s for s in (visitor.phone, visitor.id_number, visitor.id_number[-6:]) if s]
        if visitor.name and visitor.name not in fixed_texts:
            secrets.append(visitor.name)
        png = decode(Image.open(io.BytesIO(qr.png_bytes(content.qr_text))))
        svg = decode(svg_to_image(qr.svg_bytes(content.qr_text)))
        assert png == svg == [content.payload]
        for payload in (content.payload, content.qr_text, *png):
            assert re.fullmatch(r"RT1:[A-Z0-9]+-\d{6}-\d{3}:[A-Z2-7]{5}", payload)
            assert not any(s in payload for s in secrets)
            assert visitor.phone[-4:] not in payload.split(":")[2] if visitor.phone else True
        text = render_text(content, 48)
        pdf = pdf_text(pdf_bytes(content, PdfPaper.ROLL80))
        escpos = "\n".join(parse(escpos_bytes(content, demo.config.printer)).text_lines)
        for rendered in (text, pdf, escpos):
            assert not any(s in rendered for s in secrets), visitor.queue_number
            if visitor.confidential:
                continue
            if visitor.name:
                assert mask_name(visitor.name) in rendered
            if visitor.phone:
                assert mask_phone(visitor.phone) in rendered


def test_unit_name_and_address_are_not_printed(demo: Site) -> None:
    snapshot = demo.snapshot
    for visitor in snapshot.visitors:
        text = render_text(content_of(demo, visitor.queue_number), 48)
        assert visitor.address not in text
        if visitor.unit_name:
            assert visitor.unit_name not in text


def test_screen_qr_is_smaller_ecc_than_paper(demo: Site) -> None:
    content = content_of(demo)
    assert qr.make_qr(content.qr_text, ecc=qr.ECC_SCREEN).version == 1
    assert qr.make_qr(content.qr_text).version == 2
    assert dataclasses.is_dataclass(content)
