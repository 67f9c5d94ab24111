"""Size and start-up time of the offline bundle's install and of the single-file program.

    python benchmarks/bench_offline.py --bundle BUNDLE_DIR --installed INSTALL_DIR --single FILE [--rounds 5]
    python benchmarks/bench_offline.py --single FILE [--single FILE2 ...] [--chroot DIR ...] [--rounds 5]

BUNDLE_DIR is a folder made by ``packaging/build_bundle.py``, INSTALL_DIR where its ``install.sh`` installed
(holding ``venv/`` and the ``reception`` launcher), FILE the program made by ``packaging/build_single.py``
(both optional, several single files may be compared). Start-up is the wall time of ``reception --version``
(median of the rounds, the programs taking turns) and of the first screen in tmux at 80x24 (one run each); the
baseline is ``python -c pass`` with the installed venv's interpreter, in the same run. Every program runs with
PATH pointing nowhere, so nothing is found through PATH. With ``--chroot DIR`` (root; e.g. a minbase Ubuntu
18.04 made by ``packaging/run_single_in_chroot.sh``) each single file is also copied into DIR/opt/bench and
timed there through ``chroot DIR env -i …``; a program that cannot start there is reported as such.
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
CHROOT = shutil.which("chroot") or "/usr/sbin/chroot"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def wall(command: list[str], rounds: int, home: Path) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env={**ENV, "HOME": str(home)})
        times.append(time.perf_counter() - start)
    return times


def taking_turns(commands: dict[str, list[str]], rounds: int, home: Path) -> dict[str, list[float] | str]:
    """Each command once per round, in turn (so a change of load hits all alike); a failure is kept as text."""
    results: dict[str, list[float] | str] = {label: [] for label in commands}
    for _ in range(rounds):
        for label, command in commands.items():
            times = results[label]
            if isinstance(times, str):
                continue
            try:
                times.extend(wall(command, 1, home))
            except subprocess.CalledProcessError as error:
                lines = (error.stderr or b"").decode("utf-8", "replace").strip().splitlines()
                results[label] = f"does not start: {lines[-1][:150] if lines else error.returncode}"
    return results


def in_chroot(chroot: Path, program: Path) -> list[str]:
    inside = Path("/opt/bench") / program.parent.name / program.name
    (chroot / inside.relative_to("/")).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(program, chroot / inside.relative_to("/"))
    return [CHROOT, str(chroot), "/usr/bin/env", "-i", *(f"{k}={v}" for k, v in {**ENV, "HOME": "/root"}.items()),
            str(inside), "--version"]


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
    parser.add_argument("--bundle", type=Path)
    parser.add_argument("--installed", type=Path)
    parser.add_argument("--single", type=Path, action="append", default=[])
    parser.add_argument("--chroot", type=Path, action="append", default=[])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        if args.bundle and args.installed:
            launcher, python = args.installed / "reception", args.installed / "venv" / "bin" / "python"
            wheels = len(list(args.bundle.glob("wheels/*.whl")))
            print(f"bundle folder {folder_size(args.bundle) / 1e6:8.1f} MB  ({wheels} wheels)")
            print(f"installed venv {folder_size(args.installed / 'venv') / 1e6:7.1f} MB")
        for single in args.single:
            print(f"single file   {single.stat().st_size / 1e6:8.1f} MB  {single}")
        print(f"\n{'start-up, wall s':<44}{'median':>8}   (each run)")
        if args.bundle and args.installed:
            print(row("baseline: venv python -c pass", wall([str(python), "-c", "pass"], args.rounds, home)))
            print(row("bundle install: reception --version", wall([str(launcher), "--version"], args.rounds, home)))
        commands = {f"single file{' ' + str(i + 1) if len(args.single) > 1 else ''}: reception --version":
                    [str(single), "--version"] for i, single in enumerate(args.single)}
        for chroot in args.chroot:
            commands[f"{chroot.name}: chroot /bin/true (baseline)"] = [CHROOT, str(chroot), "/bin/true"]
            for i, single in enumerate(args.single):
                label = f"{chroot.name}: single file{' ' + str(i + 1) if len(args.single) > 1 else ''} --version"
                commands[label] = in_chroot(chroot, single)
        for label, times in taking_turns(commands, args.rounds, home).items():
            print(row(label, times) if isinstance(times, list) else f"{label:<44}{times}")
        if args.bundle and args.installed:
            print(row("bundle install: first screen in tmux 80x24", [first_screen(launcher, home)]))
        for i, single in enumerate(args.single):
            label = f"single file{' ' + str(i + 1) if len(args.single) > 1 else ''}: first screen in tmux 80x24"
            print(row(label, [first_screen(single, home)]))
        for chroot in args.chroot:
            shutil.rmtree(chroot / "opt" / "bench", ignore_errors=True)

if __name__ == "__main__":
    main()
