"""Run an installed ``reception`` (the offline bundle's launcher or the single file) as the person at the laptop
would: ``--version``, ``demo``, ``receipt --format pdf``, ``export``, and the app itself in tmux at 80x24."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest


def run(program: Path, *args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(program), *args], capture_output=True, text=True, env=env, timeout=timeout, check=False)


def first_case_number(data: Path) -> str:
    (session,) = data.glob("sessions/*/session.json")
    issues = json.loads(session.read_text(encoding="utf-8"))["issues"].values()
    return str(sorted(issue["case_number"] for issue in issues)[0])


def exercise(program: Path, work: Path, env: dict[str, str]) -> None:
    """The commands of the issue's check, each must succeed without a traceback."""
    data, usb = work / "接待数据", work / "usb"
    version = run(program, "--version", env=env)
    assert version.returncode == 0 and version.stdout.startswith("reception "), version.stderr
    demo = run(program, "--data-dir", str(data), "demo", "--visitors", "3", "--seed", "7", env=env)
    assert demo.returncode == 0, demo.stderr
    pdf = work / "receipt.pdf"
    receipt = run(program, "--data-dir", str(data), "receipt", first_case_number(data), "--format", "pdf",
                  "--out", str(pdf), env=env)
    assert receipt.returncode == 0, receipt.stderr
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 1000
    export = run(program, "--data-dir", str(data), "export", "--to", str(usb), env=env)
    assert export.returncode == 0, export.stderr
    assert list(usb.rglob("*.json")), "export wrote no session file"
    for result in (version, demo, receipt, export):
        assert "Traceback" not in result.stderr


def first_screen(program: Path, work: Path, env: dict[str, str], timeout: float = 60) -> str:
    """Open the app in tmux at 80x24 and return the screen once the start form shows (then quit)."""
    tmux_path = shutil.which("tmux")  # found on this process's PATH: the program's own PATH may hold nothing else
    if not tmux_path:
        pytest.skip("tmux is not installed")
    socket = f"reception-offline-{uuid.uuid4().hex[:8]}"
    data = work / "接待数据-tmux"
    tmux = [tmux_path, "-L", socket]
    env = {**env, "TERM": "xterm-256color"}
    command = f"'{program}' --data-dir '{data}'; sleep 30"
    subprocess.run([*tmux, "new-session", "-d", "-x", "80", "-y", "24", command], env=env, check=True)
    try:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            pane = [*tmux, "capture-pane", "-p"]
            capture = subprocess.run(pane, capture_output=True, text=True, env=env, check=False)
            screen = capture.stdout
            if "开始接待" in screen and "保存" in screen:
                return screen
            time.sleep(0.5)
        raise AssertionError(f"the start screen did not show within {timeout} s:\n{screen}")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, env=env, check=False)


def offline_env(home: Path, path: str) -> dict[str, str]:
    """No index reachable, no pip configuration, nothing of this machine's Python on PATH."""
    return {
        "HOME": str(home), "PATH": path, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_INDEX_URL": "http://127.0.0.1:9/simple",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_CACHE_DIR": "1",
    }
