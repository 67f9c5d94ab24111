"""Random but consistent office data straight into the office tables, for the property tests and the report
benchmark (benchmarks/bench_reports.py): cases of every kind and state with dates in order, survey steps, and
the sessions they come from. Not the import path (the hand fixture covers that): this is volume."""

from __future__ import annotations

import random
from datetime import date, timedelta

import orjson

from reception_tui.office.db import Database
from reception_tui.office.store import DESK_COLUMNS, FOLLOWUP_COLUMNS

UNITS = ("JDBSC", "QZF", "QZJJ", "QJTJ", "QSTHJ", "QMZJ", "RDGW")
CATEGORIES = (
    "城乡建设与规划", "交通出行", "市政公用", "环境保护与环境卫生", "物业与社区管理", "教育", "医疗卫生",
    "社会保障与劳动就业", "民政与养老", "农业农村", "社会治安与矛盾纠纷", "市场监管与消费", "其他",
)  # fmt: skip
REQUEST_TYPES = ("咨询", "求助", "投诉", "建议", "批评", "表扬")
DISTRICTS = ("第一选区", "第二选区", "第三选区", "第四选区", "")
DEPUTIES = ("周建国", "林晓梅", "陈志远", "王秀英", "赵海峰", "孙丽华", "吴国平")
SITES = ("BSJD", "XHZ")
KINDS = ("explained", "transfer", "suggestion", "redirected", "undecided")
VERDICTS = ("satisfied", "basically", "unsatisfied")
_CASE_COLUMNS = ("case_id", *DESK_COLUMNS, "search", "source_hash", "source_changed", *FOLLOWUP_COLUMNS, "revision",
                 "created_at")  # fmt: skip
_INSERT_CASE = f"INSERT INTO cases ({', '.join(_CASE_COLUMNS)}) VALUES ({', '.join('?' * len(_CASE_COLUMNS))})"
_INSERT_STEP = ("INSERT INTO case_steps (case_id, seq, kind, clerk, at, data, state_before, state_after, revision) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")  # fmt: skip
_INSERT_SESSION = ("INSERT INTO sessions (session_id, site_code, day, state, source_file, conflicts, versions, "
                   "case_numbers) VALUES (?, ?, ?, ?, NULL, NULL, 1, '')")  # fmt: skip


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def fill(db: Database, rng: random.Random, cases: int, *, first_day: date, days: int, per_session: int = 30,
         batch: int = 5000, prefix: str = "") -> int:  # fmt: skip
    """Insert ``cases`` cases in sessions of ``per_session`` over ``days`` days from ``first_day``; the number of
    sessions. ``prefix`` starts every id (fill the same tables twice with different prefixes)."""
    sessions = max(1, -(-cases // per_session))
    session_rows = []
    session_meta = []
    for index in range(sessions):
        day = first_day + timedelta(days=rng.randrange(days))
        site = SITES[index % len(SITES)] if rng.random() < 0.3 else SITES[0]
        on_duty = tuple(rng.sample(DEPUTIES, 2))
        state = {"session": {"id": f"{prefix}s{index}", "site_code": site, "day": day.isoformat(), "deputies": on_duty},
                 "visitors": [], "issues": []}  # fmt: skip
        session_rows.append((f"{prefix}s{index}", site, day.isoformat(), orjson.dumps(state)))
        session_meta.append((f"{prefix}s{index}", site, day, on_duty))
    if db.dialect != "sqlite":
        session_rows = [(a, b, c, bytes(d)) for a, b, c, d in session_rows]
    rows, steps = [], []

    def flush() -> None:
        with db.transaction():
            db.executemany(_INSERT_CASE, rows)
            db.executemany(_INSERT_STEP, steps)
        rows.clear()
        steps.clear()

    with db.transaction():
        db.executemany(_INSERT_SESSION, session_rows)
    for number in range(cases):
        session_id, site, day, on_duty = session_meta[number // per_session]
        kind = rng.choice(KINDS)
        anonymous = rng.random() < 0.05
        receiving = rng.choice(on_duty)
        desk = (
            f"{prefix}N{number}", session_id, f"{session_id}-v{number % per_session // 2}", site, day.isoformat(),
            rng.choice(CATEGORIES),
            rng.choice(REQUEST_TYPES), rng.choice(DISTRICTS), "摘要", "原话", "某路", receiving, "",
            receiving if kind == "suggestion" else "", "" if anonymous else "张*", "", 0,
            "\n" + "\n".join(on_duty) + "\n", "",
        )  # fmt: skip
        unit = ""
        transferred_on = due_on = replied_on = informed_on = closed_on = None
        outcome = satisfaction = None
        extensions = surveyed_round = handling_round = 0
        state = "settled" if kind in ("explained", "redirected") else "awaiting_transfer"
        verdicts: list[str] = []
        if kind in ("transfer", "suggestion") and rng.random() < 0.9:
            unit = "RDGW" if kind == "suggestion" else rng.choice(UNITS[:-1])
            transferred_on = day + timedelta(days=rng.randrange(0, 10))
            due_on = transferred_on + timedelta(days=rng.choice((21, 30, 90)))
            handling_round = 1
            state = "transferred"
            if rng.random() < 0.8:
                replied_on = transferred_on + timedelta(days=rng.randrange(1, 120))
                outcome = rng.choice("ABCD")
                state = "replied"
                if not anonymous and rng.random() < 0.7:
                    informed_on = replied_on + timedelta(days=rng.randrange(0, 5))
                    state = "informed"
                    if rng.random() < 0.8:
                        verdicts.append(rng.choice(VERDICTS))
                        state = "surveyed"
                        if verdicts[-1] == "unsatisfied" and rng.random() < 0.5:
                            handling_round = 2  # re-handled, then replied again and surveyed again
                            transferred_on = informed_on + timedelta(days=3)
                            due_on = transferred_on + timedelta(days=30)
                            replied_on = transferred_on + timedelta(days=rng.randrange(1, 40))
                            informed_on = replied_on + timedelta(days=1)
                            verdicts.append(rng.choice(VERDICTS))
                        surveyed_round = handling_round
        elif kind in ("explained", "redirected") and not anonymous and rng.random() < 0.4:
            verdicts.append(rng.choice(VERDICTS))
            state = "surveyed"
            surveyed_round = 1
        if verdicts:
            satisfaction = verdicts[-1]
        if state in ("surveyed", "replied", "settled") and rng.random() < 0.5 and (anonymous or state != "replied"):
            closed_on = (replied_on or day) + timedelta(days=20)
            state = "closed"
        followup = (
            kind, int(anonymous), state, "closed" if state == "closed" else "open", unit, "", _iso(transferred_on),
            _iso(due_on), extensions, _iso(replied_on), outcome, None, _iso(informed_on), satisfaction,
            surveyed_round, handling_round, _iso(closed_on),
        )  # fmt: skip
        case_id = f"{prefix}c{number:07d}"
        rows.append((case_id, *desk, "", "", 0, *followup, 1 + len(verdicts), "2026-12-01T00:00:00+08:00"))
        for seq, verdict in enumerate(verdicts, start=1):
            on = (informed_on or day).isoformat()
            data = orjson.dumps({"note": "", "on": on, "satisfaction": verdict}, option=orjson.OPT_SORT_KEYS)
            steps.append((case_id, seq, "survey", "王芳", "2026-12-01T00:00:00+08:00", data.decode(), "informed",
                          "surveyed", seq + 1))  # fmt: skip
        if len(rows) >= batch:
            flush()
    if rows:
        flush()
    return sessions
