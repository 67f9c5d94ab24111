"""Benchmark of the office store on PostgreSQL, against SQLite in the same run.

Run from the repository root: ``python benchmarks/bench_office_pg.py [--files 1000] [--cases 1000000] [--rounds 30]
[--url postgresql://…] [--explain]``. Without ``--url`` a throwaway server is started from the installed PostgreSQL
binaries (``tests/pg_server.py``), **with fsync, synchronous_commit and full_page_writes on**, like SQLite's
``synchronous=FULL``: both engines wait for the disk at every commit.

1. Import: the same 1,000 signed session files (15 visitors / 30 issues each, ten laptops) into a fresh office
   folder's SQLite store and into a fresh PostgreSQL database (``import_files(..., office_db=URL)``), timed; the
   ratio PG / SQLite. (SQLite commits a batch of files at once; PostgreSQL commits every file on its own.)
2. Scale: ``--cases`` cases and two steps each generated on the server with ``INSERT … SELECT generate_series``
   (7 units, 11 states, 4 districts, 1,000 days; indexes dropped during the load and built after it),
   ``VACUUM ANALYZE``, then the median of ``--rounds`` runs of what the workbench does (``CaseStore`` over
   psycopg): a filter change (first page, count capped at 1,000), a page move by cursor (keyset), a case
   opening, the poll's ``data_version``, text searches and header counts; the former way (``OFFSET`` and an exact
   count) beside it; each as a ratio to one page of 50 by primary key measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg

from benchmarks.bench_exchange import derive_files, template_payload
from reception_tui.config import load_config, sample_config_path
from reception_tui.domain.followup import CaseState
from reception_tui.exchange.keys import DeviceKey
from reception_tui.exchange.office_import import import_files
from reception_tui.exchange.trust import TrustedDevices
from reception_tui.office.model import CaseQuery, PageCursor, Seek
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import CaseStore, open_case_store
from tests import pg_server

CST = timezone(timedelta(hours=8))
COUNT_CAP = 1000
"""The workbench's count cap (``ui/office/screens/case_list.py``'s ``SEARCH_COUNT_CAP``)."""
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=CST)
UNITS = ["JDBSC", "QZF", "QZJJ", "QJTJ", "QSTHJ", "QMZJ", "RDGW"]
DISTRICTS = ["第一选区", "第二选区", "第三选区", "第四选区"]
SUMMARIES = ["餐饮油烟扰民，要求整改", "老旧小区雨污管网倒灌", "建议公交站后移", "咨询老年助餐服务申请",
             "预付卡商家关门跑路", "邻里装修漏水纠纷", "咨询学区划分政策", "路灯坏了没人修"]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"

_CASES_SQL = """
INSERT INTO cases (case_id, case_number, session_id, visitor_id, site_code, day, category, request_type, district,
    summary, own_words, place, receiving_deputy, desk_target, suggestion_deputy, visitor_masked, phone_last4,
    confidential, deputies, desk_note, search, source_hash, source_changed, kind, anonymous, state, status, unit,
    slip_number, transferred_on, due_on, extensions, replied_on, outcome, copied_on, informed_on, satisfaction,
    surveyed_round, handling_round, closed_on, revision, created_at, updated_at, updated_by)
SELECT id, number, 'session-' || (i / 30), 'visitor-' || i, 'BSJD', to_char(d, 'YYYY-MM-DD'), '其他', '求助',
    (?::text[])[1 + mod(i * 5, 4)], summary, '我想反映一个情况', '文三路111号附近', '周建国', unit, '',
    left(name, 1) || '*' || right(name, 1), right(phone, 4), 0, E'\\n周建国\\n林晓梅\\n', '',
    lower(number) || E'\\n' || name || E'\\n' || right(phone, 4) || E'\\n' || summary || E'\\n我想反映一个情况',
    md5(id), 0, 'transfer', 0, state, CASE WHEN state = 'closed' THEN 'closed' ELSE 'open' END, unit, '', NULL,
    to_char(d + 30, 'YYYY-MM-DD'), 0, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, 3, ?, ?, '王芳'
