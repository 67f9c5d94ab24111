"""Power cuts: SIGKILL a writing process at random moments and at every step of a journal append and
of a fold into a new snapshot.

After every kill the session must read (without the lock) and open, and every commit the writer
acknowledged must be there.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reception_tui.storage import DataFolder, SessionStore
from tests.conftest import REPO_ROOT

WRITER = Path(__file__).with_name("crash_writer.py")


def _start(root: Path, count: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(root), str(count), *extra],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )


def _acknowledged(output: str) -> list[str]:
    return [line.split()[1] for line in output.splitlines() if line.startswith("committed ")]


def _check(root: Path, acknowledged: set[str]) -> int:
    folder = DataFolder(root)
    (session_folder,) = folder.session_folders()
    read = {v.id for v in folder.read(session_folder).visitors}
    assert acknowledged <= read, "a reader without the lock missed an acknowledged commit"
    with SessionStore(session_folder) as store:
        ids = {v.id for v in store.visitors()}
        queue = sorted(v.queue_number for v in store.visitors())
    assert acknowledged <= ids, "an acknowledged commit was lost"
    assert queue == list(range(1, len(queue) + 1)), "queue numbers doubled or skipped"
    return len(ids)


@pytest.mark.parametrize("fold_bytes", ["", "3000"], ids=["appends", "folds-every-few-commits"])
def test_random_sigkill_never_loses_a_commit(tmp_path: Path, fold_bytes: str) -> None:
    rng = random.Random(20261129)
    acknowledged: set[str] = set()
    for _round in range(15):
        process = _start(tmp_path, 10_000, *(["0", fold_bytes] if fold_bytes else []))
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        # the kill lands among commits, not during start-up, however loaded the machine is
        first = process.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.25))
        process.send_signal(signal.SIGKILL)
        output, _ = process.communicate(timeout=30)
        assert process.returncode == -signal.SIGKILL
        acknowledged.update(_acknowledged(first + output))
        _check(tmp_path, acknowledged)
    assert len(acknowledged) >= 15


STEPS = [("append", kill_at) for kill_at in range(1, 15)] + [("fold", kill_at) for kill_at in range(1, 34)]
"""Three commits appended then folded at close take 14 calls; folded after each commit, 33."""


@pytest.mark.parametrize(("path", "kill_at"), STEPS, ids=[f"{path}-{kill_at}" for path, kill_at in STEPS])
def test_sigkill_at_every_step_of_a_commit(tmp_path: Path, path: str, kill_at: int) -> None:
    process = _start(tmp_path, 3, str(kill_at), *(["1"] if path == "fold" else []))
    output, errors = process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL, errors
    acknowledged = set(_acknowledged(output))
    stored = _check(tmp_path, acknowledged)
    # the commit being written when the power went is either wholly there or wholly absent
    assert stored in (len(acknowledged), len(acknowledged) + 1)
    # and the app carries on afterwards
    process = _start(tmp_path, 2)
    output, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    assert _check(tmp_path, acknowledged | set(_acknowledged(output))) == stored + 2


def test_killing_reception_demo_never_leaves_a_broken_session(tmp_path: Path) -> None:
    rng = random.Random(7)
    for _round in range(4):
        process = subprocess.Popen(
            [sys.executable, "-m", "reception_tui", "demo", "--visitors", "400", "--data-dir", str(tmp_path)],
            cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )  # fmt: skip
        # a loaded machine can take longer than the random delay just to start Python: kill it
        # only once the demo is writing its session, so each round kills a write, not a start-up
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob("sessions/*/session.json")) and time.monotonic() < deadline:
            if process.poll() is not None:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 1.0))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    folder = DataFolder(tmp_path)
    summaries = folder.list_sessions()
    assert summaries and all(s.state != "damaged" for s in summaries)
    for session_folder in folder.session_folders():
        with SessionStore(session_folder) as store:
            store.session()
            queue = [v.queue_number for v in store.visitors()]
            assert queue == list(range(1, len(queue) + 1))
