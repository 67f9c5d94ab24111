"""Instructions from building the app to its first frame, the desk against a bare Textual app, counted by valgrind.

Run from the repository root: ``python benchmarks/bench_desk_instructions.py`` (needs ``valgrind``; about
ten minutes).

``bench_desk.py`` times the same start-up in wall-clock milliseconds; on this two-core machine shared
with other work its ratio moved between 1.15x and 1.45x within ten minutes, because the desk opens
its session in a thread worker that needs the second core and the bare app reads the file on the
event loop. Callgrind counts the instructions every thread of a process executes, the same total
whatever else the machine is doing. Each app is started once and three times in a fresh process
(after one warm-up start, as ``bench_desk.py`` does); the difference divided by two is the work of
one start-up, without the imports and caches that only the first pays. The session (200 visitors)
is made once, outside valgrind.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import callgrind


def child(data: Path, kind: str, starts: int) -> None:
    """Start ``kind`` (desk or bare) once to warm up, then ``starts`` times to its first frame."""
    import bench_desk

    from reception_tui.storage.data_folder import DataFolder

    bench_desk.FIRST_FRAME_TIMEOUT = 600.0
    folder = DataFolder(data)

    async def run() -> None:
        for _ in range(starts + 1):
            if kind == "desk":
                await bench_desk.first_frame(lambda: bench_desk.desk_app(folder), "DeskScreen")
            else:
                await bench_desk.first_frame(lambda: bench_desk.BareDesk(folder), "BareScreen")

    asyncio.run(run())


def instructions(data: Path, kind: str, starts: int, out: Path) -> int:
    """Instructions of a whole process that starts ``kind`` ``starts`` (+1 warm-up) times."""
    return callgrind.instructions([sys.executable, __file__, "--child", str(data), kind, str(starts)], out)



def main() -> None:
    """Make the session, count, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=3, metavar=("DATA", "KIND", "STARTS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1], int(args.child[2]))
        return
    callgrind.require_valgrind()
    from bench_desk import CONFIG, DAY, VISITORS

    from reception_tui.services.demo import make_demo_session
    from reception_tui.storage.data_folder import DataFolder

    per_start: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        data = DataFolder(Path(scratch) / "data").ensure()
        make_demo_session(data, CONFIG, visitors=VISITORS, day=DAY, seed=1)
        for kind in ("desk", "bare"):
            once = instructions(data.root, kind, 1, Path(scratch) / f"cg.{kind}.1")
            thrice = instructions(data.root, kind, 3, Path(scratch) / f"cg.{kind}.3")
            per_start[kind] = (thrice - once) / 2
    print(f"Instructions from building the app to its first frame ({VISITORS} visitors, one start-up)")
    for kind in ("desk", "bare"):
        print(f"  {kind:<6}{per_start[kind] / 1e6:>10.1f} M")
    print(f"  desk / bare: {per_start['desk'] / per_start['bare']:.3f}x (target at most 1.2x)")


if __name__ == "__main__":
    main()
