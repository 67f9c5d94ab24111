"""The session journal: replay, torn and damaged entries, stale journals, folds, faults, readers and the purge."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from reception_tui.domain.intake import VisitorInput
from reception_tui.domain.site import SiteConfig
from reception_tui.services.desk import DeskService, open_new_session
from reception_tui.storage import DataFolder, SessionStore, StoreWriteError, atomic, durable, journal
from tests.conftest import REPO_ROOT

JOURNAL, FOLDED = "session.journal", "session.journal.prev"


def _open(folder: DataFolder, config: SiteConfig) -> SessionStore:
    return open_new_session(folder, config, day=date(2026, 11, 20), deputies=["周建国"], liaison_officer="李婷",
                            operator="李婷")  # fmt: skip


def _register(store: SessionStore, config: SiteConfig, *names: str) -> None:
    desk = DeskService(store, config, operator="李婷")
    for name in names:
        desk.register_visitor(VisitorInput(name=name, phone="13800138000"))


def _names(folder: Path) -> list[str]:
    with SessionStore(folder) as store:
        return [v.name for v in store.visitors()]


def _power_cut_copy(store: SessionStore, target: Path) -> Path:
    """The folder as a power cut would leave it now (the store still open, its journal not folded)."""
    target.mkdir(mode=0o700)
    for path in store.folder.iterdir():
        if path.name not in {".lock", ".owner"}:
            shutil.copy2(path, target / path.name)
    return target


def _entries(raw: bytes) -> list[bytes]:
    return [line + b"\n" for line in raw.split(b"\n")[:-1]]


def test_commits_go_to_the_journal_and_are_replayed_at_open(
    data_folder: DataFolder, config: SiteConfig, tmp_path: Path
) -> None:
    with _open(data_folder, config) as store:
        snapshot = store.path.read_bytes()
        _register(store, config, "甲", "乙", "丙")
        assert store.path.read_bytes() == snapshot, "a commit rewrote the snapshot"
        assert len(_entries((store.folder / JOURNAL).read_bytes())) == 4  # meta, then one per visitor
        crashed = _power_cut_copy(store, tmp_path / "crashed")
    assert _names(crashed) == ["甲", "乙", "丙"]
    assert [v.queue_number for v in DataFolder(tmp_path).read(crashed).visitors] == [1, 2, 3]


def test_the_journal_is_folded_on_close(data_folder: DataFolder, config: SiteConfig) -> None:
    with _open(data_folder, config) as store:
        _register(store, config, "甲", "乙")
        folder = store.folder
    assert not (folder / JOURNAL).exists()
    assert "乙".encode() in (folder / "session.json").read_bytes()
    assert "乙".encode() in (folder / FOLDED).read_bytes()  # kept with the previous generation
    assert _names(folder) == ["甲", "乙"]


def test_the_journal_is_folded_when_it_grows(
    data_folder: DataFolder, config: SiteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(durable, "FOLD_MIN_BYTES", 4000)
    monkeypatch.setattr(durable, "FOLD_RATIO", 0.0)
    with _open(data_folder, config) as store:
        folder = store.folder
        for number in range(8):
            _register(store, config, f"来访人{number}")
            assert (folder / JOURNAL).stat().st_size < 4000 if (folder / JOURNAL).exists() else True
        assert "来访人7".encode() in store.path.read_bytes() or (folder / JOURNAL).exists()
        assert "来访人0".encode() in store.path.read_bytes()
    assert len(_names(folder)) == 8


def test_files_of_the_journal_are_private(data_folder: DataFolder, config: SiteConfig) -> None:
    with _open(data_folder, config) as store:
        _register(store, config, "甲")
        folder = store.folder
        assert stat.S_IMODE((folder / JOURNAL).stat().st_mode) == 0o600
    with SessionStore(folder) as store:
        _register(store, config, "乙")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    names = {p.name for p in folder.iterdir()}
    assert {"session.json", "session.json.prev", FOLDED} <= names
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_readers_without_the_lock_see_journaled_commits(data_folder: DataFolder, config: SiteConfig) -> None:
    with _open(data_folder, config) as store:
        _register(store, config, "甲", "乙")
        assert (store.folder / JOURNAL).exists()
        assert [v.name for v in data_folder.read(store.folder).visitors] == ["甲", "乙"]
        (summary,) = data_folder.list_sessions()
        assert summary.visitors == 2
        assert [s.session.id for s in data_folder.snapshots()] == [store.session().id]


def test_a_torn_last_entry_is_ignored_at_every_byte(
    data_folder: DataFolder, config: SiteConfig, tmp_path: Path
) -> None:
    with _open(data_folder, config) as store:
        _register(store, config, "甲", "乙")
        crashed = _power_cut_copy(store, tmp_path / "crashed")
    raw = (crashed / JOURNAL).read_bytes()
    last = _entries(raw)[-1]
    good = len(raw) - len(last)
    for cut in range(len(last)):
        (crashed / JOURNAL).write_bytes(raw[: good + cut])
        assert [v.name for v in DataFolder(tmp_path).read(crashed).visitors] == ["甲"], cut
    # opening, appending after the cut and reopening, at a spread of those offsets
    for cut in sorted({0, 1, 16, 17, 18, len(last) - 2, len(last) - 1, *range(0, len(last), 97)}):
        copy = tmp_path / f"cut-{cut}"
        shutil.copytree(crashed, copy)
        (copy / JOURNAL).write_bytes(raw[: good + cut])
        with SessionStore(copy) as store:
            assert [v.name for v in store.visitors()] == ["甲"]
            _register(store, config, "丙")
            assert (copy / JOURNAL).read_bytes().startswith(raw[:good]) and not list(copy.glob("*.damaged-*"))
        assert _names(copy) == ["甲", "丙"]
        shutil.rmtree(copy)


def test_zeros_where_the_last_entry_should_be_are_ignored(
    data_folder: DataFolder, config: SiteConfig, tmp_path: Path
) -> None:
    """A file system may grow the file before the data reaches it."""
    with _open(data_folder, config) as store:
        _register(store, config, "甲", "乙")
        crashed = _power_cut_copy(store, tmp_path / "crashed")
    raw = (crashed / JOURNAL).read_bytes()
    last = _entries(raw)[-1]
    (crashed / JOURNAL).write_bytes(raw[: len(raw) - len(last)] + b"\0" * len(last))
    assert _names(crashed) == ["甲"]


def test_a_bad_checksum_in_the_middle_keeps_a_copy_and_opens_with_the_entries_before_it(
    data_folder: DataFolder, config: SiteConfig, tmp_path: Path
) -> None:
    with _open(data_folder, config) as store:
        _register(store, config, "甲", "乙", "丙")
        crashed = _power_cut_copy(store, tmp_path / "crashed")
    raw = (crashed / JOURNAL).read_bytes()
    entries = _entries(raw)
    at = len(entries[0]) + len(entries[1]) + len(entries[2]) - 10  # inside 乙's entry
    damaged = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]
    (crashed / JOURNAL).write_bytes(damaged)
    assert [v.name for v in DataFolder(tmp_path).read(crashed).visitors] == ["甲"]
    with SessionStore(crashed) as store:
        assert [v.name for v in store.visitors()] == ["甲"]
        (copy,) = crashed.glob(f"{JOURNAL}.damaged-*")
        assert copy.read_bytes() == damaged
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        _register(store, config, "丁")
    assert _names(crashed) == ["甲", "丁"]


def test_a_journal_left_by_a_crash_during_a_fold_is_not_replayed_twice(
    data_folder: DataFolder, config: SiteConfig, tmp_path: Path
) -> None:
    with _open(data_folder, config) as store:
        _register(store, config, "甲", "乙")
        folder = store.folder
        before_fold = (folder / JOURNAL).read_bytes()
    # the power went after the new snapshot's rename, before the journal was moved aside
    (folder / JOURNAL).write_bytes(before_fold)
    assert [v.name for v in DataFolder(tmp_path).read(folder).visitors] == ["甲", "乙"]
    with SessionStore(folder) as store:
        assert [(v.queue_number, v.name) for v in store.visitors()] == [(1, "甲"), (2, "乙")]
        assert not (folder / JOURNAL).exists() and (folder / FOLDED).read_bytes() == before_fold
        _register(store, config, "丙")
    assert _names(folder) == ["甲", "乙", "丙"]
    assert not list(folder.glob("*.damaged-*"))


def test_a_journal_of_another_generation_is_set_aside(
    data_folder: DataFolder, config: SiteConfig, tmp_path: Path
) -> None:
    with _open(data_folder, config) as store:
        _register(store, config, "甲")
        folder = store.folder
        stranger = (folder / JOURNAL).read_bytes()
    with SessionStore(folder) as store:
        _register(store, config, "乙")
    (folder / JOURNAL).write_bytes(stranger)  # neither this snapshot's nor the one folded into it
    assert [v.name for v in DataFolder(tmp_path).read(folder).visitors] == ["甲", "乙"]
    assert _names(folder) == ["甲", "乙"]
    (aside,) = folder.glob(f"{JOURNAL}.damaged-*")
    assert aside.read_bytes() == stranger and not (folder / JOURNAL).exists()


def test_a_legacy_file_without_a_generation_opens_and_gets_one(
    data_folder: DataFolder, config: SiteConfig
) -> None:
    import json

    with _open(data_folder, config) as store:
        _register(store, config, "甲")
        folder = store.folder
    live = folder / "session.json"
    legacy = json.loads(live.read_bytes())
    del legacy["generation"]
    live.write_text(json.dumps(legacy, ensure_ascii=False), encoding="utf-8")
    (folder / FOLDED).unlink()
    with SessionStore(folder) as store:
        _register(store, config, "乙", "丙")
        assert (folder / JOURNAL).exists()
    assert json.loads(live.read_bytes())["generation"]["1"]["id"]
    assert _names(folder) == ["甲", "乙", "丙"]


def test_recovery_rebuilds_the_damaged_snapshot_with_both_journals(
    data_folder: DataFolder, config: SiteConfig, tmp_path: Path
) -> None:
    from reception_tui.storage import CorruptStoreError, recover_previous

    with _open(data_folder, config) as store:
        _register(store, config, "甲", "乙")
    with SessionStore(store.folder) as store:
        _register(store, config, "丙")
        crashed = _power_cut_copy(store, tmp_path / "crashed")
    (crashed / "session.json").write_bytes(b'{"visitors": ')
    with pytest.raises(CorruptStoreError):
        SessionStore(crashed)
    assert recover_previous(crashed)
    assert not (crashed / JOURNAL).exists()
    assert _names(crashed) == ["甲", "乙", "丙"]


# -- faults at every call -----------------------------------------------------------------------

CALLS = ("write", "writev", "fsync", "fdatasync", "ftruncate", "link", "replace")


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_an_error_at_any_call_of_appends_and_folds_never_half_commits(
    data_folder: DataFolder, config: SiteConfig, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """ENOSPC/EIO at the n-th file-system call, for every n: a commit either raises StoreWriteError and
    changes nothing (in memory, on disk, for readers) or succeeds and survives reopening."""
    monkeypatch.setattr(durable, "FOLD_MIN_BYTES", 2500)
    monkeypatch.setattr(durable, "FOLD_RATIO", 0.0)
    fail_at = 1
    while True:
        root = data_folder.root / f"run-{fail_at}"
        folder = DataFolder(root).ensure()
        store = _open(folder, config)
        calls = 0
        real = {name: getattr(os, name) for name in CALLS}

        def failing(name: str):  # type: ignore[no-untyped-def]
            def call(*args, **kwargs):  # type: ignore[no-untyped-def]
                nonlocal calls
                calls += 1
                if calls == fail_at:
                    if name in {"write", "writev"}:
                        real["write"](args[0], b"\0partial")
                    raise OSError(code, os.strerror(code))
                return real[name](*args, **kwargs)

            return call

        with monkeypatch.context() as patch:
            for name in CALLS:
                patch.setattr(atomic.os, name, failing(name))
            committed, failures = [], 0
            for number in range(6):
                name = f"来访人{number}"
                try:
                    _register(store, config, name)
                except StoreWriteError:
                    failures += 1
                else:
                    committed.append(name)
                assert [v.name for v in store.visitors()] == committed
                assert [v.name for v in folder.read(store.folder).visitors] == committed
            store.close()
        (session_folder,) = folder.session_folders()
        assert [v.name for v in folder.read(session_folder).visitors] == committed
        assert _names(session_folder) == committed
        queue = [v.queue_number for v in folder.read(session_folder).visitors]
        assert queue == list(range(1, len(queue) + 1))
        if calls < fail_at:
            break  # the error was never reached: every call has had its turn
        assert failures <= 1
        fail_at += 1
    assert fail_at > 20


def test_a_reader_racing_folds_never_goes_back(tmp_path: Path) -> None:
    """A writer folding after every commit; a reader without the lock sees the count only grow."""
    writer = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_writer.py")), str(tmp_path), "400", "0", "1"],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )  # fmt: skip
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    folder = DataFolder(tmp_path)
    (session_folder,) = folder.session_folders()
    seen, reads = 0, 0
    while writer.poll() is None:
        visitors = folder.read(session_folder).visitors
        assert len(visitors) >= seen, "a read went back in time"
        assert [v.queue_number for v in visitors] == list(range(1, len(visitors) + 1))
        seen, reads = len(visitors), reads + 1
    writer.communicate(timeout=60)
    assert writer.returncode == 0 and reads > 10
    assert len(folder.read(session_folder).visitors) == 400


def test_entries_are_checked_line_by_line() -> None:
    entry = journal.encode_entry("g1", 1, (None, 0), [["visitors", "1", {"name": "甲"}]])
    second = journal.encode_entry("g1", 2, (None, 0), [["visitors", "2", {"name": "乙"}]])
    assert entry.endswith(b"\n") and entry.count(b"\n") == 1
    assert journal.scan(entry + second, "g1").sequence == 2
    assert journal.scan(second + entry, "g1").sequence == 0  # out of order
    assert journal.scan(entry + entry, "g1").sequence == 1  # a repeated sequence number
    assert journal.scan(entry + second, "g2").stale
    found = journal.scan(entry + second[:-1], "g1")
    assert (found.sequence, found.end, found.damaged) == (1, len(entry), False)
    bad = entry[:20] + b"X" + entry[21:]
    found = journal.scan(bad + second, "g1")
    assert found.sequence == 0 and found.damaged


def test_forgetting_earlier_copies_leaves_no_journal_holding_personal_data(
    data_folder: DataFolder, config: SiteConfig, tmp_path: Path
) -> None:
    """What the purge relies on: after it, no byte of any file in the folder holds a name or phone."""
    from reception_tui.domain.models import revise

    with _open(data_folder, config) as store:
        _register(store, config, "欧阳娜娜")
        folder = store.folder
    with SessionStore(folder) as store:
        DeskService(store, config, operator="李婷").register_visitor(VisitorInput(name="司马光", phone="13912345678"))
        (folder / f"{JOURNAL}.damaged-20261120-170000").write_bytes((folder / JOURNAL).read_bytes())
        values = ["欧阳娜娜", "司马光", "13912345678", "13800138000"]
        assert all(any(v.encode() in p.read_bytes() for p in folder.iterdir() if p.is_file()) for v in values)
        blanked = [revise(v, operator="李婷", now=v.updated_at, name="", phone="") for v in store.visitors()]
        store.commit(blanked)
        removed = store.forget_earlier_copies()
        assert {p.name for p in removed} >= {FOLDED, f"{JOURNAL}.damaged-20261120-170000"}
        names = sorted(p.name for p in folder.iterdir())
        assert names == [".lock", ".owner", "session.json", "session.json.prev"]
        for path in folder.iterdir():
            data = path.read_bytes()
            assert not any(v.encode() in data for v in values), path
        _register(store, config, "新来的")  # the store carries on with a fresh journal
    assert _names(folder) == ["", "", "新来的"]


def test_recovery_when_the_damaged_snapshots_fold_was_cut_off_before_its_journal_moved(
    data_folder: DataFolder, config: SiteConfig
) -> None:
    from reception_tui.storage import CorruptStoreError, recover_previous

    with _open(data_folder, config) as store:
        _register(store, config, "甲", "乙")
        folder = store.folder
        unfolded = (folder / JOURNAL).read_bytes()
    # the power went after the fold's rename, then the new snapshot was damaged on disk
    (folder / JOURNAL).write_bytes(unfolded)
    (folder / FOLDED).unlink()
    (folder / "session.json").write_bytes(b"\0" * 100)
    with pytest.raises(CorruptStoreError):
        SessionStore(folder)
    assert recover_previous(folder)
    assert _names(folder) == ["甲", "乙"]


def test_a_journal_cut_by_something_else_is_never_grown_with_zeros(
    data_folder: DataFolder, config: SiteConfig
) -> None:
    """The commit that finds its journal shorter than the entries written fails, and the next one writes
    the whole state as a snapshot: nothing that was committed is hidden behind zeros."""
    with _open(data_folder, config) as store:
        _register(store, config, "甲", "乙")
        store._storage._journal.close()  # type: ignore[union-attr]
        journal_file = store.folder / JOURNAL
        journal_file.write_bytes(journal_file.read_bytes()[:10])
        with pytest.raises(StoreWriteError):
            _register(store, config, "丙")
        _register(store, config, "丁")
        assert [v.name for v in data_folder.read(store.folder).visitors] == ["甲", "乙", "丁"]
        folder = store.folder
    assert _names(folder) == ["甲", "乙", "丁"]


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="no O_NOFOLLOW on this system")
def test_a_link_in_the_journal_s_place_is_refused_not_followed(
    data_folder: DataFolder, config: SiteConfig, tmp_path: Path
) -> None:
    """Entries hold personal data: a session.journal that is a link to a file elsewhere is never
    appended to; the commit fails with a store error, the target stays as it was, nothing is lost."""
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not yours\n")
    with _open(data_folder, config) as store:
        _register(store, config, "甲")
        folder = store.folder
    (folder / JOURNAL).unlink(missing_ok=True)
    (folder / JOURNAL).symlink_to(outside)
    with SessionStore(folder) as store, pytest.raises(StoreWriteError):
        _register(store, config, "乙")
    assert outside.read_bytes() == b"not yours\n"
    assert _names(folder) == ["甲"]
