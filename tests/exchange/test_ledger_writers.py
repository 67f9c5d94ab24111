"""The ledger's writers stream their rows: the same bytes as the whole document at once, cells kept as text."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from openpyxl import load_workbook

from reception_tui.exchange.ledger import COLUMNS, heading, render_json, render_xlsx
from reception_tui.exchange.xlsx import column_letter
from reception_tui.storage.atomic import atomic_writer

AWKWARD = ["=HYPERLINK(1)", "057187654321", "两行\n文字", " 前后空格 ", "<b>&amp;</b>", "\r回车", "", "𪚥", "a\x01b"]


def _rows(count: int) -> list[dict[str, str]]:
    return [{column: AWKWARD[(index + n) % len(AWKWARD)] for n, column in enumerate(COLUMNS)} for index in range(count)]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_json_written_a_row_at_a_time_is_the_whole_documents_bytes(count: int) -> None:
    rows = _rows(count)
    document = {
        "format": "reception-tui/ledger",
        "format_version": 1,
        "columns": [{"key": c, "heading": heading(c)} for c in COLUMNS],
        "rows": rows,
    }
    assert render_json(iter(rows)) == orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def test_the_xlsx_holds_every_cell_as_text(tmp_path: Path) -> None:
    rows = _rows(40)
    path = tmp_path / "l.xlsx"
    path.write_bytes(render_xlsx(iter(rows)))
    sheet = load_workbook(path).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == [heading(c) for c in COLUMNS]
    expected = [[row[c].replace("\x01", "") or None for c in COLUMNS] for row in rows]
    assert values[1:] == expected
    assert sheet.column_dimensions["L"].width == 40 and sheet.column_dimensions["A"].width == 16


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 32, 702, 703)] == ["A", "Z", "AA", "AF", "ZZ", "AAA"]


def test_a_failed_stream_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_writer(path) as stream:
        stream.write(b"half")
        raise RuntimeError
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["ledger.csv"]
    with atomic_writer(path) as stream:
        stream.write(b"new")
    assert path.read_bytes() == b"new" and (path.stat().st_mode & 0o777) == 0o600
