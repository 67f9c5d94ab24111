"""The session store: commits, revisions, locking, permissions, damaged files and I/O errors."""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from reception_tui.domain.intake import VisitorInput
from reception_tui.domain.models import Visitor, revise
from reception_tui.domain.site import SiteConfig
from reception_tui.services.desk import DeskService, open_new_session
from reception_tui.storage import (
    CorruptStoreError,
    DataFolder,
    RevisionConflict,
    SessionLockedError,
    SessionStore,
    StoreWriteError,
    atomic,
    recover_previous,
)
from reception_tui.storage.durable import written_intact
from reception_tui.storage.session_store import read_snapshot_file
from tests.conftest import REPO_ROOT


def _open(folder: DataFolder, config: SiteConfig) -> SessionStore:
    return open_new_session(folder, config, day=date(2026, 11, 20), deputies=["周建国"], liaison_officer="李婷",
                            operator="李婷")  # fmt: skip


def _one_visitor(folder: DataFolder, config: SiteConfig) -> Path:
    """A closed session holding one visitor (甲); returns its folder."""
    with _open(folder, config) as store:
        DeskService(store, config, operator="李婷").register_visitor(VisitorInput(name="甲"))
        return store.folder


def test_commit_and_read_back_utf8(data_folder: DataFolder, config: SiteConfig) -> None:
    with _open(data_folder, config) as store:
        desk = DeskService(store, config, operator="李婷")
        saved = desk.register_visitor(VisitorInput(name="[b]张三[/b]", phone="１３８００１３８０００"))
        path = store.path
    raw = path.read_bytes()
    assert "[b]张三[/b]".encode() in raw
    snapshot = data_folder.read(path.parent)
    assert snapshot.visitors[0] == saved.record
    assert snapshot.visitors[0].phone == "13800138000"
    assert [e.action for e in snapshot.audit] == ["created", "created"]
    assert all("张三" not in json.dumps(e.fields, ensure_ascii=False) for e in snapshot.audit)


def test_files_are_private(data_folder: DataFolder, config: SiteConfig) -> None:
    with _open(data_folder, config) as store:
        DeskService(store, config, operator="李婷").register_visitor(VisitorInput(name="李四"))
        folder = store.folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(data_folder.root.stat().st_mode) == 0o700
    for path in folder.glob("session.json*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_revisions_are_checked(data_folder: DataFolder, config: SiteConfig) -> None:
    with _open(data_folder, config) as store:
        visitor = DeskService(store, config, operator="李婷").register_visitor(VisitorInput(name="王五")).record
        assert isinstance(visitor, Visitor)
        newer = revise(visitor, operator="李婷", now=visitor.updated_at, name="王五六")
        store.commit([newer])
        with pytest.raises(RevisionConflict):
            store.commit([newer])
        with pytest.raises(RevisionConflict):
            store.commit([revise(newer, operator="x", now=newer.updated_at, id="unknown")])
        assert store.get(Visitor, visitor.id).name == "王五六"
        assert store.get(Visitor, visitor.id).revision == 2


def test_second_writer_gets_a_clear_message(data_folder: DataFolder, config: SiteConfig) -> None:
    with _open(data_folder, config) as store:
        session_id = store.session().id
        code = (
            "import sys\nfrom pathlib import Path\nfrom reception_tui.storage import DataFolder, SessionLockedError\n"
            f"try:\n    DataFolder(Path({str(data_folder.root)!r})).open_session({session_id!r})\n"
            "except SessionLockedError as e:\n    print(e); sys.exit(3)\n"
        )
        result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True)
        assert result.returncode == 3
        assert "already open" in result.stdout and f"pid {os.getpid()}" in result.stdout
        with pytest.raises(SessionLockedError):
            data_folder.open_session(session_id)
    data_folder.open_session(session_id).close()


