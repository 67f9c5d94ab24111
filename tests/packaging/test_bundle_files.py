"""The bundle's install scripts, its Chinese note and the builder's refusals (no network needed)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from .conftest import PACKAGING, load
from .fake_elf import make_elf

build_bundle = load("build_bundle")
TEMPLATES = PACKAGING / "templates"
SCRIPTS = ("install.sh", "install.ps1", "install.bat")


@pytest.mark.parametrize("name", SCRIPTS)
def test_install_scripts_use_no_index_and_only_the_bundled_wheels(name: str) -> None:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    installs = [line for line in text.splitlines() if re.search(r"pip\s+install|-m pip install", line)]
    assert installs, "no pip install line"
    for line in installs:
        assert "--no-index" in line and "--find-links" in line and "wheels" in line, line
    assert "PIP_NO_INDEX" in text and "PIP_CONFIG_FILE" in text  # the machine's pip.conf cannot add an index
    assert not re.search(r"https?://|--index-url|--extra-index-url|pip download", text)
    assert "reception_tui" in text and "venv" in text
    assert "安装完成" in text and "reception" in text  # says it worked and how to start


def test_windows_scripts_look_for_the_bundled_python_installer_and_write_a_launcher() -> None:
    for name in ("install.ps1", "install.bat"):
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert "python-*.exe" in text and "Add python.exe to PATH" in text
        assert "reception.bat" in text and ("Windows Terminal" in text or "Windows 终端" in text)
    assert "exec \"$VENV/bin/reception\"" in (TEMPLATES / "install.sh").read_text(encoding="utf-8")


def test_powershell_strings_hold_no_typographic_quotes() -> None:
    """PowerShell takes “ ” ‘ ’ as quote marks: one inside a string would end it."""
    text = (TEMPLATES / "install.ps1").read_text(encoding="utf-8")
    assert not set(text) & set("\u201c\u201d\u2018\u2019")


def test_the_chinese_note_walks_through_every_step() -> None:
    note = (TEMPLATES / "安装说明.md").read_text(encoding="utf-8")
    for words in ("U 盘", "复制", "install.bat", "sh install.sh", "Python", "python-3", "Add python.exe to PATH",
                  "启动", "reception --version", "常见问题", "Windows 终端", "不需要联网", "manifest.json"):
        assert words in note, words
    assert len(re.findall(r"[\u4e00-\u9fff]", note)) > 800  # written in Chinese, not a translated stub


def test_copied_scripts_get_windows_line_ends_and_a_bom(tmp_path: Path) -> None:
    installer = tmp_path / "python-3.12.10-amd64.exe"
    installer.write_bytes(b"MZ")
    out = tmp_path / "bundle"
    out.mkdir()
    build_bundle.copy_installers(out, [installer])
    bat, ps1 = (out / "install.bat").read_bytes(), (out / "install.ps1").read_bytes()
    assert b"\r\n" in bat and b"\n" not in bat.replace(b"\r\n", b"")
    assert ps1.startswith(b"\xef\xbb\xbf") and b"\n" not in ps1.replace(b"\r\n", b"")
    assert b"\r" not in (out / "install.sh").read_bytes() and (out / "install.sh").stat().st_mode & 0o111
    assert (out / "安装说明.md").is_file() and (out / "python" / installer.name).read_bytes() == b"MZ"


def test_unknown_platform_or_old_python_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert build_bundle.main(["--out", str(tmp_path), "--platform", "win32"]) == 2
    assert build_bundle.main(["--out", str(tmp_path), "--python", "3.10"]) == 2
    err = capsys.readouterr().err
    assert "unknown platform win32" in err and "unsupported Python 3.10" in err and "Traceback" not in err


def test_a_single_file_too_new_for_uos_and_kylin_stops_the_build_before_any_download(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_bundle, "build_app_wheel", lambda wheels: pytest.fail("built the wheel anyway"))
    single = tmp_path / "reception-linux-x86_64"
    single.write_bytes(make_elf({"libc.so.6": ["GLIBC_2.2.5"], "libm.so.6": ["GLIBC_2.35"]}))  # as on Debian 12
    out = tmp_path / "bundle"
    assert build_bundle.main(["--out", str(out), "--platform", "host", "--single", str(single)]) == 1
    err = capsys.readouterr().err
    assert "needs glibc 2.35 (reception-linux-x86_64): UOS 20 and Kylin V10 have 2.28" in err
    assert "packaging/build_single_oldglibc.sh" in err
    single.write_text("#!/bin/sh\n", encoding="utf-8")
    assert build_bundle.main(["--out", str(out), "--platform", "host", "--single", str(single)]) == 1
    err = capsys.readouterr().err
    assert "cannot read it as a Linux program" in err and "not an ELF file" in err


def fake_wheel(folder: Path, filename: str, requires: list[str]) -> Path:
    name, version = filename.split("-")[:2]
    path = folder / filename
    with zipfile.ZipFile(path, "w") as archive:
        metadata = "".join(f"Requires-Dist: {line}\n" for line in requires)
        archive.writestr(f"{name}-{version}.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {name}\n{metadata}")
    return path


def test_a_dependency_without_a_wheel_for_a_target_stops_the_build_naming_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """pip is replaced by a folder that has orjson for Linux only: the Windows target fails, by name."""
    out = tmp_path / "bundle"

    def app_wheel(wheels: Path) -> Path:
        fake_wheel(wheels, "orjson-3.11.0-cp312-cp312-manylinux_2_17_x86_64.whl", [])
        return fake_wheel(wheels, "reception_tui-0.1.0-py3-none-any.whl", ["orjson>=3.10"])

    monkeypatch.setattr(build_bundle, "build_app_wheel", app_wheel)
    monkeypatch.setattr(build_bundle, "download", lambda *args: "")
    code = build_bundle.main(["--out", str(out), "--platform", "linux_x86_64,win_amd64", "--python", "3.12"])
    err = capsys.readouterr().err
    assert code == 1
    assert "no complete wheel set for win_amd64-cp312" in err and "orjson>=3.10" in err
    assert "linux_x86_64-cp312" not in err.split("error:")[-1] and "Traceback" not in err
    assert not (out / "manifest.json").exists()


def test_optional_python_is_left_out_with_the_reason_and_the_manifest_lists_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bundle"

    def app_wheel(wheels: Path) -> Path:
        for python in ("311", "312", "313"):
            fake_wheel(wheels, f"orjson-3.11.0-cp{python}-cp{python}-win_amd64.whl", [])
        fake_wheel(wheels, "unused-1.0-py3-none-any.whl", [])
        return fake_wheel(wheels, "reception_tui-0.1.0-py3-none-any.whl", ["orjson>=3.10"])

    monkeypatch.setattr(build_bundle, "build_app_wheel", app_wheel)
    monkeypatch.setattr(build_bundle, "download", lambda *args: "")
    single = tmp_path / "reception-linux-x86_64"
    single.write_bytes(make_elf({"libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.28"]}))
    assert build_bundle.main(["--out", str(out), "--platform", "win_amd64", "--single", str(single)]) == 0
    assert "win_amd64-cp314 left out" in capsys.readouterr().err
    assert (out / "reception-linux-x86_64").stat().st_mode & 0o111
    manifest = __import__("json").loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["targets"]) == ["win_amd64-cp311", "win_amd64-cp312", "win_amd64-cp313"]
    assert "orjson" in manifest["left_out"]["win_amd64-cp314"]
    listed = {entry["path"] for entry in manifest["files"]}
    assert {"install.sh", "install.ps1", "install.bat", "安装说明.md", "reception-linux-x86_64"} <= listed
    assert "wheels/orjson-3.11.0-cp312-cp312-win_amd64.whl" in listed
    assert not (out / "wheels" / "unused-1.0-py3-none-any.whl").exists()  # no target installs it: pruned
    assert all(len(entry["sha256"]) == 64 and entry["size"] > 0 for entry in manifest["files"])
