"""A Chinese font for reportlab that works offline on any machine.

A CJK TrueType font found on the machine (Windows, macOS or Linux font folders) is embedded, so
the PDF looks the same everywhere. Without one, reportlab's built-in Adobe CID font STSong-Light is
used: nothing to embed, and every PDF reader with Chinese support (Adobe, WPS, browsers, poppler with
poppler-data) renders it; its text extracts as Unicode either way.
"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

CID_FALLBACK = "STSong-Light"
EMBEDDED_NAME = "ReceptionCJK"

CANDIDATES: tuple[tuple[str, int], ...] = (
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)


@functools.cache
def cjk_font_name(embed: bool = True) -> str:
    """Register and return the name of a font that can draw Chinese.

    With ``embed`` (the default), a TrueType font from the machine is preferred; ``embed=False``
    always gives the CID font (byte-identical output across machines, for golden tests).
    """
    if embed:
        for path, index in CANDIDATES:
            if Path(path).is_file():
                try:
                    pdfmetrics.registerFont(TTFont(EMBEDDED_NAME, path, subfontIndex=index))
                except (TTFError, OSError, ValueError):
                    continue
                return EMBEDDED_NAME
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CID_FALLBACK
