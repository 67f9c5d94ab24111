"""Build a :class:`~reception_tui.reports.model.Report` from the office store (SQLite or PostgreSQL).

Every count is a ``GROUP BY`` in the database, so a yearly report over 100,000 issues reads a few thousand grouped
rows instead of every case; the one exception is the replies (a few tens of thousands of (transfer day, reply day,
unit, outcome) combinations), whose narrow rows are counted in Python, the period and the previous one in one scan.
The arithmetic (rates, median, percentile) is in :mod:`reception_tui.reports.figures`.
The definitions below are the ones in docs/reports.md and in the messages ``report.definition.*``.

Which cases a figure counts (its *cohort*) follows domain.md's "Report definitions":

- *received in the period*: cases whose reception day is in the period (issues, visitors, breakdowns,
  dispositions, transfers by unit, surveys, re-handling, overdue, per deputy);
- *due in the period*: transferred cases whose (extended) due date is in the period (reply rate);
- *replied in the period*: cases whose reply date is in the period (on-time replies, reply time, outcome
  classes, solved rate).

Reception days: *held* are the distinct (site, day) of the imported sessions in the period; *planned* are the
days the site config's reception rule gives in the period (for the config's own site).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import orjson

from reception_tui.calendar.schedule import CalendarError, ReceptionDay, reception_days
from reception_tui.calendar.workdays import WorkingDays
from reception_tui.domain.followup import WAITING_FOR_UNIT, CaseKind, Outcome, Satisfaction
from reception_tui.domain.site import SiteConfig
from reception_tui.office.db import Database
from reception_tui.reports.figures import WorkdayIndex, median, percentile, rate, top_n
from reception_tui.reports.model import Chart, Figure, Period, Report, Series, Table
from reception_tui.reports.period import months_of, previous_period

TOP_CATEGORIES = 8
"""Categories shown by name; the rest are added to 其他."""
OTHER = "report.value.other"
OTHER_CATEGORIES = frozenset({"其他", "其它"})
"""Categories the desk already calls "other": counted in the same row as the categories not shown by name."""
NONE = "report.value.none"
"""A row for cases with no value in the column (no district recorded, no unit yet)."""
YES, NO = "report.value.yes", "report.value.no"
_WAITING = tuple(sorted(state.value for state in WAITING_FOR_UNIT))
_VERDICT_VALUES = tuple(verdict.value for verdict in Satisfaction)
_ONE_ROUND_VERDICTS = ", ".join(
    ["SUM(CASE WHEN surveyed_round > 0 AND handling_round <= 1 AND satisfaction = ? THEN 1 ELSE 0 END)"]
    * len(_VERDICT_VALUES)
)
"""The verdicts of cases surveyed in a single handling round, one sum per verdict (parameters: the verdicts)."""
_GOOD = frozenset({Satisfaction.SATISFIED.value, Satisfaction.BASICALLY.value})
_KINDS = (CaseKind.EXPLAINED, CaseKind.TRANSFER, CaseKind.SUGGESTION, CaseKind.REDIRECTED, CaseKind.UNDECIDED)

FIGURE_KEYS = (
    "reception_days_planned", "reception_days_held", "reception_days_on_time", "reception_days_postponed",
    "reception_days_unplanned", "reception_days_missed", "visitors", "issues", "on_the_spot_rate",
    "transferred", "reply_rate", "replied", "on_time_reply_rate", "reply_time_median", "reply_time_p90",
    "solved_rate", "survey_rate", "satisfaction_rate", "first_time_satisfaction_rate", "rehandled", "overdue",
)  # fmt: skip
"""Every figure of a report, in the order it is shown."""


@dataclass
class _Scope:
    """The WHERE of one cohort: a date column in ``start..end`` and, optionally, one site."""

    column: str
    start: str
    end: str
    site: str | None
    site_column: str = "site_code"

    def where(self, extra: str = "") -> tuple[str, list[Any]]:
        clause = f"{self.column} >= ? AND {self.column} <= ?"
        params: list[Any] = [self.start, self.end]
        if self.site is not None:
            clause += f" AND {self.site_column} = ?"
            params.append(self.site)
        if extra:
            clause += f" AND {extra}"
        return clause, params


def _scope(column: str, period: Period, site: str | None) -> _Scope:
    return _Scope(column, period.start.isoformat(), period.end.isoformat(), site)


@dataclass
class _Counts:
    """Everything a period's figures are made of (one pass of queries)."""

    issues: int = 0
    visitors: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    by_request_type: Counter[str] = field(default_factory=Counter)
    by_district: Counter[str] = field(default_factory=Counter)
    by_site: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    issues_by_month: Counter[str] = field(default_factory=Counter)
    explained_by_month: Counter[str] = field(default_factory=Counter)
    visitors_by_month: Counter[str] = field(default_factory=Counter)
    replied_by_month: Counter[str] = field(default_factory=Counter)
    transferred_by_unit: Counter[str] = field(default_factory=Counter)
    due: int = 0
    due_replied: int = 0
    replied: int = 0
    replied_on_time: int = 0
    replied_by_unit: Counter[str] = field(default_factory=Counter)
    on_time_by_unit: Counter[str] = field(default_factory=Counter)
    solved_by_unit: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    reply_days: list[tuple[float, int]] = field(default_factory=list)
    answerable: int = 0
    surveyed: int = 0
    satisfied: int = 0
    first_satisfied: int = 0
    latest_verdicts: Counter[str] = field(default_factory=Counter)
    first_verdicts: Counter[str] = field(default_factory=Counter)
    rehandled: int = 0
    overdue: list[tuple[str, str, str, str, int]] = field(default_factory=list)
    """(unit, case number, transferred on, due on, days overdue)."""
    held: set[tuple[str, str]] = field(default_factory=set)
    duty: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    """(site, day) -> deputies on duty that day."""
    received_by_deputy: Counter[str] = field(default_factory=Counter)
    suggestions_by_deputy: Counter[str] = field(default_factory=Counter)


