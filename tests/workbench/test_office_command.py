"""``reception office``: one clear line and an exit code when the workbench cannot open."""

from __future__ import annotations

from pathlib import Path

import pytest

from reception_tui.cli import main
from reception_tui.cli.commands.office import ACTIONS


def test_a_missing_office_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["office", "--office-dir", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert "nowhere" in err and "Traceback" not in err
    assert not (tmp_path / "nowhere").exists()


def test_a_clerk_not_in_office_yaml_is_refused(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["office", "--office-dir", str(office), "--clerk", "张三"]) == 2
    assert "张三" in capsys.readouterr().err


def test_a_broken_office_yaml_is_one_line(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (office / "office.yaml").write_text("clerks: 王芳\n", encoding="utf-8")
    assert main(["office", "--office-dir", str(office)]) == 2
    err = capsys.readouterr().err
    assert "office.yaml" in err and "Traceback" not in err


def test_open_is_the_default_action_and_others_can_be_added() -> None:
    assert "open" in ACTIONS