def test_lock_and_owner_files_are_private(data_folder: DataFolder, config: SiteConfig) -> None:
    """The lock file is 0600 like every data file, also one left 0644 by an older version."""
    with _open(data_folder, config) as store:
        folder, session_id = store.folder, store.session().id
        assert (folder / ".lock").stat().st_mode & 0o777 == 0o600
        assert (folder / ".owner").stat().st_mode & 0o777 == 0o600
    (folder / ".lock").chmod(0o644)
    with data_folder.open_session(session_id) as store:
        assert (folder / ".lock").stat().st_mode & 0o777 == 0o600
        with pytest.raises(SessionLockedError) as caught:
            data_folder.open_session(session_id)
    assert caught.value.pid == os.getpid() and caught.value.host == socket.gethostname()
    assert f"already open by pid {os.getpid()} on {socket.gethostname()}" in str(caught.value)


def test_damaged_file_is_set_aside_and_previous_generation_offered(data_folder: DataFolder, config: SiteConfig) -> None:
    with _open(data_folder, config) as store:
        desk = DeskService(store, config, operator="李婷")
        desk.register_visitor(VisitorInput(name="甲"))
        desk.register_visitor(VisitorInput(name="乙"))
        folder, session_id = store.folder, store.session().id
    live = folder / "session.json"
    live.write_bytes(live.read_bytes()[:-40])
    damaged_bytes = live.read_bytes()
    listed = data_folder.list_sessions()
    assert [s.state for s in listed] == ["damaged"]
    with pytest.raises(CorruptStoreError) as caught:
        data_folder.open_session(session_id) if False else SessionStore(folder)
    error = caught.value
    assert error.set_aside is not None and error.set_aside.read_bytes() == damaged_bytes
    assert error.previous is not None
    assert not live.exists()
    assert recover_previous(folder)
    with SessionStore(folder) as store:
        # the previous generation and the journal folded into the damaged one: no commit lost
        assert [v.name for v in store.visitors()] == ["甲", "乙"]


def test_without_the_folded_journal_the_previous_generation_alone_is_restored(
    data_folder: DataFolder, config: SiteConfig
) -> None:
    with _open(data_folder, config) as store:
        folder = store.folder
    with SessionStore(folder) as store:
        DeskService(store, config, operator="李婷").register_visitor(VisitorInput(name="甲"))
    with SessionStore(folder) as store:
        DeskService(store, config, operator="李婷").register_visitor(VisitorInput(name="乙"))
    (folder / "session.journal.prev").unlink()
    (folder / "session.json").write_bytes(b"{broken")
    with pytest.raises(CorruptStoreError):
        SessionStore(folder)
    assert recover_previous(folder)
    with SessionStore(folder) as store:
        assert [v.name for v in store.visitors()] == ["甲"]


@pytest.mark.parametrize("failing", ["write", "fdatasync"])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_io_errors_of_a_journal_append_leave_the_old_state(
    data_folder: DataFolder, config: SiteConfig, monkeypatch: pytest.MonkeyPatch, failing: str, code: int
) -> None:
    with _open(data_folder, config) as store:
        desk = DeskService(store, config, operator="李婷")
        desk.register_visitor(VisitorInput(name="甲"))
        before = store.path.read_bytes()
        journal = store.folder / "session.journal"
        journal_before = journal.read_bytes()
        real = getattr(os, failing)

        def broken(fd: int, *args: object) -> object:
            if failing == "write":
                real(fd, b"\x00garbage")  # part of the entry reached the disk before the error
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(atomic.os, failing, broken)
        with pytest.raises(StoreWriteError) as caught:
            desk.register_visitor(VisitorInput(name="乙"))
        assert "nothing was changed" in str(caught.value) and "乙" not in str(caught.value)
        monkeypatch.setattr(atomic.os, failing, real)
        assert store.path.read_bytes() == before
        assert journal.read_bytes() == journal_before  # cut back to the last good entry
        assert [v.name for v in store.visitors()] == ["甲"]
        assert [v.name for v in data_folder.read(store.folder).visitors] == ["甲"]
        desk.register_visitor(VisitorInput(name="丙"))
        assert [(v.queue_number, v.name) for v in store.visitors()] == [(1, "甲"), (2, "丙")]
    assert [v.name for v in data_folder.read(store.folder).visitors] == ["甲", "丙"]


