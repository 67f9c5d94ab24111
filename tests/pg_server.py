"""PostgreSQL for the tests: a throwaway server the suite starts itself, or the one ``RECEPTION_TEST_POSTGRES`` names.

Fixtures (this module is a pytest plugin, loaded by ``tests/conftest.py``):

* ``postgres_url`` (session): a libpq URL to an empty database made for this test session (one per xdist worker).
  With ``RECEPTION_TEST_POSTGRES`` set (a libpq URL whose role may create databases), the database is made on that
  server and dropped at the end. Otherwise, when the PostgreSQL server binaries are installed, each worker starts its
  own server: ``initdb`` into a temporary folder, listening only on a Unix socket in that folder, trust
  authentication, no fsync; stopped (``pg_ctl -m immediate``) and removed at the end of the session, whatever the
  tests did. ``initdb`` and ``postgres`` refuse to run as root: as root they run as the ``postgres`` system user, the
  folder chowned to it. Where there is neither, tests that use the fixture are skipped with ``SKIP_REASON``.
  Start-up (initdb + pg_ctl start) measured at about 1 s on an idle 2-core machine, 1.8 s for two xdist workers at
  once. Each server's folder records its owner's pid; a later session removes servers whose owner died (kill -9).
* ``postgres_db`` (function): a fresh empty database (``CREATE DATABASE … TEMPLATE template0``) on the same server,
  dropped after the test, for tests that need isolation.

``kill_backend(url, pid)`` terminates a server backend, the fault-injection tool of the store tests: the connection
whose backend it was gets ``psycopg.OperationalError`` on its next use and its open transaction is rolled back.

The CI guard: with ``RECEPTION_REQUIRE_POSTGRES=1`` the session counts the PostgreSQL tests (those that use
``postgres_url`` or ``postgres_db``, or are marked ``postgres``), writes the counts as JSON to
``RECEPTION_POSTGRES_REPORT`` (default ``.pytest_cache/reception-postgres.json`` under the rootdir) and fails if any
was skipped or none passed. It runs on the xdist controller, which sees every worker's reports. A test that chooses
PostgreSQL at run time (``request.getfixturevalue("postgres_db")`` in a parametrised engine fixture) is counted
through ``postgres_db``; one that only reaches ``postgres_url`` that way should carry ``pytest.mark.postgres`` (e.g.
``pytest.param("postgresql", marks=pytest.mark.postgres)``). Skips with ``SKIP_REASON`` count whatever the marks.

Environment: ``RECEPTION_TEST_PG_BINDIR`` names the folder with ``initdb``/``pg_ctl``/``postgres`` (``none`` hides
the installed binaries, as on a machine without them).
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import json
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import pytest

SKIP_REASON = "PostgreSQL server binaries not found and RECEPTION_TEST_POSTGRES not set"
ENV_URL = "RECEPTION_TEST_POSTGRES"
ENV_BINDIR = "RECEPTION_TEST_PG_BINDIR"
ENV_REQUIRE = "RECEPTION_REQUIRE_POSTGRES"
ENV_REPORT = "RECEPTION_POSTGRES_REPORT"
MARKER = "postgres"
PG_FIXTURES = frozenset({"postgres_url", "postgres_db"})
_TMP = Path("/tmp") if os.path.isdir("/tmp") else Path(tempfile.gettempdir())
_SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")
# Test-only speed settings: a crash of the throwaway server loses nothing anyone needs.
_SERVER_SETTINGS = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "60",
    "shared_buffers": "32MB",
}


# ---------------------------------------------------------------------------------------------------------------------
# Finding the server binaries


def _has_server(bindir: Path) -> bool:
    return all((bindir / name).is_file() and os.access(bindir / name, os.X_OK) for name in _SERVER_BINARIES)


def find_server_bindir() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, or None: ``RECEPTION_TEST_PG_BINDIR`` (``none``
    hides them), the newest ``/usr/lib/postgresql/*/bin``, ``pg_config --bindir``, then ``PATH``."""
    forced = os.environ.get(ENV_BINDIR)
    if forced is not None:
        if forced.strip().lower() in {"", "none"}:
            return None
        return Path(forced) if _has_server(Path(forced)) else None
    candidates: list[Path] = []

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", Path(path).parent.name))

    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)]
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=False)
            if out.returncode == 0 and out.stdout.strip():
                candidates.append(Path(out.stdout.strip()))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    return next((c for c in candidates if _has_server(c)), None)


# ---------------------------------------------------------------------------------------------------------------------
# URLs


