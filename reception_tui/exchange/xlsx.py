"""A streaming XLSX writer for the ledger: one worksheet of text cells, written row by row into the zip.

openpyxl builds an object per cell and serialises each through an XML tree (about 40 s and 1 GB for
100,000 rows of the ledger); this writes the same workbook as text, holding one batch of rows at a
time. The sheet: headings bold in a frozen first row, every other cell a string with the text number
format ``@`` (phone numbers keep their leading zero, ``=…`` stays text), the given column widths.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import BinaryIO

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_BATCH = 500
"""Rows formatted before one write into the zip."""

_CONTENT_TYPES = (
    _HEADER + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _HEADER + f'<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _HEADER + f'<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    _HEADER + f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_TEXT, _BOLD = 1, 2
"""Cell styles (``cellXfs``): text number format ``@``; bold heading."""

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What an XML 1.0 document cannot hold (XLSX cells keep tab and line breaks)."""
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def column_letter(index: int) -> str:
    """The letters of column ``index`` (1 → A, 27 → AA)."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_text(value: str) -> str:
    """``value`` as the text of an XML element (characters XML cannot hold removed)."""
    if _NOT_IN_XML.search(value):
        value = _NOT_IN_XML.sub("", value)
    return value.translate(_ESCAPES)


def write_xlsx(
    stream: BinaryIO,
    sheet_name: str,
    headings: Sequence[str],
    rows: Iterable[Sequence[str]],
    widths: Sequence[float],
) -> int:
    """Write the workbook to ``stream``: ``headings`` bold in a frozen first row, then ``rows`` (each as
    many text cells as headings). Returns the number of rows written after the headings."""
    letters = [column_letter(index) for index in range(1, len(headings) + 1)]
    count = 0
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr(
            "xl/workbook.xml",
            _HEADER + f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><sheets>'
            f'<sheet name="{cell_text(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            cols = "".join(
                f'<col min="{i}" max="{i}" width="{width:g}" customWidth="1"/>' for i, width in enumerate(widths, 1)
            )
            sheet.write(
                (
                    _HEADER + f'<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                    f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
                    + _row(1, letters, headings, _BOLD)
                ).encode("utf-8")
            )
            batch: list[str] = []
            for count, row in enumerate(rows, start=1):
                batch.append(_row(count + 1, letters, row, _TEXT))
                if len(batch) >= _BATCH:
                    sheet.write("".join(batch).encode("utf-8"))
                    batch.clear()
            sheet.write(("".join(batch) + "</sheetData></worksheet>").encode("utf-8"))
    return count


def _row(number: int, letters: Sequence[str], values: Sequence[str], style: int) -> str:
    cells = "".join(
        f'<c r="{letter}{number}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{cell_text(value)}</t></is></c>'
        if value
        else f'<c r="{letter}{number}" s="{style}"/>'
        for letter, value in zip(letters, values, strict=True)
    )
    return f'<row r="{number}">{cells}</row>'