@pytest.mark.parametrize("failing", ["writev", "fsync", "link", "replace"])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_io_errors_of_a_snapshot_write_leave_the_old_state(
    data_folder: DataFolder, config: SiteConfig, monkeypatch: pytest.MonkeyPatch, failing: str, code: int
) -> None:
    """The first commit to a legacy file (no generation) writes a whole snapshot, as every commit did."""
    folder = _one_visitor(data_folder, config)
    live = folder / "session.json"
    legacy = json.loads(live.read_bytes())
    del legacy["generation"]
    live.write_text(json.dumps(legacy, ensure_ascii=False), encoding="utf-8")
    with SessionStore(folder) as store:
        desk = DeskService(store, config, operator="李婷")
        before = store.path.read_bytes()
        real = getattr(os, failing)

        def broken(*args: object, **kwargs: object) -> object:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(atomic.os, failing, broken)
        if failing == "link":
            # no hard links (FAT on a USB stick): the commit succeeds without a previous generation
            desk.register_visitor(VisitorInput(name="乙"))
            monkeypatch.setattr(atomic.os, failing, real)
            assert [v.name for v in store.visitors()] == ["甲", "乙"]
            return
        with pytest.raises(StoreWriteError) as caught:
            desk.register_visitor(VisitorInput(name="乙"))
        assert "nothing was changed" in str(caught.value) and "乙" not in str(caught.value)
        monkeypatch.setattr(atomic.os, failing, real)
        assert store.path.read_bytes() == before
        assert [v.name for v in store.visitors()] == ["甲"]
        assert not list(store.folder.glob(".*.tmp"))
        desk.register_visitor(VisitorInput(name="丙"))
        assert [(v.queue_number, v.name) for v in store.visitors()] == [(1, "甲"), (2, "丙")]
    assert [v.name for v in data_folder.read(store.folder).visitors] == ["甲", "丙"]


def test_listing_counts_sessions(data_folder: DataFolder, config: SiteConfig) -> None:
    with _open(data_folder, config) as store:
        desk = DeskService(store, config, operator="李婷")
        for name in ("甲", "乙", "丙"):
            desk.register_visitor(VisitorInput(name=name))
    (summary,) = data_folder.list_sessions()
    assert (summary.state, summary.visitors, summary.issues, summary.day) == ("open", 3, 0, date(2026, 11, 20))


def test_crash_writer_runs_clean(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("crash_writer.py")), str(tmp_path), "3"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("committed") == 3


def test_partial_gathered_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.writev

    def dribble(fd: int, buffers: list[memoryview]) -> int:
        return real(fd, [buffers[0][:3]])  # the kernel may write less than asked

    monkeypatch.setattr(atomic.os, "writev", dribble)
    chunks = [b"{", "\"名\":".encode(), b"", b"x" * 1000, b"}"]
    atomic.write_atomic(tmp_path / "f.json", chunks)
    assert (tmp_path / "f.json").read_bytes() == b"".join(chunks)