def with_dbname(url: str, dbname: str) -> str:
    """``url`` (a libpq URL or key=value string) pointing at database ``dbname`` instead."""
    if url.startswith(("postgresql://", "postgres://")):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path="/" + quote(dbname, safe="")))
    return psycopg.conninfo.make_conninfo(url, dbname=dbname)


def _admin(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(url, autocommit=True, connect_timeout=10)


def create_database(url: str, dbname: str) -> str:
    """Create an empty UTF-8 database ``dbname`` on the server of ``url``; its URL."""
    with _admin(url) as conn:
        conn.execute(
            psycopg.sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                psycopg.sql.Identifier(dbname)
            )
        )
    return with_dbname(url, dbname)


def drop_database(url: str, dbname: str) -> None:
    """Drop database ``dbname`` on the server of ``url`` (which must name another database), cutting its sessions."""
    with _admin(url) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (dbname,),
        )
        conn.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {}").format(psycopg.sql.Identifier(dbname)))


def unique_dbname(prefix: str) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"{prefix}_{worker}_{os.getpid()}_{uuid.uuid4().hex[:8]}".lower()


def kill_backend(conn_url: str, pid: int, *, timeout: float = 10.0) -> None:
    """Terminate server backend ``pid`` (``pg_terminate_backend``) from a separate connection to ``conn_url`` and wait
    until it is gone. The client whose backend it was sees ``psycopg.OperationalError`` on its next statement; the
    backend's open transaction is rolled back by the server."""
    with _admin(conn_url) as conn:
        row = conn.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()
        if not row or not row[0]:
            raise RuntimeError(f"no server backend with pid {pid}")
        deadline = time.monotonic() + timeout
        while conn.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
            if time.monotonic() > deadline:
                raise TimeoutError(f"backend {pid} still alive {timeout} s after pg_terminate_backend")
            time.sleep(0.01)


# ---------------------------------------------------------------------------------------------------------------------
# The throwaway server


def _server_user() -> dict[str, Any]:
    """``subprocess`` arguments that run the server binaries as the ``postgres`` system user when we are root (initdb
    and postgres refuse to run as root), none otherwise."""
    if os.geteuid() != 0:
        return {}
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("running as root and there is no 'postgres' system user to run the server as") from None
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


