"""The receipt as ESC/POS bytes for 58 mm and 80 mm thermal printers, built with python-escpos's Dummy.

Chinese is sent as GB18030 bytes in the printer's Chinese character mode (``FS &`` on, ``FS .``
off) rather than through python-escpos's code-page guessing, which has no Chinese code page. The QR
code is the printer's own ``GS ( k`` command or a raster image (``GS v 0``), as the config says,
and the paper is cut with ``GS V``.
"""

from __future__ import annotations

import copy

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy
from PIL import Image

from reception_tui.domain.site import PrinterSettings
from reception_tui.receipts import qr
from reception_tui.receipts.content import ReceiptContent
from reception_tui.receipts.layout import LineKind, columns_for_paper, receipt_lines

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
DOUBLE_HEIGHT, NORMAL_SIZE = GS + b"!\x01", GS + b"!\x00"
ALIGN_LEFT, ALIGN_CENTRE = ESC + b"a\x00", ESC + b"a\x01"
ENCODING = "gb18030"

DOTS_PER_LINE = {58: 384, 80: 576}
NATIVE_MODULE_DOTS = {58: 6, 80: 8}


def _printer(paper_width_mm: int) -> Dummy:
    printer = Dummy()
    profile = copy.deepcopy(printer.profile.profile_data)
    profile["media"] = {"dpi": 203, "width": {"mm": paper_width_mm, "pixels": DOTS_PER_LINE[paper_width_mm]}}
    printer.profile.profile_data = profile
    return printer


def _qr_image(text: str, dots: int) -> Image.Image:
    code = qr.make_qr(text, border=2, box_size=1)
    modules = len(code.get_matrix())
    box = max(1, min(8, (dots * 2 // 3) // modules))
    image = qr.make_qr(text, border=2, box_size=box).make_image().get_image().convert("1")
    canvas = Image.new("1", (dots, image.height), 1)
    canvas.paste(image, ((dots - image.width) // 2, 0))
    return canvas


def escpos_bytes(content: ReceiptContent, settings: PrinterSettings) -> bytes:
    """The bytes of a whole receipt job: init, Chinese mode, text, QR code, cut."""
    paper = settings.paper_width_mm if settings.paper_width_mm in DOTS_PER_LINE else 80
    printer = _printer(paper)
    printer._raw(INIT + CHINESE_ON)
    for line in receipt_lines(content, columns_for_paper(paper)):
        if line.kind is LineKind.QR:
            printer._raw(ALIGN_CENTRE)
            if settings.qr_mode == "image":
                printer.image(_qr_image(content.qr_text, DOTS_PER_LINE[paper]), center=False)
            else:
                printer.qr(content.qr_text, native=True, size=NATIVE_MODULE_DOTS[paper], ec=QR_ECLEVEL_M)
            printer._raw(ALIGN_LEFT)
            continue
        data = line.text.encode(ENCODING) + b"\n"
        if line.kind is LineKind.MARK:
            data = BOLD_ON + DOUBLE_HEIGHT + data + NORMAL_SIZE + BOLD_OFF
        elif line.kind in (LineKind.TITLE, LineKind.HEADING):
            data = BOLD_ON + data + BOLD_OFF
        printer._raw(data)
    printer._raw(CHINESE_OFF)
    if settings.cut:
        printer.cut()
    else:
        printer._raw(b"\n" * 4)
    output: bytes = printer.output
    return output