def test_the_collector_is_paused_while_a_session_loads_and_resumes_as_it_was(
    data_folder: DataFolder, config: SiteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from reception_tui.storage import durable

    seen: list[bool] = []
    decode = durable.parse_store_bytes

    def watching(raw: bytes, path: Path) -> object:
        seen.append(gc.isenabled())
        return decode(raw, path)

    with _open(data_folder, config) as store:
        folder = store.folder
    monkeypatch.setattr("reception_tui.storage.session_store.parse_store_bytes", watching)
    with SessionStore(folder):
        pass
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(ZeroDivisionError), durable.gc_paused():
            1 / 0
        assert not gc.isenabled(), "a caller that had it off keeps it off"
    finally:
        gc.enable()
    with pytest.raises(ZeroDivisionError), durable.gc_paused():
        1 / 0
    assert gc.isenabled()


def test_what_a_load_made_counts_as_old_and_no_collection_walks_it_at_once() -> None:
    """After the pause the youngest generation starts empty (the load's containers moved to the oldest
    without a pass over them); a cycle made during the load is still collected by a full collection;
    objects frozen by someone else stay frozen."""
    import gc

    from reception_tui.storage import durable

    class Node:
        pass

    passes: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        with durable.gc_paused():
            made = [{"n": [index]} for index in range(50_000)]
            cycle = Node()
            cycle.self = cycle  # type: ignore[attr-defined]
        assert gc.get_count()[0] < 50 and passes == []
        extra = [[index] for index in range(1_000)]  # the next allocations: at most a short young pass
        assert all(generation < 2 for generation in passes)
        del made, extra, cycle
        assert gc.collect() >= 1  # the cycle was still found
    finally:
        gc.callbacks.remove(count)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with durable.gc_paused():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def _with_checksum(body: bytes) -> bytes:
    """``body`` (a snapshot without its integrity table) ending with a correct one, as the store writes it."""
    import zlib

    return body[:-1] + b',"integrity":{"1":{"crc32":"%08x"}}}' % zlib.crc32(body[:-1])


def test_a_snapshot_ends_with_its_own_checksum(data_folder: DataFolder, config: SiteConfig) -> None:
    folder = _one_visitor(data_folder, config)
    live = folder / "session.json"
    raw = live.read_bytes()
    assert written_intact(raw)
    assert list(json.loads(raw))[-1] == "integrity"
    assert "integrity" not in read_snapshot_file(live)  # never a TinyDB table
    with SessionStore(folder) as store:
        DeskService(store, config, operator="李婷").register_visitor(VisitorInput(name="乙"))
    raw = live.read_bytes()
    assert written_intact(raw) and raw.count(b'"integrity"') == 1
    assert not written_intact(raw[:-1]) and not written_intact(raw + b"\n") and not written_intact(b"{}")
    assert written_intact(_with_checksum(b'{"generation":{}}')) and not written_intact(b'{"generation":{}}')


def test_an_audit_event_changed_on_the_disk_is_still_caught_at_open(
    data_folder: DataFolder, config: SiteConfig
) -> None:
    """The open skips decoding audit events only for a file whose checksum holds: a byte changed on
    the disk (here a month of 13, the checksum left as it was) is found, named and set aside as before."""
    folder = _one_visitor(data_folder, config)
    live = folder / "session.json"
    raw = live.read_bytes()
    start = raw.index(b'"audit')
    at = raw.index(b'"at":"', start) + len(b'"at":"YYYY-')
    damaged = raw[:at] + b"13" + raw[at + 2 :]
    assert len(damaged) == len(raw) and not written_intact(damaged)
    live.write_bytes(damaged)
    with pytest.raises(CorruptStoreError) as caught:
        SessionStore(folder)
    assert "AuditEvent.at" in str(caught.value)
    assert caught.value.previous is not None


def test_an_audit_event_the_checksum_vouches_for_is_decoded_where_it_is_read(
    data_folder: DataFolder, config: SiteConfig
) -> None:
    """A bad audit event under a correct checksum can only come from a faulty or newer writer: the
    desk still opens the day (it keeps no audit events), and a read for an export names the record."""
    folder = _one_visitor(data_folder, config)
    live = folder / "session.json"
    tables = json.loads(live.read_bytes())
    del tables["integrity"]
    audit = next(name for name in tables if name.startswith("audit"))
    next(iter(tables[audit].values()))["at"] = "2026-13-20T14:00:00+08:00"
    live.write_bytes(_with_checksum(json.dumps(tables, ensure_ascii=False).encode()))
    assert written_intact(live.read_bytes())
    with SessionStore(folder) as store:
        assert [v.name for v in store.visitors()] == ["甲"]
    with pytest.raises(CorruptStoreError) as caught:
        data_folder.read(folder)
    assert "AuditEvent.at" in str(caught.value)
