"""A writer process for crash tests: commits visitors one by one and reports each acknowledged commit.

Usage: python crash_writer.py DATA_DIR COUNT [KILL_AT_CALL] [FOLD_BYTES]

With KILL_AT_CALL, the process SIGKILLs itself at that file-system call (write, writev, fsync, fdatasync,
ftruncate, link, replace, unlink) inside the store's journal append and snapshot fold, to cut power at
every step of a commit. With FOLD_BYTES, the journal is folded into a new snapshot as soon as it holds
that many bytes (1: after every commit), so the kills land in folds too.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import date
from pathlib import Path

from reception_tui.config import load_config, sample_config_path
from reception_tui.domain.intake import VisitorInput
from reception_tui.services.desk import DeskService, open_new_session
from reception_tui.storage import DataFolder, atomic, durable, journal

CALLS = {"write", "writev", "fsync", "fdatasync", "ftruncate", "link", "replace", "unlink"}


def _arm(kill_at: int) -> None:
    calls = 0

    def wrap(name: str):  # type: ignore[no-untyped-def]
        real = getattr(os, name)

        def inner(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            if calls == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return inner

    class PatchedOs:
        def __getattr__(self, item: str):  # type: ignore[no-untyped-def]
            if item in CALLS:
                return wrap(item)
            return getattr(os, item)

    atomic.os = PatchedOs()  # type: ignore[assignment]
    journal.os = PatchedOs()  # type: ignore[assignment]


def main() -> None:
    root, count = Path(sys.argv[1]), int(sys.argv[2])
    if len(sys.argv) > 4:
        durable.FOLD_MIN_BYTES, durable.FOLD_RATIO = int(sys.argv[4]), 0.0
    config = load_config(sample_config_path())
    folder = DataFolder(root).ensure()
    existing = folder.session_folders()
    if existing:
        store = folder.open_session(folder.read(existing[0]).session.id)
    else:
        store = open_new_session(folder, config, day=date(2026, 11, 20), deputies=["周建国", "林晓梅"],
                                 liaison_officer="李婷", operator="李婷")  # fmt: skip
    print("ready", flush=True)
    if len(sys.argv) > 3 and int(sys.argv[3]):
        _arm(int(sys.argv[3]))
    desk = DeskService(store, config, operator="李婷")
    start = len(store.visitors())
    for number in range(start, start + count):
        saved = desk.register_visitor(VisitorInput(name=f"来访人{number}", phone=f"138{number:08d}"))
        print(f"committed {saved.record.id} {number}", flush=True)
    store.close()


if __name__ == "__main__":
    main()
