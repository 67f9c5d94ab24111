"""``reception receipt``: any case number of the visitor, every format, mistyped and unknown numbers."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from reception_tui.cli import main
from reception_tui.domain.intake import IssueInput, VisitorInput
from reception_tui.domain.models import ReceiptStatus
from reception_tui.receipts.lookup import Verdict, lookup_scanned
from reception_tui.services.desk import DeskService, open_new_session

from .conftest import Site
from .escpos_parse import parse

ROOT = Path(__file__).resolve().parents[2]


def case_numbers(site: Site, queue: int) -> list[str]:
    visitor = site.visitor(queue)
    return [i.case_number for i in site.snapshot.issues if i.visitor_id == visitor.id]


def run(site: Site, *args: str) -> int:
    return main(["--data-dir", str(site.data.root), "receipt", *args])


def test_text_to_stdout_for_any_of_the_visitors_case_numbers(
    crafted: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for number in case_numbers(crafted, 1):
        assert run(crafted, number, "--paper", "58") == 0
        outputs.append(capsys.readouterr().out)
    assert len(set(outputs)) == 1 and "来访人：张*明  电话：138****1234" in outputs[0]
    assert all(len(line) <= 32 for line in outputs[0].splitlines())
    assert crafted.snapshot.receipts == ()  # a preview is not a receipt issued


def test_each_file_format_is_written_and_recorded(
    crafted: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = case_numbers(crafted, 1)[2]
    for fmt in ("text", "pdf", "png", "svg", "escpos"):
        out = tmp_path / f"receipt.{fmt}"
        assert run(crafted, number, "--format", fmt, "--out", str(out)) == 0, capsys.readouterr().err
        assert out.stat().st_mode & 0o777 == 0o600
    assert "BSJD-261120-001" in capsys.readouterr().out
    assert "张*明" in (tmp_path / "receipt.text").read_text(encoding="utf-8")
    assert "处理方式：需转办" in "".join(p.extract_text() for p in PdfReader(tmp_path / "receipt.pdf").pages)
    (payload,) = [r.text for r in zxingcpp.read_barcodes(Image.open(tmp_path / "receipt.png"))]
    assert lookup_scanned(crafted.data, crafted.secret, payload).verdict is Verdict.GENUINE
    assert parse((tmp_path / "receipt.escpos").read_bytes()).qr_data == [payload.encode()]
    receipts = crafted.snapshot.receipts
    assert [r.output.value for r in receipts] == ["text", "pdf", "png", "svg", "escpos"]
    assert all(r.status is ReceiptStatus.PRINTED and r.to_file and r.saved_as_file for r in receipts)
    # files on the laptop are not paper in the visitor's hand: none of them makes the next one a reprint
    assert [r.reprint for r in receipts] == [False] * 5
    assert not any(r.handed_over for r in receipts)


def test_mistyped_case_number_gets_the_check_digit_message(
    crafted: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    number = case_numbers(crafted, 1)[0]
    typo = number.replace("-001-", "-010-")
    assert run(crafted, typo) == 2
    assert capsys.readouterr().err.strip() == "登记编号校验码不对，可能有一位输错了"


def test_unknown_case_number(crafted: Site, capsys: pytest.CaptureFixture[str]) -> None:
    from reception_tui.domain.ids import CaseNumber

    number = str(CaseNumber("BSJD", crafted.snapshot.session.day, 99, 1))
    assert run(crafted, number) == 1
    assert number in capsys.readouterr().err


def test_png_needs_out(crafted: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(crafted, case_numbers(crafted, 1)[0], "--format", "png") == 2
    assert "--out" in capsys.readouterr().err


def test_escpos_without_printer_goes_to_the_retry_queue(
    crafted: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(crafted, case_numbers(crafted, 1)[0], "--format", "escpos") == 1
    assert "重打队列" in capsys.readouterr().err
    assert [r.status for r in crafted.snapshot.receipts] == [ReceiptStatus.FAILED]


def test_cli_in_a_subprocess_english(crafted: Site, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reception_tui",
            "--lang",
            "en",
            "--data-dir",
            str(crafted.data.root),
            "receipt",
            case_numbers(crafted, 3)[0],
            "--format",
            "pdf",
            "--pdf-paper",
            "a5",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Wrote" in result.stdout and "Traceback" not in result.stderr
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == 148


def _second_session_same_day(site: Site, name: str) -> str:
    """Another session of the same site and day in the same data folder (a second start that day):
    its first visitor gets the same case numbers as the first session's. Returns its session id."""
    store = open_new_session(site.data, site.config, day=site.snapshot.session.day, deputies=["周建国"],
                             liaison_officer="王芳", operator="王芳")  # fmt: skip
    try:
        desk = DeskService(store, site.config, operator="王芳")
        saved = desk.register_visitor(
            VisitorInput(name=name, phone="13600001111", district=site.config.districts[0].name, consent=True)
        )
        desk.add_issue(saved.record.id, IssueInput(category=site.config.categories[0], request_type="求助",
                                                   summary="另一位来访人的事项"))  # fmt: skip
        return desk.session.id
    finally:
        store.close()


def test_a_case_number_in_two_sessions_is_refused_with_the_sessions_listed(
    crafted: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two sessions of one site and day on one laptop: the shared case number prints nobody's receipt."""
    other = _second_session_same_day(crafted, "赵六福")
    number = case_numbers(crafted, 1)[0]
    out = tmp_path / "r.text"
    assert run(crafted, number, "--format", "text", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert not out.exists()
    assert all(data.read(folder).receipts == () for data in [crafted.data] for folder in data.session_folders())
    lines = err.strip().splitlines()
    assert number in lines[0] and "--session" in lines[0]
    first = crafted.snapshot.session
    assert len(lines) == 3
    for session_id, visitor in ((first.id, "张*明"), (other, "赵*福")):
        (line,) = [line for line in lines[1:] if session_id[:8] in line]
        assert first.day.isoformat() in line and first.place in line and "排队号 1" in line and visitor in line
    # --session chooses; the other visitor's receipt is the one written
    assert run(crafted, number, "--format", "text", "--out", str(out), "--session", other[:8]) == 0
    assert "赵*福" in out.read_text(encoding="utf-8") and "张*明" not in out.read_text(encoding="utf-8")
    assert crafted.snapshot.receipts == ()
    assert run(crafted, number, "--session", first.id) == 0
    assert "张*明" in capsys.readouterr().out
    assert run(crafted, number, "--session", "ffffffff") == 1
