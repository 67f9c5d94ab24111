"""QR codes of the receipt payload: a module matrix, on-screen cells, PNG and SVG.

On screen each module is two spaces with a black or white background: whole cells only, because
half-block characters are drawn double width by many CJK terminals. A terminal cell is about twice
as tall as wide, so two cells per module give square modules; a version 1 code (21 modules) plus a
one-module quiet zone is then 46 columns by 23 rows, which fits an 80 x 24 terminal with the footer.
Paper and files use error correction M (smudges, folds); the screen uses L, which keeps the
payload in version 1.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.constants
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathImage
from rich.style import Style
from rich.text import Text

ECC_SCREEN = qrcode.constants.ERROR_CORRECT_L
ECC_PAPER = qrcode.constants.ERROR_CORRECT_M
SCREEN_BORDER = 1
FILE_BORDER = 4

DARK = Style(bgcolor="#000000")
LIGHT = Style(bgcolor="#ffffff")


def make_qr(
    text: str, *, ecc: int = ECC_PAPER, border: int = FILE_BORDER, box_size: int = 10
) -> qrcode.QRCode:
    """A QR code of ``text``, the smallest version that holds it."""
    code = qrcode.QRCode(version=None, error_correction=ecc, border=border, box_size=box_size)
    code.add_data(text)
    code.make(fit=True)
    return code


def matrix(text: str, *, ecc: int = ECC_PAPER, border: int = 0) -> list[list[bool]]:
    """The modules of the code (True = dark), with ``border`` light modules around."""
    rows: list[list[bool]] = make_qr(text, ecc=ecc, border=border).get_matrix()
    return rows


def screen_size(text: str) -> tuple[int, int]:
    """Columns and rows the on-screen code takes."""
    modules = len(matrix(text, ecc=ECC_SCREEN, border=SCREEN_BORDER))
    return modules * 2, modules


def screen_rows(text: str) -> list[list[bool]]:
    """The on-screen modules, quiet zone included."""
    return matrix(text, ecc=ECC_SCREEN, border=SCREEN_BORDER)


def screen_text(text: str) -> Text:
    """The code as Rich text: two background-coloured spaces per module, one line per module row."""
    out = Text(no_wrap=True, overflow="crop", end="")
    rows = screen_rows(text)
    for number, row in enumerate(rows):
        for dark in row:
            out.append("  ", DARK if dark else LIGHT)
        if number < len(rows) - 1:
            out.append("\n")
    return out


def png_bytes(text: str, *, box_size: int = 10) -> bytes:
    """A PNG of the code (error correction M, 4-module quiet zone)."""
    image = make_qr(text, box_size=box_size).make_image(image_factory=PilImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def svg_bytes(text: str) -> bytes:
    """An SVG of the code as one path (error correction M, 4-module quiet zone)."""
    image = make_qr(text).make_image(image_factory=SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
