"""Size and start-up time of the offline bundle's install and of the single-file program.

    python benchmarks/bench_offline.py --bundle BUNDLE_DIR --installed INSTALL_DIR --single FILE [--rounds 5]

BUNDLE_DIR is a folder made by ``packaging/build_bundle.py``, INSTALL_DIR where its ``install.sh`` installed
(holding ``venv/`` and the ``reception`` launcher), FILE the program made by ``packaging/build_single.py``.
Start-up is the wall time of ``reception --version`` (median of the rounds) and of the first screen in tmux at
80x24 (one run each); the baseline is ``python -c pass`` with the installed venv's interpreter, in the same run.
Every program runs with PATH pointing nowhere, so nothing is found through PATH.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

ENV = {"PATH": "/nonexistent", "LANG": "C.UTF-8", "TERM": "xterm-256color"}


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def wall(command: list[str], rounds: int, home: Path) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env={**ENV, "HOME": str(home)})
        times.append(time.perf_counter() - start)
    return times


def first_screen(program: Path, home: Path, timeout: float = 90) -> float:
    tmux = shutil.which("tmux")
    assert tmux, "tmux is needed"
    socket = f"bench-offline-{uuid.uuid4().hex[:8]}"
    data = home / f"data-{socket}"
    start = time.perf_counter()
    env = {**ENV, "HOME": str(home)}
    subprocess.run([tmux, "-L", socket, "new-session", "-d", "-x", "80", "-y", "24",
                    f"'{program}' --data-dir '{data}'; sleep 60"], env=env, check=True)
    try:
        while time.perf_counter() - start < timeout:
            pane = subprocess.run([tmux, "-L", socket, "capture-pane", "-p"], capture_output=True, text=True,
                                  env=env, check=False).stdout
            if "开始接待" in pane and "保存" in pane:
                return time.perf_counter() - start
            time.sleep(0.05)
        raise SystemExit("the first screen did not show")
    finally:
        subprocess.run([tmux, "-L", socket, "kill-server"], capture_output=True, env=env, check=False)


def row(label: str, times: list[float]) -> str:
    spread = " ".join(f"{t:.2f}" for t in times)
    return f"{label:<44}{statistics.median(times):>8.2f}   ({spread})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, required=True)
    parser.add_argument("--installed", type=Path, required=True)
    parser.add_argument("--single", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    launcher, python = args.installed / "reception", args.installed / "venv" / "bin" / "python"
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        wheels = len(list(args.bundle.glob("wheels/*.whl")))
        print(f"bundle folder {folder_size(args.bundle) / 1e6:8.1f} MB  ({wheels} wheels)")
        print(f"installed venv {folder_size(args.installed / 'venv') / 1e6:7.1f} MB")
        print(f"single file   {args.single.stat().st_size / 1e6:8.1f} MB")
        print(f"\n{'start-up, wall s':<44}{'median':>8}   (each run)")
        print(row("baseline: venv python -c pass", wall([str(python), "-c", "pass"], args.rounds, home)))
        print(row("bundle install: reception --version", wall([str(launcher), "--version"], args.rounds, home)))
        print(row("single file: reception --version", wall([str(args.single), "--version"], args.rounds, home)))
        print(row("bundle install: first screen in tmux 80x24", [first_screen(launcher, home)]))
        print(row("single file: first screen in tmux 80x24", [first_screen(args.single, home)]))


if __name__ == "__main__":
    main()
