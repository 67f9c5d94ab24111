"""Benchmark of the office case store (office/store.py) at 100,000 cases.

Run from the repository root: ``python benchmarks/bench_office_store.py [--cases 100000] [--rounds 30]``.

The cases are generated straight into the office tables (the projection from imported sessions is not
measured here; ``bench_office_scale.py`` measures the import), spread over 7 units, 11 states, 4
districts and 1,000 reception days, with two saved steps each. Then, in the same run, the median of
``--rounds`` runs of what the workbench does:

- a filter change: the first page of one unit's transferred cases, with the count;
- a page move: the page at offset 5,000 of every case, with the count;
- the same as the workbench now reads them: the count capped at 1,000, the page after case 5,000 by cursor (keyset);
- opening a case: ``get`` and its ``timeline``;
- a text search over the search column (``LIKE``), two characters, one and four digits, with the count the
  workbench shows (capped at 1,000, as the case list asks), and once with the exact count the commands ask for;

beside two baselines on the same table: ``SELECT COUNT(*) FROM cases`` and one page (50 rows) read by
primary key. The ratios are what to compare between machines.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reception_tui.config import load_config, sample_config_path
from reception_tui.domain.followup import CaseKind, CaseState, initial_followup
from reception_tui.office.model import CaseQuery, DeskFields, PageCursor, Seek
from reception_tui.office.projection import search_text, source_hash
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import (
    DESK_COLUMNS,
    FOLLOWUP_COLUMNS,
    CaseStore,
    _desk_values,
    _followup_values,
    open_case_store,
)

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=CST)
CAP = 1000
"""The case list's count cap for a text search (ui/office/screens/case_list.py SEARCH_COUNT_CAP)."""
UNITS = ("JDBSC", "QZF", "QZJJ", "QJTJ", "QSTHJ", "QMZJ", "RDGW")
DISTRICTS = ("第一选区", "第二选区", "第三选区", "第四选区")
SUMMARIES = ("餐饮油烟扰民，要求整改", "老旧小区雨污管网倒灌", "建议公交站后移", "咨询老年助餐服务申请",
             "预付卡商家关门跑路", "邻里装修漏水纠纷", "咨询学区划分政策", "路灯坏了没人修")  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def fill(store: CaseStore, count: int, seed: int = 7) -> None:
    """``count`` cases and two steps each, inserted straight into the tables in batches."""
    rng = random.Random(seed)
    columns = ("case_id", *DESK_COLUMNS, "search", "source_hash", "source_changed", *FOLLOWUP_COLUMNS,
               "revision", "created_at", "updated_at", "updated_by")  # fmt: skip
    insert = f"INSERT INTO cases ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    step = ("INSERT INTO case_steps (case_id, seq, kind, clerk, at, data, state_before, state_after, revision) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")  # fmt: skip
    states = list(CaseState)
    for start in range(0, count, 5000):
        rows, steps = [], []
        for index in range(start, min(start + 5000, count)):
            day = date(2026, 11, 20) - timedelta(days=index % 1000)
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            phone = f"1{rng.randrange(10**9, 10**10)}"
            desk = DeskFields(
                case_number=f"BSJD-{day:%Y%m%d}-{index % 1000:03d}-{index // 1000 % 10}-{index % 97:02d}",
                session_id=f"session-{index // 30}", issue_id=f"case-{index:06d}", visitor_id=f"visitor-{index}",
                site_code="BSJD", day=day, category="其他", request_type="求助",
                district=rng.choice(DISTRICTS), summary=rng.choice(SUMMARIES), own_words="我想反映一个情况",
                place="文三路111号附近", receiving_deputy="周建国", desk_target=rng.choice(UNITS),
                suggestion_deputy="", visitor_masked=name[0] + "*" + name[-1], phone_last4=phone[-4:],
                confidential=False, deputies_on_duty=("周建国", "林晓梅"),
            )  # fmt: skip
            followup = initial_followup(CaseKind.TRANSFER, False)
            state = rng.choice(states)
            values = list(_followup_values(followup))
            values[FOLLOWUP_COLUMNS.index("state")] = state.value
            values[FOLLOWUP_COLUMNS.index("status")] = "closed" if state is CaseState.CLOSED else "open"
            values[FOLLOWUP_COLUMNS.index("unit")] = desk.desk_target
            values[FOLLOWUP_COLUMNS.index("due_on")] = (day + timedelta(days=30)).isoformat()
            rows.append((desk.issue_id, *_desk_values(desk), search_text(desk, name), source_hash(desk), 0, *values,
                         3, NOW.isoformat(), NOW.isoformat(), "王芳"))  # fmt: skip
            for seq in (1, 2):
                steps.append((desk.issue_id, seq, "transfer", "王芳", NOW.isoformat(),
                              '{"on": "2026-11-21", "slip_number": "ZB", "unit": "QZF"}', "awaiting_transfer",
                              state.value, seq + 1))  # fmt: skip
        with store.db.transaction():
            store.db.executemany(insert, rows)
            store.db.executemany(step, steps)
    store.db.execute("ANALYZE")


