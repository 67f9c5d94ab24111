"""Time to commit one visitor change in sessions of 10, 200 and 2,000 visitors, next to sqlite3.

The baseline is sqlite3 in WAL mode with synchronous=FULL doing the equivalent durable write (an
UPDATE of one visitor row in a table of the same size) in the same process and folder, so the
ratio stays meaningful on a noisy machine. Run: python benchmarks/bench_store.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
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


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_ours(store: SessionStore, rounds: int) -> list[float]:
    visitors = store.visitors()
    samples = []
    for index in range(rounds):
        current = store.get(Visitor, visitors[index % len(visitors)].id)
        changed = revise(current, operator="bench", now=current.updated_at, co_visitors=(current.co_visitors + 1) % 5)
        event = audit_event(current.session_id, current.updated_at, "bench", "updated", changed, ("co_visitors",))
        start = time.perf_counter()
        store.commit([changed], [event])
        samples.append(time.perf_counter() - start)
    return samples


def bench_sqlite(folder: Path, visitors: list[Visitor], rounds: int) -> list[float]:
    db = sqlite3.connect(folder / "bench.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE visitors (id TEXT PRIMARY KEY, revision INTEGER, doc TEXT)")
    db.execute("CREATE TABLE audit (id TEXT PRIMARY KEY, doc TEXT)")
    db.executemany(
        "INSERT INTO visitors VALUES (?, ?, ?)",
        [(v.id, v.revision, json.dumps(to_dict(v), ensure_ascii=False)) for v in visitors],
    )
    samples = []
    for index in range(rounds):
        visitor = visitors[index % len(visitors)]
        doc = json.dumps({**to_dict(visitor), "co_visitors": index % 5}, ensure_ascii=False)
        event = audit_event(visitor.session_id, visitor.updated_at, "bench", "updated", visitor, ("co_visitors",))
        event_doc = json.dumps(to_dict(event), ensure_ascii=False)
        start = time.perf_counter()
        db.execute("BEGIN")
        db.execute("UPDATE visitors SET revision = revision + 1, doc = ? WHERE id = ?", (doc, visitor.id))
        db.execute("INSERT INTO audit VALUES (?, ?)", (event.id, event_doc))
        db.execute("COMMIT")
        samples.append(time.perf_counter() - start)
    db.close()
    return samples


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
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    config = load_config(sample_config_path())
    header = ("visitors", "issues", "file KB", "ours ms", "p95 ms", "sqlite ms", "ratio", "bare ms", "bare/sql")
    header += ("demo s",)
    print(" ".join(f"{name:>9}" for name in header))
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
                ours = bench_ours(store, args.rounds)
                visitors = store.visitors()
            theirs = bench_sqlite(root, visitors, args.rounds)
            bare = _median_ms(bench_bare_write(root, (session_folder / "session.json").read_bytes(), args.rounds))
            size_kb = (session_folder / "session.json").stat().st_size / 1024
            ours_ms, theirs_ms = _median_ms(ours), _median_ms(theirs)
            p95 = sorted(ours)[int(len(ours) * 0.95) - 1] * 1000
            row = (size, issues, f"{size_kb:.0f}", f"{ours_ms:.2f}", f"{p95:.2f}", f"{theirs_ms:.2f}",
                   f"{ours_ms / theirs_ms:.2f}x", f"{bare:.2f}", f"{bare / theirs_ms:.2f}x",
                   f"{demo_seconds:.1f}")  # fmt: skip
            print(" ".join(f"{value:>9}" for value in row))


if __name__ == "__main__":
    main()
