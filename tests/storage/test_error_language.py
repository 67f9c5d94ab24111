"""Storage errors speak the interface's language: a locked session, a damaged file and a full disk read in
Chinese with --lang zh (no English words, only paths and ids) and in English with --lang en."""

from __future__ import annotations

import errno
import os
import re
import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reception_tui.cli import main
from reception_tui.domain.intake import VisitorInput
from reception_tui.domain.site import SiteConfig
from reception_tui.i18n import describe, set_language, t
from reception_tui.services.clock import machine_now
from reception_tui.services.demo import make_demo_session
from reception_tui.services.desk import DeskService, open_new_session
from reception_tui.storage import (
    CorruptStoreError,
    DataFolder,
    SessionLockedError,
    SessionStore,
    StoreError,
    StoreWriteError,
    atomic,
)

DAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def language_restored() -> Iterator[None]:
    yield
    set_language("zh")


def english_left(line: str, *allowed: object) -> list[str]:
    """ASCII words in ``line`` once the paths, ids, process numbers and host names in ``allowed`` are removed."""
    for value in sorted((str(v) for v in allowed), key=len, reverse=True):
        line = line.replace(value, "")
    return re.findall(r"[A-Za-z]+", line)


def shown(error: StoreError, lang: str) -> str:
    """The line the CLI and the desk print for a storage error."""
    return t("cli.error.store", lang, message=describe(error, lang))


def _open(data_folder: DataFolder, config: SiteConfig) -> SessionStore:
    return open_new_session(data_folder, config, day=DAY, deputies=["周建国"], liaison_officer="李婷", operator="李婷")


def locked(data_folder: DataFolder, config: SiteConfig) -> SessionLockedError:
    with _open(data_folder, config) as store:
        with pytest.raises(SessionLockedError) as caught:
            SessionStore(store.folder)
    return caught.value


def damaged(data_folder: DataFolder, config: SiteConfig) -> CorruptStoreError:
    make_demo_session(data_folder, config, visitors=2, seed=5, day=DAY)
    live = data_folder.session_folders()[0] / "session.json"
    live.write_bytes(live.read_bytes()[:-40])
    with pytest.raises(CorruptStoreError) as caught:
        SessionStore(live.parent)
    return caught.value


def disk_full(data_folder: DataFolder, config: SiteConfig, monkeypatch: pytest.MonkeyPatch) -> StoreWriteError:
    with _open(data_folder, config) as store:
        desk = DeskService(store, config, operator="李婷")

        def full(*args: object, **kwargs: object) -> object:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(atomic.os, "fsync", full)
        monkeypatch.setattr(atomic.os, "fdatasync", full)  # the journal append syncs with fdatasync
        with pytest.raises(StoreWriteError) as caught:
            desk.register_visitor(VisitorInput(name="张三"))
        monkeypatch.undo()
    return caught.value


def test_a_locked_session_in_both_languages(data_folder: DataFolder, config: SiteConfig) -> None:
    error = locked(data_folder, config)
    zh, en = shown(error, "zh"), shown(error, "en")
    assert zh.startswith("存储错误：") and "已被进程" in zh and "请先关闭另一个窗口" in zh
    assert not english_left(zh, error.path, os.getpid(), socket.gethostname()), zh
    assert en.startswith("Storage error: ") and f"already open by pid {os.getpid()}" in en
    assert str(error) == describe(error, "en")  # str() stays English for logs and scripts


def test_a_damaged_file_in_both_languages(data_folder: DataFolder, config: SiteConfig) -> None:
    error = damaged(data_folder, config)
    zh, en = shown(error, "zh"), shown(error, "en")
    assert "接待文件已损坏" in zh and "内容无法解析" in zh
    assert not english_left(zh, error.path), zh
    assert "session file is damaged (not valid JSON" in en


def test_a_full_disk_in_both_languages(
    data_folder: DataFolder, config: SiteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = disk_full(data_folder, config, monkeypatch)
    zh, en = shown(error, "zh"), shown(error, "en")
    assert "无法保存（磁盘已满），没有做任何改动" in zh
    assert not english_left(zh, error.path), zh
    assert f"could not save ({os.strerror(errno.ENOSPC)}); nothing was changed" in en
    assert "张三" not in zh + en


def test_an_unknown_system_error_names_its_number_in_chinese() -> None:
    error = OSError(errno.ENOTSUP, os.strerror(errno.ENOTSUP))
    assert describe(error, "zh") == f"系统错误 {errno.ENOTSUP}"
    assert describe(error, "en") == os.strerror(errno.ENOTSUP)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_line_says_a_session_is_locked_in_its_language(
    data_folder: DataFolder,
    config: SiteConfig,
    tmp_path: Path,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_demo_session(data_folder, config, visitors=2, seed=5, day=DAY)
    folder = data_folder.session_folders()[0]
    case = data_folder.read(folder).issues[0].case_number
    monkeypatch.setenv("RECEPTION_DATA_DIR", str(data_folder.root))
    with SessionStore(folder):
        code = main(["receipt", case, "--format", "pdf", "--out", str(tmp_path / "r.pdf"), "--lang", lang])
    err = capsys.readouterr().err.strip()
    assert code != 0
    if lang == "zh":
        assert err.startswith("存储错误：") and "请先关闭另一个窗口" in err, err
        assert not english_left(err, folder, os.getpid(), socket.gethostname()), err
    else:
        assert err.startswith("Storage error: ") and "close the other window first" in err, err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sessions_list_says_a_file_is_damaged_in_its_language(
    data_folder: DataFolder,
    config: SiteConfig,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_demo_session(data_folder, config, visitors=2, seed=5, day=DAY)
    live = data_folder.session_folders()[0] / "session.json"
    live.write_bytes(live.read_bytes()[:-40])
    monkeypatch.setenv("RECEPTION_DATA_DIR", str(data_folder.root))
    assert main(["sessions", "--lang", lang]) == 0
    (line,) = [line for line in capsys.readouterr().out.splitlines() if str(live) in line]
    if lang == "zh":
        assert "接待文件已损坏" in line
        assert not english_left(line, live), line
    else:
        assert "session file is damaged" in line


def test_a_full_usb_stick_in_both_languages(
    data_folder: DataFolder, config: SiteConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export to a full stick: the sync screen and ``reception export`` say so in the chosen language."""
    from reception_tui.exchange import outbox as outbox_module
    from reception_tui.exchange.errors import DestinationError
    from reception_tui.exchange.outbox import Outbox

    make_demo_session(data_folder, config, visitors=2, seed=5, day=DAY)
    stick = tmp_path / "stick"
    real_write = outbox_module.write_atomic

    def full(path: Path, data: bytes, **kwargs: Any) -> None:
        if stick not in path.parents:
            return real_write(path, data, **kwargs)  # the laptop's own files are fine
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outbox_module, "write_atomic", full)
    with pytest.raises(DestinationError) as caught:
        Outbox(data_folder, config).export(data_folder.session_folders(), stick, now=machine_now)
    error = caught.value
    zh, en = describe(error, "zh"), describe(error, "en")
    assert zh.endswith("：磁盘已满") and not english_left(zh, error.path), zh
    assert en == str(error) == f"{error.path}: {os.strerror(errno.ENOSPC)}"
