"""Wall time of whole ``reception`` processes office scripts call in loops, against ``python -c pass``.

Run from the repository root: ``python benchmarks/bench_cli_start.py [--runs 21] [--before DIR]``. Each
round starts every process once, in turn, so a busy moment of the machine falls on all of them alike;
the table gives the median of the rounds and its ratio to the bare interpreter of the same rounds.
``--before DIR`` adds the same commands run from another source tree (for example
``git archive <commit> reception_tui | tar -x -C DIR``), in the same rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMANDS: dict[str, list[str]] = {
    "--version": ["--version"],
    "--help": ["--help"],
    "sessions --json": ["sessions", "--json"],
    "sessions": ["sessions"],
}
TARGETS = {"--version": 4.0, "--help": 4.0, "sessions --json": 6.0}


def _environment(source: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(source)
    env.pop("PYTHONSTARTUP", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program runs from byte-code: the warm-up writes it
    return env


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        argv, env=env, cwd=env["PYTHONPATH"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def _where(source: Path) -> str:
    """The file ``reception_tui`` is loaded from with ``source`` first on the path (so a tree really is used)."""
    argv = [sys.executable, "-c", "import reception_tui; print(reception_tui.__file__)"]
    found = subprocess.run(argv, env=_environment(source), cwd=source, capture_output=True, text=True, check=True)
    return found.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21, help="rounds (default 21)")
    parser.add_argument("--before", type=Path, default=None, help="another source tree to run beside this one")
    options = parser.parse_args()
    trees = {"now": REPO} | ({"before": options.before.resolve()} if options.before else {})
    for name, tree in trees.items():
        print(f"{name}: {_where(tree)}")
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        env = _environment(REPO)
        for seed in range(3):  # a data folder with three sessions for ``sessions``
            demo = ["demo", "--visitors", "15", "--seed", str(seed), "--data-dir", str(data)]
            subprocess.run(
                [sys.executable, "-m", "reception_tui", *demo], env=env, cwd=REPO, check=True, capture_output=True
            )
        cases: dict[str, tuple[list[str], dict[str, str]]] = {"python -c pass": ([sys.executable, "-c", "pass"], env)}
        for name, tree in trees.items():
            for label, args in COMMANDS.items():
                argv = [sys.executable, "-m", "reception_tui", *args, "--data-dir", str(data)]
                cases[f"{label} ({name})" if len(trees) > 1 else label] = (argv, _environment(tree))
        for argv, case_env in cases.values():  # warm the file cache and the byte-code
            _time(argv, case_env)
        times: dict[str, list[float]] = {label: [] for label in cases}
        for _ in range(options.runs):
            for label, (argv, case_env) in cases.items():
                times[label].append(_time(argv, case_env))
    baseline = statistics.median(times["python -c pass"])
    print(f"\n{'process':<28}{'median ms':>10}{'p90 ms':>9}{'x pass':>9}{'target':>9}")
    for label, samples in times.items():
        median = statistics.median(samples)
        p90 = statistics.quantiles(samples, n=10)[-1] if len(samples) > 2 else max(samples)
        target = TARGETS.get(label.split(" (")[0]) if label != "python -c pass" else None
        target_text = f"< {target:.0f}x" if target and not label.endswith("(before)") else ""
        print(f"{label:<28}{median * 1000:>10.1f}{p90 * 1000:>9.1f}{median / baseline:>8.2f}x{target_text:>9}")
    print(f"\npython {sys.version.split()[0]}, {options.runs} rounds, {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