FROM (
    SELECT i, d, 'case-' || lpad(i::text, 7, '0') AS id,
        'BSJD-' || to_char(d, 'YYYYMMDD') || '-' || lpad(mod(i, 1000)::text, 3, '0') || '-' || mod(i / 1000, 10)
            || '-' || lpad(mod(i, 97)::text, 2, '0') AS number,
        (?::text[])[1 + mod(i * 7, 8)] AS summary, (?::text[])[1 + mod(i * 13, 7)] AS unit,
        (?::text[])[1 + mod(i * 31, 11)] AS state,
        substr(?, 1 + mod(i * 3, 20), 1) || substr(?, 1 + mod(i * 7, 25), 1) || substr(?, 1 + mod(i * 11, 25), 1)
            AS name,
        '1' || lpad(mod(i::bigint * 2654435761, 10000000000)::text, 10, '0') AS phone
    FROM (SELECT i, DATE '2026-11-20' - mod(i, 1000) AS d FROM generate_series(?::int, ?::int) AS i) AS numbers
) AS g
"""
_STEPS_SQL = """
INSERT INTO case_steps (case_id, seq, kind, clerk, at, data, state_before, state_after, revision)
SELECT 'case-' || lpad(i::text, 7, '0'), s, 'transfer', '王芳', ?,
    '{"on": "2026-11-21", "slip_number": "ZB", "unit": "QZF"}', 'awaiting_transfer', 'transferred', s + 1
FROM generate_series(?::int, ?::int) AS i, generate_series(1, 2) AS s
"""


def median_ms(action: Callable[[], object], rounds: int) -> float:
    action()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fresh_database(server_url: str, name: str) -> str:
    return pg_server.create_database(server_url, pg_server.unique_dbname(name))


def bench_import(root: Path, server_url: str, files: int) -> None:
    template = template_payload(root)
    devices = [DeviceKey.load_or_create(root / f"device{i}") for i in range(10)]
    derive_files(template, files, root / "stick", devices)
    timings: dict[str, float] = {}
    for engine in ("sqlite", "postgresql"):
        office = root / f"office-{engine}"
        office.mkdir()
        trusted = TrustedDevices.load(office)
        for device in devices:
            trusted.add(device.device_id, device.public_key, datetime.now(CST))
        trusted.save()
        url = fresh_database(server_url, "bench_import") if engine == "postgresql" else None
        start = time.perf_counter()
        report = import_files([root / "stick"], office, now=lambda: datetime.now(CST), office_db=url)
        timings[engine] = time.perf_counter() - start
        assert report.exit_code == 0 and len(report.sessions) == files, "import failed"
    sqlite, pg = timings["sqlite"], timings["postgresql"]
    print(f"import of {files:,} files: SQLite {sqlite:.2f} s ({sqlite / files * 1000:.2f} ms/file), "
          f"PostgreSQL {pg:.2f} s ({pg / files * 1000:.2f} ms/file): PG/SQLite {pg / sqlite:.2f}x")  # fmt: skip


def fill(store: CaseStore, count: int) -> None:
    """``count`` cases and two steps each, generated on the server: the tables' indexes dropped first and built
    again after (a bulk load's usual order: one sort per index instead of a million index inserts), the
    data-version triggers off during the load (bumped once at the end)."""
    states = [state.value for state in CaseState]
    stamp = NOW.isoformat()
    chunk = 100_000
    indexes = store.db.fetchall(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN "
        "('cases', 'case_steps') AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = indexname)"
    )
    with store.db.transaction():
        for name, _ in indexes:
            store.db.execute(f"DROP INDEX {name}")
        store.db.execute("ALTER TABLE cases DISABLE TRIGGER USER")
        store.db.execute("ALTER TABLE case_steps DISABLE TRIGGER USER")
    for start in range(0, count, chunk):
        end = min(start + chunk, count) - 1
        with store.db.transaction():
            store.db.execute(_CASES_SQL, (DISTRICTS, stamp, stamp, SUMMARIES, UNITS, states, SURNAMES, GIVEN, GIVEN,
                                          start, end))  # fmt: skip
            store.db.execute(_STEPS_SQL, (stamp, start, end))
    with store.db.transaction():
        store.db.execute("ALTER TABLE cases ENABLE TRIGGER USER")
        store.db.execute("ALTER TABLE case_steps ENABLE TRIGGER USER")
        store.db.execute("UPDATE office_data_version SET version = version + 1")
    store.db.execute("SET maintenance_work_mem = '256MB'")
    for _, definition in indexes:
        store.db.execute(definition)
    store.db.execute("VACUUM ANALYZE")


def explain(store: CaseStore, label: str, action: Callable[[], object]) -> None:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of every SELECT ``action`` sends (the statements captured from one run)."""
    sent: list[tuple[str, tuple[object, ...]]] = []
    real = store.db.execute

    def capture(statement: str, params: Sequence[object] = ()) -> object:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, tuple(params)))
        return real(statement, params)

    store.db.execute = capture  # type: ignore[method-assign]
    try:
        action()
    finally:
        store.db.execute = real  # type: ignore[method-assign]
    print(f"\n-- {label}")
    for statement, params in sent:
        print(f"   {statement[:60]} … {statement[-90:]}")
        for (line,) in store.db.fetchall(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params):
            print(f"      {line}")


