"""The legacy Windows console gets a plain message instead of a broken screen (simulated on Linux)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reception_tui.cli import console, main


def vt(answer: bool):  # type: ignore[no-untyped-def]
    return lambda: answer


@pytest.mark.parametrize(
    ("os_name", "environ", "vt_ok", "legacy"),
    [
        ("posix", {}, False, False),  # Linux / macOS terminals: never refused
        ("nt", {"WT_SESSION": "5e1f…"}, False, False),  # Windows Terminal
        ("nt", {"TERM_PROGRAM": "vscode"}, False, False),
        ("nt", {}, True, False),  # Windows 10 1809+ console host: VT mode turned on
        ("nt", {}, False, True),  # legacy console: VT mode refused
        ("nt", {"RECEPTION_LEGACY_CONSOLE_OK": "1"}, False, False),  # the user insists
    ],
)
def test_legacy_console_detection(os_name: str, environ: dict[str, str], vt_ok: bool, legacy: bool) -> None:
    assert console.legacy_windows_console(os_name=os_name, environ=environ, vt_available=vt(vt_ok)) is legacy


def test_a_failing_console_query_counts_as_legacy() -> None:
    def broken() -> bool:
        raise OSError("no console")

    assert console.legacy_windows_console(os_name="nt", environ={}, vt_available=broken)


@pytest.mark.parametrize(("lang", "words"), [("zh", "Windows 终端"), ("en", "Windows Terminal")])
def test_opening_the_app_in_the_legacy_console_says_so_plainly(
    lang: str, words: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(console, "legacy_windows_console", lambda: True)
    assert main(["--data-dir", str(tmp_path / "接待数据"), "--lang", lang]) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and "\x1b" not in err
    assert main(["--data-dir", str(tmp_path / "接待数据"), "--version"]) == 0  # commands still work there
