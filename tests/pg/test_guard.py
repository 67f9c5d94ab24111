"""The CI guard: with RECEPTION_REQUIRE_POSTGRES=1 a session whose PostgreSQL tests were skipped fails, with or without
xdist; without it they are reported as skipped with the reason. Each case runs a throwaway pytest session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.pg_server import ENV_URL, SKIP_REASON, find_server_bindir

TINY_SUITE = """
import pytest

def test_on_postgres(postgres_url):
    assert postgres_url.startswith("postgresql://")

def test_isolated(postgres_db):
    assert postgres_db

def test_without_postgres():
    pass

@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request):  # the store tests' pattern: the database chosen at run time
    return request.getfixturevalue("postgres_db") if request.param == "postgresql" else "office.sqlite3"

def test_on_both_engines(engine):
    assert engine
"""


Session = tuple[subprocess.CompletedProcess[str], Path]


def _session(tmp_path: Path, *args: str, hide_server: bool, require: bool) -> Session:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_tiny.py").write_text(TINY_SUITE, encoding="utf-8")
    report = tmp_path / "pg-report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "RECEPTION_"))}
    # No plugin autoload (the snapshot plugin imports Textual: seconds per session); xdist is asked for by name.
    env |= {"PYTHONPATH": str(REPO_ROOT), "RECEPTION_POSTGRES_REPORT": str(report)}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    if hide_server:
        env["RECEPTION_TEST_PG_BINDIR"] = "none"
    elif os.environ.get(ENV_URL):
        env[ENV_URL] = os.environ[ENV_URL]
    if require:
        env["RECEPTION_REQUIRE_POSTGRES"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "xdist", "-p", "tests.pg_server", "-p", "no:cacheprovider", "-q", "-rs",
         *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    return result, report


def test_skipped_with_the_reason_when_not_required(tmp_path: Path) -> None:
    result, report = _session(tmp_path, hide_server=True, require=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed, 3 skipped" in result.stdout
    assert SKIP_REASON in result.stdout
    assert not report.exists()


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one-process", "xdist"])
def test_required_and_skipped_fails_the_session(tmp_path: Path, workers: list[str]) -> None:
    result, report = _session(tmp_path, *workers, hide_server=True, require=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "RECEPTION_REQUIRE_POSTGRES=1 but PostgreSQL tests did not all run (3 skipped" in result.stdout
    counts = json.loads(report.read_text(encoding="utf-8"))
    assert counts == {"passed": 0, "failed": 0, "skipped": 3, "skip_reasons": [SKIP_REASON]}


def test_required_and_run_passes_under_xdist(tmp_path: Path) -> None:
    if find_server_bindir() is None and not os.environ.get(ENV_URL):
        pytest.skip(SKIP_REASON)
    result, report = _session(tmp_path, "-n", "2", hide_server=False, require=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PostgreSQL tests: 3 passed, 0 failed, none skipped" in result.stdout
    counts = json.loads(report.read_text(encoding="utf-8"))
    assert counts == {"passed": 3, "failed": 0, "skipped": 0, "skip_reasons": []}
