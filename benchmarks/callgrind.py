"""Counting the instructions of a whole process with valgrind's callgrind (the same total whatever else the
machine is doing), for the benchmarks that compare work rather than time."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

COLLECTED = re.compile(rb"Collected : (\d+)")


def require_valgrind() -> None:
    """Stop with a clear line when valgrind is not installed."""
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")


def instructions(command: list[str], out: Path) -> int:
    """Instructions ``command`` executed (every thread), its callgrind output written to ``out``."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command], capture_output=True, check=True
    )
    found = COLLECTED.search(result.stderr)
    assert found, result.stderr[-500:]
    return int(found.group(1))
