"""A reader that stops early (``reception … | head -4``) ends the command quietly, as Unix tools do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT


def _run_into_closed_pipe(tmp_path: Path, *args: str) -> tuple[int, str]:
    """Run ``reception ARGS`` with its stdout a pipe whose reading end is already closed."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "RECEPTION_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(REPO_ROOT)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "reception_tui", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    return done.returncode, done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("schedule", "--year", "2027"),
        ("schedule", "--year", "2027", "--json"),
        ("--version",),
        ("check-config", str(REPO_ROOT / "sample_data" / "site.yaml")),
    ],
)
def test_a_closed_pipe_ends_the_command_quietly_without_a_crash_log(tmp_path: Path, args: tuple[str, ...]) -> None:
    code, stderr = _run_into_closed_pipe(tmp_path, *args)
    assert code in (0, 141)
    assert stderr == ""
    assert not list((tmp_path / "data").glob("logs/*"))