@dataclass
class ThrowawayServer:
    """A PostgreSQL server in a temporary folder, reachable only on a Unix socket in that folder."""

    bindir: Path
    base: Path = Path()  # the default: a new temporary folder
    started: bool = field(default=False, init=False)
    startup_seconds: float = field(default=0.0, init=False)
    _run_as: dict[str, Any] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._run_as = _server_user()
        if self.base != Path():  # an existing folder (an orphan being swept)
            return
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        # /tmp, not a long TMPDIR: a Unix socket path must stay under ~100 bytes.
        self.base = Path(tempfile.mkdtemp(prefix=f"reception-pg-{worker}-", dir=str(_TMP)))
        if self._run_as:
            os.chown(self.base, self._run_as["user"], self._run_as["group"])

    @property
    def datadir(self) -> Path:
        return self.base / "data"

    @property
    def url(self) -> str:
        """The URL of the ``postgres`` database, as the ``postgres`` role."""
        return f"postgresql://postgres@/postgres?host={quote(str(self.base), safe='')}"

    def _run(self, *args: str, timeout: float = 60) -> None:
        env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PGTZ": "UTC"}
        result = subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            cwd=self.base,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **self._run_as,
        )
        if result.returncode != 0:
            log = self.base / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}{tail}")

    def start(self) -> None:
        began = time.perf_counter()
        (self.base / "owner.pid").write_text(str(os.getpid()), encoding="ascii")
        self._run("initdb", "-D", str(self.datadir), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C", "--no-sync", "--no-instructions")  # fmt: skip
        options = " ".join([f"-k {self.base}", *(f"-c {key}={value}" for key, value in _SERVER_SETTINGS.items())])
        self.started = True  # from here on stop() has something to stop, even if the start fails halfway
        self._run("pg_ctl", "-D", str(self.datadir), "-l", str(self.base / "server.log"), "-o", options,
                  "-w", "-t", "60", "start")  # fmt: skip
        self.startup_seconds = time.perf_counter() - began

    def stop(self) -> None:
        """Stop the server at once (no checkpoint) and remove its folder; safe to call twice."""
        if self.started:
            self.started = False
            with contextlib.suppress(RuntimeError, OSError, subprocess.SubprocessError):
                self._run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "-t", "30", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


def sweep_orphans(bindir: Path) -> None:
    """Stop and remove throwaway servers whose test process died without tearing them down (kill -9, a second
    Ctrl-C): their folder's ``owner.pid`` names a process that is gone."""
    for base in _TMP.glob("reception-pg-*"):
        try:
            owner = int((base / "owner.pid").read_text(encoding="ascii"))
            os.kill(owner, 0)
            continue  # its owner is alive (or not ours to signal): leave it
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue
        orphan = ThrowawayServer(bindir, base)
        orphan.started = True
        orphan.stop()


# ---------------------------------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A libpq URL to an empty database made for this test session (see the module docstring)."""
    external = os.environ.get(ENV_URL, "").strip()
    if external:
        dbname = unique_dbname("reception_test")
        try:
            url = create_database(external, dbname)
        except psycopg.Error as error:
            pytest.fail(f"{ENV_URL}: cannot create a test database (the role needs CREATEDB): {error}")
        try:
            yield url
        finally:
            drop_database(external, dbname)
        return
    bindir = find_server_bindir()
    if bindir is None:
        pytest.skip(SKIP_REASON)
    try:
        sweep_orphans(bindir)
        server = ThrowawayServer(bindir)
    except (RuntimeError, OSError) as error:
        pytest.fail(f"cannot start a throwaway PostgreSQL server from {bindir}: {error}")
    atexit.register(server.stop)  # in case the session ends without running fixture teardown
    try:
        try:
            server.start()
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            pytest.fail(f"could not start a throwaway PostgreSQL server from {bindir}: {error}")
        yield create_database(server.url, "reception_test")
    finally:
        server.stop()
        atexit.unregister(server.stop)


@pytest.fixture
def postgres_db(postgres_url: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A libpq URL to a fresh empty database, dropped after the test."""
    request.node.add_marker(MARKER)  # counted by the CI guard even when requested through getfixturevalue()
    dbname = unique_dbname("reception_t")
    url = create_database(postgres_url, dbname)
    try:
        yield url
    finally:
        drop_database(postgres_url, dbname)


# ---------------------------------------------------------------------------------------------------------------------
# The CI guard (RECEPTION_REQUIRE_POSTGRES=1)


def _require() -> bool:
    return os.environ.get(ENV_REQUIRE, "").strip() not in {"", "0"}


@dataclass
class _Tally:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    skip_reasons: set[str] = field(default_factory=set)
    verdict: str = ""


_tally = _Tally()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: runs against PostgreSQL (counted by the CI guard)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if PG_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(MARKER)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count PostgreSQL tests. On the xdist controller this sees the reports of every worker."""
    skip_text = ""
    if report.skipped:  # longrepr is (path, line, "Skipped: reason"), a list once it has come from an xdist worker
        longrepr: Any = report.longrepr
        skip_text = str(longrepr[2]) if isinstance(longrepr, tuple | list) and len(longrepr) == 3 else str(longrepr)
    if MARKER not in report.keywords and SKIP_REASON not in skip_text:
        return
    if report.skipped:
        _tally.skipped += 1
        _tally.skip_reasons.add(skip_text.removeprefix("Skipped: "))
    elif report.failed:
        _tally.failed += 1
    elif report.when == "call":
        _tally.passed += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _require() or _is_worker(session.config):
        return
    counts = {"passed": _tally.passed, "failed": _tally.failed, "skipped": _tally.skipped,
              "skip_reasons": sorted(_tally.skip_reasons)}  # fmt: skip
    default = Path(str(session.config.rootpath)) / ".pytest_cache" / "reception-postgres.json"
    target = Path(os.environ.get(ENV_REPORT) or default)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(counts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if _tally.skipped or not _tally.passed:
        why = f"{_tally.skipped} skipped" if _tally.skipped else "none ran"
        _tally.verdict = f"{ENV_REQUIRE}=1 but PostgreSQL tests did not all run ({why}; counts in {target})"
        if session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    else:
        _tally.verdict = f"PostgreSQL tests: {_tally.passed} passed, {_tally.failed} failed, none skipped"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _tally.verdict:
        failing = _tally.skipped or not _tally.passed
        terminalreporter.write_sep("=", _tally.verdict, red=bool(failing), green=not failing)


__all__ = ["MARKER", "SKIP_REASON", "ThrowawayServer", "create_database", "drop_database", "find_server_bindir",
           "kill_backend", "postgres_db", "postgres_url", "sweep_orphans", "with_dbname"]  # fmt: skip