def _int(value: Any) -> int:
    return int(value or 0)


def _day(value: Any) -> date:
    return date.fromisoformat(str(value))


@dataclass
class _Replies:
    """The replies received in one period: counts per (unit, outcome, month, on time) and per reply time in
    working days (cases that were transferred)."""

    groups: defaultdict[tuple[str, str, str, int], int] = field(default_factory=lambda: defaultdict(int))
    days: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))


class _Reader:
    """The queries of one report over one database."""

    def __init__(self, db: Database, is_working_day: Callable[[date], bool], today: date) -> None:
        self.db = db
        self.is_working_day = is_working_day
        self.today = today

    def rows(self, statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return self.db.fetchall(statement, params)

    def counts(
        self, period: Period, site: str | None, *, tables: bool = True, replied: _Replies | None = None
    ) -> _Counts:
        """Everything the period's figures need and, with ``tables``, its breakdowns too (the previous period
        needs only its figures: one aggregate row instead of the breakdowns). ``replied``: the period's
        replies (:meth:`split_replies`) when the caller has read them already (with the other period's)."""
        c = _Counts()
        sessions: dict[str, str] | None = None
        if tables:
            sessions = self._received(c, _scope("day", period, site))
        else:
            self._received_totals(c, _scope("day", period, site))
        self._due(c, _scope("due_on", period, site))
        if replied is None:
            replied = self.split_replies(self.replied_groups([period], site), [period])[0]
        self._replied(c, replied)
        self._surveys(c, _scope("day", period, site))
        self._overdue(c, _scope("day", period, site))
        self._sessions(c, period, site, sessions)
        return c

    def counts_duty(self, period: Period, site: str | None) -> dict[tuple[str, str], set[str]]:
        """(site, day) -> deputies on duty, for the reception days held in ``period``."""
        c = _Counts()
        where, params = _scope("day", period, site).where()
        rows = self.rows(
            f"SELECT session_id, deputies FROM cases WHERE {where} GROUP BY session_id, deputies",  # noqa: S608
            params,
        )
        self._sessions(c, period, site, dict(rows))
        return c.duty

    @staticmethod
    def _one_round(c: _Counts, verdicts: Sequence[Any]) -> None:
        """Add the verdicts of cases surveyed in a single handling round (their only survey is both the first and
        the latest; ``verdicts`` in :data:`_VERDICT_VALUES` order)."""
        for value, count in zip(_VERDICT_VALUES, verdicts, strict=True):
            n = _int(count)
            if n:
                c.latest_verdicts[value] += n
                c.first_verdicts[value] += n

    def _received_totals(self, c: _Counts, scope: _Scope) -> None:
        """The figures of the cases received in the period, without breakdowns: one aggregate row."""
        where, params = scope.where()
        row = self.db.fetchone(
            "SELECT COUNT(*), SUM(CASE WHEN kind = ? THEN 1 ELSE 0 END), "  # noqa: S608
            "SUM(CASE WHEN transferred_on IS NULL THEN 0 ELSE 1 END), "
            "SUM(CASE WHEN anonymous = 0 AND (informed_on IS NOT NULL OR surveyed_round > 0 OR kind IN (?, ?)) "
            f"THEN 1 ELSE 0 END), SUM(CASE WHEN handling_round >= 2 THEN 1 ELSE 0 END), {_ONE_ROUND_VERDICTS} "
            f"FROM cases WHERE {where}",
            (CaseKind.EXPLAINED.value, CaseKind.EXPLAINED.value, CaseKind.REDIRECTED.value, *_VERDICT_VALUES, *params),
        )
        if row is None:
            return
        self._one_round(c, row[5:])
        issues, explained, transferred, answerable, rehandled = (_int(v) for v in row[:5])
        # visitors per session (a visitor record belongs to one session), summed: a narrow key for the sort that
        # COUNT(DISTINCT visitor_id) over the whole period would make wide (benchmarks/README.md, Reports)
        visitors = sum(
            _int(count)
            for _, count in self.rows(
                f"SELECT session_id, COUNT(DISTINCT visitor_id) FROM cases WHERE {where} GROUP BY session_id",  # noqa: S608
                params,
            )
        )
        c.issues, c.visitors, c.answerable, c.rehandled = issues, visitors, answerable, rehandled
        c.by_kind[CaseKind.EXPLAINED.value] = explained
        c.transferred_by_unit[NONE] = transferred

    def _received(self, c: _Counts, scope: _Scope) -> dict[str, str]:
        """The cases received in the period, one ``GROUP BY`` per breakdown on one or two narrow keys: each is a
        scan the database does without handing a row to Python (reading the 100,000 rows' narrow columns into
        Python and counting there cost half as much again, benchmarks/README.md). Returns each session's deputies
        on duty (session id -> the ``deputies`` text)."""
        where, params = scope.where()
        explained, redirected = CaseKind.EXPLAINED.value, CaseKind.REDIRECTED.value
        for kind, month, count, answerable, rehandled, *verdicts in self.rows(
            "SELECT kind, substr(day, 1, 7), COUNT(*), "  # noqa: S608
            "SUM(CASE WHEN anonymous = 0 AND (informed_on IS NOT NULL OR surveyed_round > 0 OR kind IN (?, ?)) "
            f"THEN 1 ELSE 0 END), SUM(CASE WHEN handling_round >= 2 THEN 1 ELSE 0 END), {_ONE_ROUND_VERDICTS} "
            f"FROM cases WHERE {where} GROUP BY kind, substr(day, 1, 7)",
            (explained, redirected, *_VERDICT_VALUES, *params),
        ):
            self._one_round(c, verdicts)
            n = _int(count)
            c.issues += n
            c.by_kind[kind] += n
            c.issues_by_month[month] += n
            if kind == explained:
                c.explained_by_month[month] += n
            c.answerable += _int(answerable)
            c.rehandled += _int(rehandled)
        # per session (a visitor record belongs to one session): the visitors, and the deputies on duty
        duty: dict[str, str] = {}
        for session_id, deputies, month, count in self.rows(
            f"SELECT session_id, deputies, substr(day, 1, 7), COUNT(DISTINCT visitor_id) FROM cases "  # noqa: S608
            f"WHERE {where} GROUP BY session_id, deputies, substr(day, 1, 7)",
            params,
        ):
            c.visitors_by_month[month] += _int(count)
            duty[str(session_id)] = str(deputies)
        c.visitors = sum(c.visitors_by_month.values())
        for column, counter in (("category", c.by_category), ("request_type", c.by_request_type),
                                ("district", c.by_district), ("site_code", c.by_site)):  # fmt: skip
            for value, count in self.rows(
                f"SELECT {column}, COUNT(*) FROM cases WHERE {where} GROUP BY {column}",  # noqa: S608
                params,
            ):
                counter[value or NONE] += _int(count)
        for unit, count in self.rows(
            f"SELECT unit, COUNT(*) FROM cases WHERE {where} AND transferred_on IS NOT NULL GROUP BY unit",  # noqa: S608
            params,
        ):
            c.transferred_by_unit[unit or NONE] += _int(count)
        for receiving, suggesting, count in self.rows(
            "SELECT receiving_deputy, CASE WHEN kind = ? THEN suggestion_deputy ELSE NULL END, COUNT(*) "  # noqa: S608
            f"FROM cases WHERE {where} GROUP BY 1, 2",
            (CaseKind.SUGGESTION.value, *params),
        ):
            if receiving:
                c.received_by_deputy[receiving] += _int(count)
            if suggesting:
                c.suggestions_by_deputy[suggesting] += _int(count)
        return duty

    def _due(self, c: _Counts, scope: _Scope) -> None:
        where, params = scope.where("transferred_on IS NOT NULL")
        row = self.db.fetchone(
            f"SELECT COUNT(*), SUM(CASE WHEN replied_on IS NOT NULL THEN 1 ELSE 0 END) FROM cases WHERE {where}",  # noqa: S608
            params,
        )
        c.due, c.due_replied = (_int(v) for v in (row or (0, 0)))

    def replied_groups(self, periods: Sequence[Period], site: str | None) -> Counter[tuple[Any, ...]]:
        """The replies received in any of ``periods``, counted per (transfer day, reply day, unit, outcome, on
        time). ONE scan serves the period and the previous one, each taking its rows by reply day. The rows are
        counted here rather than by a ``GROUP BY``: tens of thousands of groups on five keys cost SQLite a sort
        twice as long as handing the narrow rows over (benchmarks/README.md, Reports)."""
        hull = Period(min(p.start for p in periods), max(p.end for p in periods), "")
        where, params = _scope("replied_on", hull, site).where()
        on_time = "CASE WHEN due_on IS NULL OR replied_on <= due_on THEN 1 ELSE 0 END"
        return Counter(
            self.rows(f"SELECT transferred_on, replied_on, unit, outcome, {on_time} FROM cases WHERE {where}", params)  # noqa: S608
        )

    def split_replies(self, grouped: Counter[tuple[Any, ...]], periods: Sequence[Period]) -> list[_Replies]:
        """The replies of :meth:`replied_groups` summed per period (in one pass): per (unit, outcome, month, on
        time) and per reply time in working days. The reply time of a (transfer day, reply day) pair is
        ``cum[reply] - cum[transfer]`` over one table of cumulative working days, built once for all periods."""
        out = [_Replies() for _ in periods]
        bounds = [(p.start.isoformat(), p.end.isoformat(), r.groups, r.days) for p, r in zip(periods, out, strict=True)]
        transfers = {key[0] for key in grouped if key[0]}
        upto: dict[str, int] = {}
        if transfers:
            dates = transfers | {key[1] for key in grouped}
            upto = WorkdayIndex(_day(min(dates)), _day(max(dates)), self.is_working_day).by_iso()
        for (transferred, replied, unit, outcome, ok), n in grouped.items():
            key = (unit or NONE, outcome or NONE, replied[:7], 1 if ok else 0)
            spent = -1
            if transferred:
                spent = upto[replied] - upto[transferred] if replied > transferred else 0
                if spent < 0:
                    spent = 0
            for start, end, groups, days in bounds:
                if start <= replied <= end:
                    groups[key] += n
                    if spent >= 0:
                        days[spent] += n
        return out

    @staticmethod
    def add_replies(c: _Counts, replies: _Replies) -> None:
        """The replies received in the period (from :meth:`split_replies`), added to counts made without them."""
        _Reader._replied(c, replies)

    @staticmethod
    def _replied(c: _Counts, replies: _Replies) -> None:
        """The replies received in the period (from :meth:`split_replies`)."""
        for (unit, outcome, month, ok), n in replies.groups.items():
            c.replied += n
            c.replied_by_unit[unit] += n
            c.replied_by_month[month] += n
            c.outcomes[outcome] += n
            if ok:
                c.replied_on_time += n
                c.on_time_by_unit[unit] += n
            if outcome == Outcome.A.value:
                c.solved_by_unit[unit] += n
        c.reply_days = [(float(spent), n) for spent, n in replies.days.items()]

    def _surveys(self, c: _Counts, scope: _Scope) -> None:
        """The verdicts of the period's cases. A case handled in one round was surveyed once (a case is surveyed
        once per round): its ``satisfaction`` is both its first and latest verdict, counted with the received
        cases. A re-handled case's verdicts come from its survey steps, the first and the last (the verdict
        matched in the step's stored JSON, whose keys are sorted and unspaced: ``"satisfaction":"…"``)."""
        where, params = replace(scope, column="c.day", site_column="c.site_code").where()
        patterns = [f'%"satisfaction":"{verdict.value}"%' for verdict in Satisfaction]
        cases = "WHEN s.data LIKE ? THEN ? " * len(patterns)
        first: dict[str, tuple[int, str]] = {}
        latest: dict[str, tuple[int, str]] = {}
        for case_id, seq, found, data in self.rows(
            f"SELECT c.case_id, s.seq, CASE {cases}ELSE NULL END, "  # noqa: S608
            "CASE WHEN s.data LIKE ? OR s.data LIKE ? OR s.data LIKE ? THEN NULL ELSE s.data END "
            "FROM cases c JOIN case_steps s ON s.case_id = c.case_id "
            f"WHERE {where} AND c.handling_round >= 2 AND c.surveyed_round > 0 AND s.kind = 'survey'",
            (*(v for pattern, verdict in zip(patterns, Satisfaction, strict=True) for v in (pattern, verdict.value)),
             *patterns, *params),
        ):  # fmt: skip
            verdict = str(found) if found is not None else ""
            if found is None and data:  # a step written some other way: read its JSON
                verdict = str(orjson.loads(data).get("satisfaction", ""))
            seq = int(seq)
            if case_id not in first or seq < first[case_id][0]:
                first[case_id] = (seq, verdict)
            if case_id not in latest or seq > latest[case_id][0]:
                latest[case_id] = (seq, verdict)
        c.latest_verdicts.update(verdict for _, verdict in latest.values())
        c.first_verdicts.update(verdict for _, verdict in first.values())
        c.surveyed = sum(c.latest_verdicts.values())
        c.satisfied = sum(n for verdict, n in c.latest_verdicts.items() if verdict in _GOOD)
        c.first_satisfied = sum(n for verdict, n in c.first_verdicts.items() if verdict in _GOOD)

    def _overdue(self, c: _Counts, scope: _Scope) -> None:
        waiting = f"state IN ({', '.join('?' * len(_WAITING))}) AND due_on < ?"
        where, params = scope.where(waiting)
        rows = self.rows(
            f"SELECT unit, case_number, transferred_on, due_on FROM cases WHERE {where} "  # noqa: S608
            "ORDER BY unit, due_on, case_number",
            (*params, *_WAITING, self.today.isoformat()),
        )
        c.overdue = [
            (unit or NONE, number, transferred or "", due, (self.today - _day(due)).days)
            for unit, number, transferred, due in rows
        ]

    def _sessions(self, c: _Counts, period: Period, site: str | None, deputies: dict[str, str] | None) -> None:
        """Reception days held (distinct site and day of the imported sessions) and, unless ``deputies`` is None,
        who was on duty: from the cases' ``deputies`` (``deputies``: session id -> that text), else, for a session
        without issues, from its state document."""
        where, params = _scope("day", period, site).where()
        for session_id, site_code, day in self.rows(
            f"SELECT session_id, site_code, day FROM sessions WHERE {where}", params  # noqa: S608
        ):
            c.held.add((site_code, day))
            if deputies is None:
                continue
            names = c.duty.setdefault((site_code, day), set())
            text = deputies.get(session_id)
            if text is not None:
                names.update(name for name in str(text).split("\n") if name)
                continue
            state = self.db.scalar("SELECT state FROM sessions WHERE session_id = ?", (session_id,))
            if state is not None:
                document = orjson.loads(state if isinstance(state, str | bytes) else bytes(state))
                names.update(str(name) for name in document.get("session", {}).get("deputies", ()))


def planned_days(config: SiteConfig, period: Period, days: WorkingDays) -> list[ReceptionDay]:
    """The reception days the config's rule gives in the period (a December day postponed into January counts
    where it is held)."""
    found: dict[date, ReceptionDay] = {}
    for year in range(period.start.year - 1, period.end.year + 1):
        try:
            for reception in reception_days(config.reception, year, days):
                if period.start <= reception.day <= period.end:
                    found[reception.day] = reception
        except CalendarError:
            continue
    return [found[day] for day in sorted(found)]


def _rate_figure(key: str, numerator: int, denominator: int) -> Figure:
    return Figure(key, "rate", rate(numerator, denominator), numerator, denominator)


@dataclass(frozen=True)
class _Plan:
    planned: list[ReceptionDay]
    on_time: int
    postponed: int
    unplanned: int
    missed: int


def _plan(config: SiteConfig, period: Period, site: str | None, held: set[tuple[str, str]], days: WorkingDays,
          today: date) -> _Plan:  # fmt: skip
    planned = planned_days(config, period, days) if site in (None, config.site_code) else []
    held_days = {day for site_code, day in held if site_code == config.site_code}
    planned_on = {reception.day.isoformat(): reception for reception in planned}
    on_time = sum(1 for day in held_days if day in planned_on and planned_on[day].shifted_from is None)
    postponed = sum(1 for day in held_days if day in planned_on and planned_on[day].shifted_from is not None)
    missed = sum(1 for r in planned if r.day <= today and r.day.isoformat() not in held_days)
    return _Plan(planned, on_time, postponed, len(held) - on_time - postponed, missed)


def _figures(c: _Counts, plan: _Plan) -> list[Figure]:
    median_days = median(c.reply_days)
    p90 = percentile(c.reply_days, 0.9)
    return [
        Figure("reception_days_planned", "count", len(plan.planned)),
        Figure("reception_days_held", "count", len(c.held)),
        Figure("reception_days_on_time", "count", plan.on_time),
        Figure("reception_days_postponed", "count", plan.postponed),
        Figure("reception_days_unplanned", "count", plan.unplanned),
        Figure("reception_days_missed", "count", plan.missed),
        Figure("visitors", "count", c.visitors),
        Figure("issues", "count", c.issues),
        _rate_figure("on_the_spot_rate", c.by_kind[CaseKind.EXPLAINED.value], c.issues),
        Figure("transferred", "count", sum(c.transferred_by_unit.values())),
        _rate_figure("reply_rate", c.due_replied, c.due),
        Figure("replied", "count", c.replied),
        _rate_figure("on_time_reply_rate", c.replied_on_time, c.replied),
        Figure("reply_time_median", "days", median_days),
        Figure("reply_time_p90", "days", p90),
        _rate_figure("solved_rate", c.outcomes[Outcome.A.value], c.replied),
        _rate_figure("survey_rate", c.surveyed, c.answerable),
        _rate_figure("satisfaction_rate", c.satisfied, c.surveyed),
        _rate_figure("first_time_satisfaction_rate", c.first_satisfied, c.surveyed),
        Figure("rehandled", "count", c.rehandled),
        Figure("overdue", "count", len(c.overdue)),
    ]


def _share_rows(items: Iterable[tuple[str, int]], total: int) -> tuple[tuple[Any, ...], ...]:
    return tuple((name, count, rate(count, total)) for name, count in items)


def _sorted_counts(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(((k, v) for k, v in counts.items() if v), key=lambda i: (-i[1], i[0]))


def _tables(c: _Counts, plan: _Plan, config: SiteConfig, period: Period, held: set[tuple[str, str]],
            year_duty: dict[tuple[str, str], set[str]]) -> list[Table]:  # fmt: skip
    units = {target.code: target.name for target in config.transfer_targets}
    tables: list[Table] = []
    held_days = {day for site_code, day in held if site_code == config.site_code}
    tables.append(Table(
        "reception_days", ("planned_on", "rule_day", "postponed_reason", "held"),
        tuple((r.day.isoformat(), r.nominal.isoformat(), r.reason or None,
               YES if r.day.isoformat() in held_days else NO) for r in plan.planned),
    ))  # fmt: skip
    share = ("name", "issues", "share")
    merged: Counter[str] = Counter()
    for name, count in c.by_category.items():
        merged[OTHER if name in OTHER_CATEGORIES else name] += count
    categories = top_n(merged, TOP_CATEGORIES, OTHER)
    tables.append(Table("categories", share, _share_rows(categories, c.issues), (2,)))
    tables.append(Table("request_types", share, _share_rows(_sorted_counts(c.by_request_type), c.issues), (2,)))
    tables.append(Table("districts", share, _share_rows(_sorted_counts(c.by_district), c.issues), (2,)))
    tables.append(Table("sites", share, _share_rows(_sorted_counts(c.by_site), c.issues), (2,)))
    kinds = [(f"report.value.{kind.value}", c.by_kind[kind.value]) for kind in _KINDS]
    tables.append(Table("dispositions", share, _share_rows(kinds, c.issues), (2,)))
    overdue_by_unit = Counter(row[0] for row in c.overdue)
    unit_keys = sorted(
        set(c.transferred_by_unit) | set(c.replied_by_unit) | set(overdue_by_unit),
        key=lambda u: (-c.transferred_by_unit[u], units.get(u, u)),
    )
    tables.append(Table(
        "units", ("unit", "transferred", "replied", "on_time_reply_rate", "solved_rate", "overdue"),
        tuple((units.get(u, u), c.transferred_by_unit[u], c.replied_by_unit[u],
               rate(c.on_time_by_unit[u], c.replied_by_unit[u]), rate(c.solved_by_unit[u], c.replied_by_unit[u]),
               overdue_by_unit[u]) for u in unit_keys),
        (3, 4),
    ))  # fmt: skip
    outcomes = [(f"report.value.outcome_{o.value}", c.outcomes[o.value]) for o in Outcome]
    tables.append(Table("outcomes", ("name", "replied", "share"), _share_rows(outcomes, c.replied), (2,)))
    tables.append(Table(
        "satisfaction", ("name", "latest_survey", "first_survey"),
        tuple((f"report.value.{s.value}", c.latest_verdicts[s.value], c.first_verdicts[s.value]) for s in Satisfaction),
    ))  # fmt: skip
    tables.append(Table(
        "overdue", ("unit", "case_number", "transferred_on", "due_on", "days_overdue"),
        tuple((units.get(u, u), number, on or None, due, late) for u, number, on, due, late in c.overdue),
    ))  # fmt: skip
    tables.append(_deputies_table(c, config, period, year_duty))
    months = months_of(period)
    tables.append(Table(
        "monthly", ("month", "visitors", "issues", "explained", "replied"),
        tuple((m, c.visitors_by_month[m], c.issues_by_month[m], c.explained_by_month[m], c.replied_by_month[m])
              for m in months),
    ))  # fmt: skip
    return tables


def _attended(duty: dict[tuple[str, str], set[str]]) -> Counter[str]:
    """Reception days per deputy: distinct (site, day) with the deputy on duty."""
    return Counter(name for names in duty.values() for name in names)


def _deputies_table(c: _Counts, config: SiteConfig, period: Period,
                    year_duty: dict[tuple[str, str], set[str]]) -> Table:  # fmt: skip
    attended, year = _attended(c.duty), _attended(year_duty)
    known = [(d.name, d.level) for d in config.deputies]
    names = {name for name, _ in known}
    extra = sorted((set(attended) | set(c.received_by_deputy) | set(c.suggestions_by_deputy)) - names)
    rows = tuple(
        (name, f"report.value.level_{level}" if level else None, attended[name], year[name],
         config.quotas.get(level) if level else None, c.received_by_deputy[name], c.suggestions_by_deputy[name])
        for name, level in [*known, *((name, "") for name in extra)]
    )  # fmt: skip
    return Table(
        "deputies", ("deputy", "level", "days_attended", "days_this_year", "yearly_quota", "issues_received",
                     "suggestions"), rows,
    )  # fmt: skip


def _charts(tables: Sequence[Table]) -> list[Chart]:
    by_key = {table.key: table for table in tables}

    def bar(key: str, columns: Sequence[int]) -> Chart:
        table = by_key[key]
        series = tuple(
            Series(f"report.column.{table.columns[i]}", tuple(float(row[i] or 0) for row in table.rows))
            for i in columns
        )
        return Chart(key, "bar", tuple(str(row[0]) for row in table.rows), series, key)

    monthly = by_key["monthly"]
    return [
        bar("categories", (1,)),
        bar("units", (1, 2)),
        bar("outcomes", (1,)),
        bar("satisfaction", (1, 2)),
        Chart(
            "monthly", "line", tuple(str(row[0]) for row in monthly.rows),
            tuple(Series(f"report.column.{monthly.columns[i]}", tuple(float(row[i] or 0) for row in monthly.rows))
                  for i in (1, 2, 3, 4)),
            "monthly",
        ),
    ]  # fmt: skip


def build_report(
    db: Database,
    config: SiteConfig,
    period: Period,
    *,
    site: str | None = None,
    now: datetime,
    office_name: str = "",
    is_working_day: Callable[[date], bool] | None = None,
    previous: Period | None = None,
) -> Report:
    """The report of ``period`` (optionally one site's) from the office store ``db`` as it stands at ``now``.

    ``previous`` (default: the period of the same length before it) fills every figure's ``previous``.
    ``is_working_day`` (default: the config's calendar, 调休 included) counts reply times."""
    days = WorkingDays(config.official_days)
    test = is_working_day or days.is_working_day
    today = now.date()
    reader = _Reader(db, test, today)
    before = previous or previous_period(period)

    def replies_and_earlier(on: _Reader) -> tuple[_Replies, _Counts]:
        """The replies of both periods (one scan) and the previous period's figures."""
        replies = on.split_replies(on.replied_groups([period, before], site), [period, before])
        return replies[0], on.counts(before, site, tables=False, replied=replies[1])

    # the replies and the previous period's figures do not depend on the period's own: on a second connection
    # they are read in a worker thread while this one reads the period's (SQLite and psycopg let go of the GIL
    # while a statement runs); without a second connection (a transaction open, an in-memory database) in turn
    second = db.open_reader()
    if second is None:
        replied, earlier = replies_and_earlier(reader)
        current = reader.counts(period, site, replied=replied)
    else:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-previous") as pool:
            try:
                future = pool.submit(replies_and_earlier, _Reader(second, test, today))
                current = reader.counts(period, site, replied=_Replies())
                replied, earlier = future.result()
            finally:
                pool.shutdown(wait=True)
                second.close()
        reader.add_replies(current, replied)
    plan = _plan(config, period, site, current.held, days, today)
    plan_before = _plan(config, before, site, earlier.held, days, today)
    previous_values = {f.key: f.value for f in _figures(earlier, plan_before)}
    figures = tuple(replace(f, previous=previous_values.get(f.key)) for f in _figures(current, plan))
    year_start = date(period.end.year, 1, 1)
    if year_start == period.start:
        year_duty = current.duty
    else:
        year_duty = reader.counts_duty(Period(year_start, period.end, ""), site)
    tables = _tables(current, plan, config, period, current.held, year_duty)
    return Report(
        period=period, previous=before, site=site, office_name=office_name or config.site_name,
        generated_at=now, figures=figures, tables=tuple(tables), charts=tuple(_charts(tables)),
        notes=_notes(config, period, site, plan, days),
    )  # fmt: skip


def _notes(config: SiteConfig, period: Period, site: str | None, plan: _Plan, days: WorkingDays) -> tuple[str, ...]:
    notes = []
    if site not in (None, config.site_code):
        notes.append("report.note.no_plan_for_site")
    if any(days.is_estimated(year) for year in range(period.start.year, period.end.year + 1)):
        notes.append("report.note.estimated_calendar")
    notes.append("report.note.overdue_as_of")
    return tuple(notes)
