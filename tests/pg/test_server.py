"""The PostgreSQL the store tests run on: it starts, psycopg connects, connections see each other's commits, and a
backend killed mid-transaction surfaces as OperationalError with the transaction's rows gone."""

from __future__ import annotations

import os
import subprocess

import psycopg
import pytest

from tests.pg_server import (
    ENV_URL,
    SKIP_REASON,
    ThrowawayServer,
    find_server_bindir,
    kill_backend,
    sweep_orphans,
    with_dbname,
)


def test_server_answers(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as conn:
        row = conn.execute("SELECT current_database(), current_setting('server_encoding')").fetchone()
    assert row is not None
    assert row[1] == "UTF8"


def test_postgres_db_is_fresh_and_dropped(postgres_url: str, postgres_db: str) -> None:
    with psycopg.connect(postgres_db) as conn:
        dbname = conn.execute("SELECT current_database()").fetchone()
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    assert dbname is not None and tables == (0,)
    assert with_dbname(postgres_url, dbname[0]) == postgres_db


def test_connections_see_each_others_committed_rows(postgres_db: str) -> None:
    with psycopg.connect(postgres_db) as a, psycopg.connect(postgres_db) as b:
        a.execute("CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL)")
        a.commit()
        a.execute("INSERT INTO t VALUES (1, '张三')")
        assert b.execute("SELECT count(*) FROM t").fetchone() == (0,)  # not yet committed
        b.rollback()
        a.commit()
        assert b.execute("SELECT name FROM t").fetchall() == [("张三",)]
        b.execute("INSERT INTO t VALUES (2, '李四')")
        b.commit()
        assert a.execute("SELECT id FROM t ORDER BY id").fetchall() == [(1,), (2,)]


def test_killed_backend_is_operational_error_and_its_rows_are_gone(postgres_db: str) -> None:
    with psycopg.connect(postgres_db, autocommit=True) as setup:
        setup.execute("CREATE TABLE files (sha256 text PRIMARY KEY)")
        setup.execute("INSERT INTO files VALUES ('before')")
    victim = psycopg.connect(postgres_db)
    try:
        victim.execute("INSERT INTO files VALUES ('half-imported-1')")
        victim.execute("INSERT INTO files VALUES ('half-imported-2')")
        kill_backend(postgres_db, victim.info.backend_pid)
        with pytest.raises(psycopg.OperationalError):
            victim.execute("INSERT INTO files VALUES ('after the cut')")
            victim.commit()
        assert victim.closed or victim.broken
    finally:
        victim.close()
    with psycopg.connect(postgres_db) as conn:
        assert conn.execute("SELECT sha256 FROM files").fetchall() == [("before",)]


def test_killed_backend_fails_the_commit(postgres_db: str) -> None:
    """A cut between the last statement and COMMIT: the commit raises and nothing is stored."""
    with psycopg.connect(postgres_db, autocommit=True) as setup:
        setup.execute("CREATE TABLE steps (id integer PRIMARY KEY)")
    victim = psycopg.connect(postgres_db)
    try:
        victim.execute("INSERT INTO steps VALUES (1)")
        kill_backend(postgres_db, victim.info.backend_pid)
        with pytest.raises(psycopg.OperationalError):
            victim.commit()
    finally:
        victim.close()
    with psycopg.connect(postgres_db) as conn:
        assert conn.execute("SELECT count(*) FROM steps").fetchone() == (0,)


def test_kill_backend_refuses_an_unknown_pid(postgres_url: str) -> None:
    with pytest.raises(RuntimeError, match="no server backend"):
        kill_backend(postgres_url, 1)


def test_an_orphaned_server_is_swept() -> None:
    """A server whose test process died (kill -9) is stopped and removed by the next session's fixture."""
    bindir = find_server_bindir()
    if bindir is None and os.environ.get(ENV_URL):  # the suite runs on that server: no throwaway servers to sweep
        pytest.skip(f"no PostgreSQL server binaries; {ENV_URL} is used instead of throwaway servers")
    if bindir is None:
        pytest.skip(SKIP_REASON)
    server = ThrowawayServer(bindir)
    try:
        server.start()
        gone = subprocess.Popen(["true"])
        gone.wait()
        (server.base / "owner.pid").write_text(str(gone.pid), encoding="ascii")
        sweep_orphans(bindir)
        assert not server.base.exists()
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(server.url, connect_timeout=2).close()
    finally:
        server.stop()
