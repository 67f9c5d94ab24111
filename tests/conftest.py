"""Shared fixtures: the sample config, temporary data folders and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reception_tui.config import load_config, sample_config_path
from reception_tui.domain.site import SiteConfig
from reception_tui.storage import DataFolder

REPO_ROOT = Path(__file__).resolve().parents[1]

# PostgreSQL fixtures (postgres_url, postgres_db), kill_backend and the RECEPTION_REQUIRE_POSTGRES guard.
pytest_plugins = ["tests.pg_server"]


@pytest.fixture(scope="session")
def sample_config() -> SiteConfig:
    """The bundled sample site configuration: 20th of each month, 14:30–16:30, next working day, notice 5 days
    before. Loaded once per test session; it is frozen, so tests make variants with ``dataclasses.replace``."""
    return load_config(sample_config_path())


@pytest.fixture(scope="session")
def config(sample_config: SiteConfig) -> SiteConfig:
    """The site configuration a test runs with: the sample, unless a package's conftest says otherwise."""
    return sample_config


@pytest.fixture
def data_folder(tmp_path: Path) -> DataFolder:
    """An empty data folder."""
    return DataFolder(tmp_path / "data").ensure()


CliRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli(tmp_path: Path) -> CliRunner:
    """Run ``reception`` in a subprocess from this checkout; returns the completed process."""

    def run(*args: str, data_dir: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "RECEPTION_DATA_DIR": str(data_dir or tmp_path / "data")}
        return subprocess.run(
            [sys.executable, "-m", "reception_tui", *args],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture
def run_cli_in_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> CliRunner:
    """``run_cli``'s twin that calls ``reception``'s ``main`` in this process (no interpreter start-up, which costs
    seconds on a loaded machine); the same completed-process answer. Keep one subprocess test per command."""
    from reception_tui.cli import main

    def run(*args: str, data_dir: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        del timeout  # the subprocess runner's limit; nothing to bound here
        monkeypatch.setenv("RECEPTION_DATA_DIR", str(data_dir or tmp_path / "data"))
        monkeypatch.chdir(REPO_ROOT)
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse's usage errors
            code = stop.code if isinstance(stop.code, int) else 1
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess([sys.executable, "-m", "reception_tui", *args], code, out, err)

    return run