def median_ms(action: Callable[[], object], rounds: int) -> float:
    action()  # warm the page cache and the statement cache
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    config = load_config(sample_config_path())
    with tempfile.TemporaryDirectory() as folder:
        office = Path(folder) / "office"
        store = open_case_store(office, OfficeSettings(), config, now=lambda: NOW)
        started = time.perf_counter()
        fill(store, args.cases)
        print(f"{args.cases:,} cases and {2 * args.cases:,} steps generated in {time.perf_counter() - started:.1f} s")
        middle = f"case-{args.cases // 2:06d}"
        baseline_count = median_ms(lambda: store.db.scalar("SELECT COUNT(*) FROM cases"), args.rounds)
        baseline_page = median_ms(
            lambda: store.db.fetchall("SELECT * FROM cases WHERE case_id > ? ORDER BY case_id LIMIT 50", (middle,)),
            args.rounds,
        )
        deep = store.query(CaseQuery(), offset=5000, limit=1, count=False).cases[0]
        deep_open = store.query(CaseQuery(open_only=True), offset=5000, limit=1, count=False).cases[0]
        measures: list[tuple[str, Callable[[], object]]] = [
            ("filter change: unit + state, first page",
             lambda: store.query(CaseQuery(unit="QZF", states=(CaseState.TRANSFERRED,)))),
            ("page move: offset 5,000, no filter", lambda: store.query(CaseQuery(), offset=5000)),
            ("page move: offset 5,000, open cases", lambda: store.query(CaseQuery(open_only=True), offset=5000)),
            ("workbench: unit + state, count capped",
             lambda: store.query(CaseQuery(unit="QZF", states=(CaseState.TRANSFERRED,)), count_cap=CAP)),
            ("workbench: page after case 5,000, no filter",
             lambda: store.query(CaseQuery(), offset=5000, count_cap=CAP, cursor=PageCursor(deep, Seek.AFTER))),
            ("workbench: page after case 5,000, open",
             lambda: store.query(CaseQuery(open_only=True), offset=5000, count_cap=CAP,
                                 cursor=PageCursor(deep_open, Seek.AFTER))),
            ("open a case: get + timeline", lambda: (store.get(middle), store.timeline(middle))),
            ("text search: 油烟 (two characters)", lambda: store.query(CaseQuery(text="油烟"), count_cap=CAP)),
            ("text search: 芳 (one character)", lambda: store.query(CaseQuery(text="芳"), count_cap=CAP)),
            ("text search: last 4 digits 1234", lambda: store.query(CaseQuery(text="1234"), count_cap=CAP)),
            ("text search: 芳, exact count (commands)", lambda: store.query(CaseQuery(text="芳"))),
            ("header counts", lambda: store.counts(NOW.date())),
        ]  # fmt: skip
        print(f"\nbaseline: SELECT COUNT(*) FROM cases       {baseline_count:8.2f} ms")
        print(f"baseline: one page of 50 by primary key     {baseline_page:8.2f} ms\n")
        print(f"{'measure':45} {'median ms':>10} {'vs count':>9} {'vs page':>9}")
        for label, action in measures:
            ms = median_ms(action, args.rounds)
            print(f"{label:45} {ms:10.2f} {ms / baseline_count:8.1f}x {ms / baseline_page:8.1f}x")
        store.close()


if __name__ == "__main__":
    main()
