"""End to end: the offline bundle installs with no index and runs; the single file runs with no Python on PATH.

Both take minutes (a bundle build and install, or a PyInstaller build), so they carry the ``offline_e2e``
marker, which the suite deselects by default: ``python -m pytest -m offline_e2e tests/packaging`` runs them.
They use a prebuilt bundle / single file when ``RECEPTION_TEST_BUNDLE`` / ``RECEPTION_TEST_SINGLE`` names one,
else the bundle test builds a host-only bundle (``--platform host``, from pip's cache or local find-links) and
the single-file test is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PACKAGING
from .offline_run import exercise, first_screen, offline_env

pytestmark = pytest.mark.offline_e2e


@pytest.fixture(scope="module")
def host_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    prebuilt = os.environ.get("RECEPTION_TEST_BUNDLE")
    if prebuilt:
        return Path(prebuilt)
    out = tmp_path_factory.mktemp("bundle")
    command = [sys.executable, str(PACKAGING / "build_bundle.py"), "--out", str(out), "--platform", "host"]
    build = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    if build.returncode != 0:
        pytest.skip(f"could not build a host bundle here (no index or cache?): {build.stderr[-400:]}")
    return out


def test_bundle_installs_with_no_index_and_the_app_runs(host_bundle: Path, tmp_path: Path) -> None:
    manifest = json.loads((host_bundle / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        assert (host_bundle / entry["path"]).stat().st_size == entry["size"], entry["path"]
    # only a python3 on PATH (and the shell's tools): no pip configuration, no index, no find-links
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    base_python = Path(getattr(sys, "_base_executable", sys.executable)).resolve()
    (bin_dir / "python3").symlink_to(base_python)
    env = offline_env(tmp_path, f"{bin_dir}:/usr/bin:/bin")
    dest = tmp_path / "安装位置"
    install = subprocess.run(["sh", str(host_bundle / "install.sh"), str(dest)], capture_output=True, text=True,
                             env={**env, "PYTHON": str(bin_dir / "python3")}, timeout=600, check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    assert "安装完成" in install.stdout
    launcher = dest / "reception"
    assert os.access(launcher, os.X_OK)
    app_env = offline_env(tmp_path, "/usr/bin:/bin")
    exercise(launcher, tmp_path, app_env)
    screen = first_screen(launcher, tmp_path, app_env)
    assert screen.splitlines()[1].startswith("│ 开始接待")


def test_single_file_runs_with_no_python_on_path(tmp_path: Path) -> None:
    built = os.environ.get("RECEPTION_TEST_SINGLE")
    if not built:
        pytest.skip("set RECEPTION_TEST_SINGLE to a single file built by packaging/build_single.py")
    # a folder holding only the program: PATH has nothing else, so no python3 can be found or used
    alone = tmp_path / "only"
    alone.mkdir()
    program = alone / "reception"
    shutil.copy2(built, program)
    env = offline_env(tmp_path, str(alone))
    exercise(program, tmp_path, env)
    screen = first_screen(program, tmp_path, env)
    assert screen.splitlines()[1].startswith("│ 开始接待")
