"""A data folder, a site configuration and an export destination with Chinese names (as on many office PCs)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reception_tui.cli import main
from reception_tui.storage import SessionLockedError, SessionStore

from ..conftest import REPO_ROOT


def test_chinese_folder_names_throughout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "接待数据"
    config = tmp_path / "站点配置" / "北山街道.yaml"
    config.parent.mkdir()
    shutil.copy(REPO_ROOT / "sample_data" / "site.yaml", config)
    common = ["--data-dir", str(data), "--config", str(config)]
    assert main([*common, "demo", "--visitors", "2", "--seed", "5"]) == 0
    capsys.readouterr()
    assert main([*common, "sessions", "--json"]) == 0
    (session,) = json.loads(capsys.readouterr().out)["sessions"]
    (folder,) = (data / "sessions").iterdir()
    issues = json.loads((folder / "session.json").read_text(encoding="utf-8"))["issues"].values()
    case = sorted(issue["case_number"] for issue in issues)[0]
    receipt = tmp_path / "回执" / "回执.pdf"
    receipt.parent.mkdir()
    assert main([*common, "receipt", case, "--format", "pdf", "--out", str(receipt)]) == 0
    assert receipt.read_bytes().startswith(b"%PDF-")
    usb = tmp_path / "U盘" / "导出"
    assert main([*common, "export", session["id"], "--to", str(usb)]) == 0
    assert list(usb.rglob("*.json"))
    # the lock on a session folder under a Chinese path: a second window is refused, with the reason
    with SessionStore(folder), pytest.raises(SessionLockedError):
        SessionStore(folder)
