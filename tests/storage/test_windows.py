"""Windows readiness of the durable write, simulated on Linux: no folder fsync, a replace refused while the
target is held open (retried, then reported with the old file intact), no POSIX modes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reception_tui.domain.site import SiteConfig
from reception_tui.storage import DataFolder, atomic


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "WINDOWS", True)
    monkeypatch.setattr(atomic, "REPLACE_RETRIES", (0.0, 0.0, 0.0))


def test_no_folder_is_opened_for_fsync_on_windows(
    windows: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def open_no_dirs(path, flags, *args):  # type: ignore[no-untyped-def]
        assert not Path(path).is_dir(), "Windows cannot open a folder: fsync_dir must not try"
        return real_open(path, flags, *args)

    monkeypatch.setattr(atomic.os, "open", open_no_dirs)
    target = tmp_path / "session.json"
    atomic.write_atomic(target, b"{}")
    atomic.write_atomic(target, b'{"a": {}}', keep_previous=tmp_path / "session.json.prev")
    assert target.read_bytes() == b'{"a": {}}' and (tmp_path / "session.json.prev").read_bytes() == b"{}"


def test_a_replace_refused_while_the_file_is_held_open_is_retried(
    windows: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace, refusals = os.replace, []

    def held_open_twice(source, target):  # type: ignore[no-untyped-def]
        if len(refusals) < 2:
            refusals.append(target)
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", held_open_twice)
    target = tmp_path / "接待数据.json"
    atomic.write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and len(refusals) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["接待数据.json"]


def test_a_replace_refused_for_good_reports_the_error_and_keeps_the_old_file(
    windows: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "session.json"
    target.write_bytes(b"old")
    attempts = []

    def always_held(source, target):  # type: ignore[no-untyped-def]
        attempts.append(target)
        raise PermissionError(13, "Access is denied")

    monkeypatch.setattr(atomic.os, "replace", always_held)
    with pytest.raises(PermissionError):
        atomic.write_atomic(target, b"new")
    assert len(attempts) == 4  # the first try and one per pause
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["session.json"]


def test_on_linux_a_refused_replace_is_not_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts = []

    def refused(source, target):  # type: ignore[no-untyped-def]
        attempts.append(target)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refused)
    with pytest.raises(PermissionError):
        atomic.write_atomic(tmp_path / "f", b"x")
    assert len(attempts) == 1


def test_modes_are_not_forced_on_windows(windows: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chmods = []
    monkeypatch.setattr(Path, "chmod", lambda self, mode: chmods.append((self, mode)))
    folder = atomic.ensure_private_dir(tmp_path / "接待数据" / "sessions")
    assert folder.is_dir() and chmods == []


def test_the_journal_and_its_folds_open_no_folder_on_windows(
    windows: None, data_folder: DataFolder, config: SiteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.storage.test_journal import _names, _open, _register

    real_open = os.open

    def open_no_dirs(path, flags, *args):  # type: ignore[no-untyped-def]
        assert not Path(path).is_dir(), "Windows cannot open a folder: fsync_dir must not try"
        return real_open(path, flags, *args)

    monkeypatch.setattr(atomic.os, "open", open_no_dirs)
    with _open(data_folder, config) as store:
        _register(store, config, "甲", "乙")
        folder = store.folder
    assert not (folder / "session.journal").exists()
    assert _names(folder) == ["甲", "乙"]


def test_a_journal_held_open_by_a_reader_at_a_fold_is_emptied_before_the_next_append(
    windows: None, data_folder: DataFolder, config: SiteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to rename a file another program has open: the folded journal stays, is stale
    (another generation), and is emptied before the next entry goes in."""
    from tests.storage.test_journal import _names, _open, _register

    real_replace = os.replace

    def journal_held(source, target):  # type: ignore[no-untyped-def]
        if Path(source).name == "session.journal":
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", journal_held)
    with _open(data_folder, config) as store:
        _register(store, config, "甲")
        folder = store.folder
        assert store._storage is not None
        store._storage.fold()
        assert (folder / "session.journal").exists()  # refused: left where it was
        assert data_folder.read(folder).visitors[0].name == "甲"
        _register(store, config, "乙")
        assert b"\xe7\x94\xb2" not in (folder / "session.journal").read_bytes()  # 甲's entry is gone from it
        assert [v.name for v in data_folder.read(folder).visitors] == ["甲", "乙"]
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert _names(folder) == ["甲", "乙"]
