"""Time to commit one visitor change in sessions of 10, 200 and 2,000 visitors, next to sqlite3; and
time to open a 2,000-visitor session whose journal is just under the fold threshold.

The baseline is sqlite3 in WAL mode with synchronous=FULL doing the equivalent durable write (an
UPDATE of one visitor row in a table of the same size) in the same process and folder, so the
ratio stays meaningful on a noisy machine. "bare" is the whole-file durable write (write_atomic) of
the same session's bytes, which is what every commit cost before the journal and what a fold costs.
Run: python benchmarks/bench_store.py [--rounds N] [--open-rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reception_tui.config import load_config, sample_config_path
from reception_tui.domain.codec import to_dict
from reception_tui.domain.models import Visitor, revise
from reception_tui.services.demo import make_demo_session
from reception_tui.services.desk import audit_event
from reception_tui.storage import DataFolder, SessionStore
from reception_tui.storage.atomic import write_atomic
from reception_tui.storage.durable import DurableJSONStorage


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _change(store: SessionStore, visitors: list[Visitor], index: int) -> tuple[Visitor, object]:
    current = store.get(Visitor, visitors[index % len(visitors)].id)
    changed = revise(current, operator="bench", now=current.updated_at, co_visitors=(current.co_visitors + 1) % 5)
    return changed, audit_event(current.session_id, current.updated_at, "bench", "updated", changed, ("co_visitors",))


def _sqlite(folder: Path, visitors: list[Visitor]) -> sqlite3.Connection:
    db = sqlite3.connect(folder / "bench.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE visitors (id TEXT PRIMARY KEY, revision INTEGER, doc TEXT)")
    db.execute("CREATE TABLE audit (id TEXT PRIMARY KEY, doc TEXT)")
    db.executemany(
        "INSERT INTO visitors VALUES (?, ?, ?)",
        [(v.id, v.revision, json.dumps(to_dict(v), ensure_ascii=False)) for v in visitors],
    )
    return db


def bench_commits(store: SessionStore, folder: Path, rounds: int) -> tuple[list[float], list[float], int, int]:
    """One visitor change committed by the store and the same change committed by sqlite3, alternately
    (so a change in the machine's load hits both alike); returns both samples, how many of ours folded
    the journal into a new snapshot, and the largest journal entry in bytes."""
    visitors = store.visitors()
    storage = _storage(store)
    db = _sqlite(folder, visitors)
    ours, theirs, folds, entry = [], [], 0, 0
    for index in range(rounds):
        changed, event = _change(store, visitors, index)
        generation, end = storage._generation, storage._journal.end
        start = time.perf_counter()
        store.commit([changed], [event])  # type: ignore[list-item]
        ours.append(time.perf_counter() - start)
        folds += storage._generation != generation
        entry = max(entry, storage._journal.end - end)

        visitor = visitors[index % len(visitors)]
        doc = json.dumps({**to_dict(visitor), "co_visitors": index % 5}, ensure_ascii=False)
        sql_event = audit_event(visitor.session_id, visitor.updated_at, "bench", "updated", visitor, ("co_visitors",))
        event_doc = json.dumps(to_dict(sql_event), ensure_ascii=False)
        start = time.perf_counter()
        db.execute("BEGIN")
        db.execute("UPDATE visitors SET revision = revision + 1, doc = ? WHERE id = ?", (doc, visitor.id))
        db.execute("INSERT INTO audit VALUES (?, ?)", (sql_event.id, event_doc))
        db.execute("COMMIT")
        theirs.append(time.perf_counter() - start)
    db.close()
    return ours, theirs, folds, entry


def bench_fold(store: SessionStore, rounds: int) -> list[float]:
    """A fold of the journal into a new snapshot (what the commit that crosses the threshold also pays)."""
    storage = _storage(store)
    visitors = store.visitors()
    samples = []
    for index in range(rounds):
        changed, event = _change(store, visitors, index)
        store.commit([changed], [event])  # type: ignore[list-item]
        start = time.perf_counter()
        storage.fold()
        samples.append(time.perf_counter() - start)
    return samples


def _storage(store: SessionStore) -> DurableJSONStorage:
    storage = store._storage
    assert storage is not None
    return storage


def fill_journal(store: SessionStore) -> int:
    """Commit visitor changes until the journal is one entry short of the fold threshold; returns how many."""
    storage = _storage(store)
    visitors = store.visitors()
    count = entry = 0
    while storage._journal.end + 2 * entry < storage._fold_at:
        changed, event = _change(store, visitors, count)
        before = storage._journal.end
        store.commit([changed], [event])  # type: ignore[list-item]
        entry = max(entry, storage._journal.end - before)
        count += 1
    return count


OPEN = """
import gc, sys, time
from pathlib import Path
from reception_tui.storage import DataFolder, SessionStore
folder = Path(sys.argv[1])
gc.collect()
start = time.perf_counter()
store = SessionStore(folder)
opened = time.perf_counter() - start
gc.collect()
start = time.perf_counter()
DataFolder(folder.parent).read(folder)
read = time.perf_counter() - start
print(opened, read)
"""


def _child_env() -> dict[str, str]:
    """The environment of the measured processes: this repository first, and compiled modules cached
    (``.pyc``) as in an installed app (pip compiles them at install), even where the shell sets
    PYTHONDONTWRITEBYTECODE, which made every process compile the decoders from source (11 ms here)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def bench_open(session_folder: Path, work: Path, rounds: int) -> tuple[list[float], list[float]]:
    """Opening (lock, parse, replay, decode every record) a copy of the folder as a power cut leaves it,
    and reading it without the lock (what listings and exports do) after that, each in a new process as
    the app does (imports not counted; the open pays the first use of the codec, the read does not).
    One unmeasured process first writes the compiled modules, as an install would have."""
    subprocess.run([sys.executable, "-c", "import reception_tui.domain.decoders, reception_tui.storage"],
                   check=True, env=_child_env())  # fmt: skip
    opens, reads = [], []
    for index in range(rounds):
        copy = work / f"open-{index}"
        shutil.copytree(session_folder, copy, ignore=shutil.ignore_patterns(".lock", ".owner"))
        result = subprocess.run(
            [sys.executable, "-c", OPEN, str(copy)], capture_output=True, text=True, check=True, env=_child_env(),
        )  # fmt: skip
        opened, read = map(float, result.stdout.split())
        opens.append(opened)
        reads.append(read)
        shutil.rmtree(copy)
    return opens, reads


def bench_bare_write(folder: Path, payload: bytes, rounds: int) -> list[float]:
    """The durable-write rule alone on the same bytes: the floor under any design that follows it."""
    target = folder / "bare.json"
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        write_atomic(target, payload, keep_previous=folder / "bare.json.prev")
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--open-rounds", type=int, default=7)
    args = parser.parse_args()
    config = load_config(sample_config_path())
    header = ("visitors", "issues", "file KB", "ours ms", "p95 ms", "sqlite ms", "ratio", "fold ms", "per fold")
    header += ("+us/commit", "bare ms", "demo s")
    print(" ".join(f"{name:>10}" for name in header))
    opened: list[str] = []
    for size in (10, 200, 2000):
        with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
            root = Path(tmp)
            folder = DataFolder(root / "data")
            started = time.perf_counter()
            make_demo_session(folder, config, visitors=size, seed=size, day=date(2026, 11, 20))
            demo_seconds = time.perf_counter() - started
            (session_folder,) = folder.session_folders()
            with SessionStore(session_folder) as store:
                issues = len(store.issues())
                ours, theirs, folds, entry = bench_commits(store, root, args.rounds)
                fold_ms = _median_ms(bench_fold(store, max(5, args.rounds // 20)))
                per_fold = _storage(store)._fold_at // entry
            bare = _median_ms(bench_bare_write(root, (session_folder / "session.json").read_bytes(), args.rounds))
            size_kb = (session_folder / "session.json").stat().st_size / 1024
            ours_ms, theirs_ms = _median_ms(ours), _median_ms(theirs)
            p95 = sorted(ours)[int(len(ours) * 0.95) - 1] * 1000
            row = (size, issues, f"{size_kb:.0f}", f"{ours_ms:.2f}", f"{p95:.2f}", f"{theirs_ms:.2f}",
                   f"{ours_ms / theirs_ms:.2f}x", f"{fold_ms:.1f}", per_fold, f"{fold_ms * 1000 / per_fold:.1f}",
                   f"{bare:.2f}", f"{demo_seconds:.1f}")  # fmt: skip
            print(" ".join(f"{value:>10}" for value in row), flush=True)
            assert folds == 0 or args.rounds > per_fold
            if size == 2000:
                no_journal, no_journal_reads = bench_open(session_folder, root, args.open_rounds)
                crashed = root / "long-journal"
                with SessionStore(session_folder) as store:
                    entries = fill_journal(store)
                    journal_kb = _storage(store)._journal.end / 1024
                    threshold_kb = _storage(store)._fold_at / 1024
                    # the folder as a power cut leaves it: the journal not folded
                    shutil.copytree(session_folder, crashed, ignore=shutil.ignore_patterns(".lock", ".owner"))
                long_opens, long_reads = bench_open(crashed, root, args.open_rounds)
                opened = [
                    f"open 2,000 visitors, no journal: {_median_ms(no_journal):.0f} ms median, "
                    f"{min(no_journal) * 1000:.0f}-{max(no_journal) * 1000:.0f} ms "
                    f"(read without the lock {_median_ms(no_journal_reads):.0f} ms)",
                    f"open 2,000 visitors, journal of {entries} entries, {journal_kb:.0f} KB "
                    f"(fold threshold {threshold_kb:.0f} KB): {_median_ms(long_opens):.0f} ms median, "
                    f"{min(long_opens) * 1000:.0f}-{max(long_opens) * 1000:.0f} ms "
                    f"(read without the lock {_median_ms(long_reads):.0f} ms)",
                ]
    for line in opened:
        print(line)


if __name__ == "__main__":
    main()
