"""``reception office remind``: the reminder notice for a unit's overdue cases, written 0600 into the office
folder's ``out`` (or ``--to``), its text checked; nothing overdue or an unknown unit is one line and exit 1."""

from __future__ import annotations

import io
import re
import stat
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from reception_tui.office.store import CaseStore
from tests.office_cli.conftest import transfer, transferable
from tests.office_cli.test_cases_cli import Cli


def _text(path: Path) -> str:
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pages))


def test_remind_writes_the_units_overdue_cases(store: CaseStore, imported: Path, cli: Cli, tmp_path: Path) -> None:
    waiting = transferable(store)
    late = [transfer(store, case, due=date(2026, 11, 25)) for case in waiting[:2]]  # 7 days overdue on 12-02
    on_time = transfer(store, waiting[2])  # QZF's 30 working days: not overdue
    other = transfer(store, waiting[3], "JDBSC", due=date(2026, 11, 24))  # another unit's
    code, out, err = cli("office", "remind", "--office-dir", str(imported), "--unit", "QZF")
    assert code == 0, err
    path = imported / "out" / "催办通知-QZF-2026-12-02.pdf"
    assert str(path) in out and "2 件" in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = _text(path)
    assert "催办通知" in text and "西湖区人民政府" in text
    for case in late:
        assert case.desk.case_number in text
    assert on_time.desk.case_number not in text and other.desk.case_number not in text
    assert "7天" in text or "7日" in text, text
    # the default new due date: 2026-12-02 + 5 working days = 2026-12-09
    assert "2026年12月9日" in text
    code, out, err = cli(
        "office", "remind", "--office-dir", str(imported), "--unit", "QZF", "--new-due", "2026-12-20",
        "--to", str(tmp_path / "stick"),
    )  # fmt: skip
    assert code == 0, err
    assert "2026年12月20日" in _text(tmp_path / "stick" / "催办通知-QZF-2026-12-02.pdf")


def test_nothing_overdue_or_an_unknown_unit_is_one_line(store: CaseStore, imported: Path, cli: Cli) -> None:
    transfer(store, transferable(store)[0])
    code, _, err = cli("office", "remind", "--office-dir", str(imported), "--unit", "QZF")
    assert code == 1 and "QZF" in err and "没有逾期" in err and "Traceback" not in err
    code, _, err = cli("office", "remind", "--office-dir", str(imported), "--unit", "NOPE", lang="en")
    assert code == 1 and "Unknown unit: NOPE" in err
    assert not (imported / "out").exists() or not list((imported / "out").glob("催办通知-*"))