def bench_scale(root: Path, server_url: str, cases: int, rounds: int, *, plans: bool = False) -> None:
    url = fresh_database(server_url, "bench_scale")
    office = root / "office-scale"
    store = open_case_store(office, OfficeSettings(office_db=url), load_config(sample_config_path()), now=lambda: NOW)
    started = time.perf_counter()
    fill(store, cases)
    print(f"\n{cases:,} cases and {2 * cases:,} steps generated on the server in {time.perf_counter() - started:.1f} s")
    middle = f"case-{cases // 2:07d}"
    baseline_page = median_ms(
        lambda: store.db.fetchall("SELECT * FROM cases WHERE case_id > ? ORDER BY case_id LIMIT 50", (middle,)), rounds
    )
    baseline_count = median_ms(lambda: store.db.scalar("SELECT COUNT(*) FROM cases"), rounds)
    # the case a page starts after when the clerk has paged 100 pages of 50 in (the workbench keeps it as cursor)
    deep = store.query(CaseQuery(), offset=5000, limit=1, count=False).cases[0]
    deep_open = store.query(CaseQuery(open_only=True), offset=5000, limit=1, count=False).cases[0]
    unit_state = CaseQuery(unit="QZF", states=(CaseState.TRANSFERRED,))
    cap = COUNT_CAP
    measures: list[tuple[str, Callable[[], object]]] = [
        ("filter change: unit + state, first page", lambda: store.query(unit_state, count_cap=cap)),
        ("filter change: open cases, first page", lambda: store.query(CaseQuery(open_only=True), count_cap=cap)),
        ("page move: after case 5,000, no filter",
         lambda: store.query(CaseQuery(), offset=5000, count_cap=cap, cursor=PageCursor(deep, Seek.AFTER))),
        ("page move: after case 5,000, open cases",
         lambda: store.query(CaseQuery(open_only=True), offset=5000, count_cap=cap,
                             cursor=PageCursor(deep_open, Seek.AFTER))),
        ("page back: before case 5,000, open cases",
         lambda: store.query(CaseQuery(open_only=True), offset=4950, count_cap=cap,
                             cursor=PageCursor(deep_open, Seek.BEFORE))),
        ("open a case: get + timeline", lambda: (store.get(middle), store.timeline(middle))),
        ("poll: data_version", store.data_version),
        ("before: unit + state, exact count", lambda: store.query(unit_state)),
        ("before: OFFSET 5,000 + exact count", lambda: store.query(CaseQuery(), offset=5000)),
        ("before: OFFSET 5,000 + exact count, open", lambda: store.query(CaseQuery(open_only=True), offset=5000)),
        ("text search: 油烟 (two characters)", lambda: store.query(CaseQuery(text="油烟"), count_cap=cap)),
        ("text search: 芳 (one character)", lambda: store.query(CaseQuery(text="芳"), count_cap=cap)),
        ("text search: last 4 digits 1234", lambda: store.query(CaseQuery(text="1234"), count_cap=cap)),
        ("header counts (six counts)", lambda: store.counts(NOW.date())),
    ]  # fmt: skip
    print(f"pages of 50; counts capped at {cap:,} (the workbench's \"1,000+\") unless marked exact")
    print(f"baseline: one page of 50 by primary key     {baseline_page:8.2f} ms")
    print(f"baseline: SELECT COUNT(*) FROM cases        {baseline_count:8.2f} ms\n")
    print(f"{'measure':45} {'median ms':>10} {'vs page':>9}")
    for label, action in measures:
        ms = median_ms(action, rounds)
        print(f"{label:45} {ms:10.2f} {ms / baseline_page:8.1f}x")
    if plans:
        for label, action in measures[:7]:
            explain(store, label, action)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--url", help="a server URL whose role may create databases (default: a throwaway server)")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print the plans of the workbench's statements")
    args = parser.parse_args()
    server: pg_server.ThrowawayServer | None = None
    server_url = args.url
    if not server_url:
        bindir = pg_server.find_server_bindir()
        if bindir is None:
            raise SystemExit("no PostgreSQL binaries: pass --url")
        pg_server._SERVER_SETTINGS.update(
            {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on", "shared_buffers": "256MB"}
        )
        server = pg_server.ThrowawayServer(bindir)
        server.start()
        server_url = server.url
    try:
        with psycopg.connect(server_url) as conn:
            print("server:", conn.execute("SELECT version()").fetchone())
        with tempfile.TemporaryDirectory() as scratch:
            if not args.skip_import:
                bench_import(Path(scratch), server_url, args.files)
            if not args.skip_scale:
                bench_scale(Path(scratch), server_url, args.cases, args.rounds, plans=args.explain)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
