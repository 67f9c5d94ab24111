"""Properties of every report, whatever the data: rates within [0, 1] (or None for a zero denominator, never 0% or
100%), the numerator never above the denominator, breakdowns adding up to their totals; and the arithmetic on its
own (median, percentile, top N, working days)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reception_tui.calendar.workdays import WorkingDays
from reception_tui.domain.followup import working_days_between
from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.office.db import Database
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import CaseStore, open_case_store
from reception_tui.reports.compute import build_report
from reception_tui.reports.figures import WorkdayIndex, median, percentile, rate, top_n
from reception_tui.reports.model import Report
from reception_tui.reports.period import parse_period
from tests.exchange.helpers import CST
from tests.reports.random_office import fill

NOW = datetime(2026, 12, 28, 10, 0, tzinfo=CST)


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory, sample_config: SiteConfig) -> Iterator[CaseStore]:
    office = tmp_path_factory.mktemp("random-office")
    OfficeStore(office).close()
    store = open_case_store(office, OfficeSettings(), sample_config, now=lambda: NOW)
    yield store
    store.close()


def _refill(store: CaseStore, seed: int, cases: int) -> None:
    with store.db.transaction():
        for table in ("case_steps", "cases", "sessions"):
            store.db.execute(f"DELETE FROM {table}")
    fill(store.db, random.Random(seed), cases, first_day=date(2026, 1, 1), days=365, per_session=7)


def _check(report: Report) -> None:
    for figure in report.figures:
        if figure.unit == "rate":
            assert figure.numerator is not None and figure.denominator is not None
            assert 0 <= figure.numerator <= figure.denominator, figure
            if figure.denominator == 0:
                assert figure.value is None, figure
            else:
                assert figure.value is not None and 0.0 <= figure.value <= 1.0, figure
        elif figure.value is not None:
            assert figure.value >= 0, figure
    for table in report.tables:
        for row in table.rows:
            for index in table.rate_columns:
                assert row[index] is None or 0.0 <= float(row[index]) <= 1.0, (table.key, row)  # type: ignore[arg-type]
    value = {f.key: f.value for f in report.figures}
    issues = value["issues"]
    for key in ("categories", "request_types", "districts", "sites", "dispositions"):
        table = report.table(key)
        assert sum(int(row[1]) for row in table.rows) == issues, key  # type: ignore[arg-type]
        if issues:
            assert sum(float(row[2]) for row in table.rows) == pytest.approx(1.0), key  # type: ignore[arg-type]
    assert sum(int(row[1]) for row in report.table("outcomes").rows) == value["replied"]  # type: ignore[arg-type]
    units = report.table("units").rows
    assert sum(int(row[1]) for row in units) == value["transferred"]  # type: ignore[arg-type]
    assert sum(int(row[2]) for row in units) == value["replied"]  # type: ignore[arg-type]
    assert sum(int(row[5]) for row in units) == value["overdue"] == len(report.table("overdue").rows)  # type: ignore[arg-type]
    monthly = report.table("monthly").rows
    assert sum(int(row[1]) for row in monthly) == value["visitors"]  # type: ignore[arg-type]
    assert sum(int(row[2]) for row in monthly) == issues  # type: ignore[arg-type]
    assert sum(int(row[4]) for row in monthly) == value["replied"]  # type: ignore[arg-type]
    satisfaction = report.table("satisfaction").rows
    surveyed = report.figure("satisfaction_rate").denominator
    assert sum(int(row[1]) for row in satisfaction) == surveyed  # type: ignore[arg-type]
    assert sum(int(row[2]) for row in satisfaction) == surveyed  # type: ignore[arg-type]
    held = value["reception_days_held"]
    parts = ("reception_days_on_time", "reception_days_postponed", "reception_days_unplanned")
    assert sum(int(value[key] or 0) for key in parts) == held
    if value["reply_time_median"] is not None:
        assert value["reply_time_median"] <= value["reply_time_p90"]  # type: ignore[operator]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**32 - 1),
    cases=st.integers(0, 400),
    period=st.sampled_from(["2026", "2026Q2", "2026-03", "2026-06-15..2026-09-14", "2025"]),
    site=st.sampled_from([None, "BSJD", "XHZ"]),
)
def test_rates_stay_within_0_and_1_and_breakdowns_add_up(
    empty_store: CaseStore, sample_config: SiteConfig, seed: int, cases: int, period: str, site: str | None
) -> None:
    _refill(empty_store, seed, cases)
    report = build_report(empty_store.db, sample_config, parse_period(period), site=site, now=NOW)
    _check(report)
    # the replies and the previous period's figures are read on a second connection in a worker thread: the same
    # report as reading everything in turn on one connection
    with mock.patch.object(Database, "open_reader", return_value=None):
        in_turn = build_report(empty_store.db, sample_config, parse_period(period), site=site, now=NOW)
    assert (report.figures, report.tables, report.charts) == (in_turn.figures, in_turn.tables, in_turn.charts)
    # the previous period's figures come from the light path (no breakdowns): the same numbers as the full one
    from reception_tui.reports import compute

    reader = compute._Reader(empty_store.db, WorkingDays(()).is_working_day, NOW.date())
    light, full = (reader.counts(parse_period(period), site, tables=tables) for tables in (False, True))
    plan = compute._plan(sample_config, parse_period(period), site, full.held, WorkingDays(()), NOW.date())
    assert compute._figures(light, plan) == compute._figures(full, plan)


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 5)), max_size=30))
def test_weighted_median_and_percentile_match_the_expanded_list(pairs: list[tuple[int, int]]) -> None:
    expanded = sorted(value for value, count in pairs for _ in range(count))
    weighted = [(float(value), count) for value, count in pairs]
    if not expanded:
        assert median(weighted) is None and percentile(weighted, 0.9) is None
        return
    import math
    import statistics

    assert median(weighted) == pytest.approx(statistics.median(expanded))
    rank = math.ceil(0.9 * len(expanded))
    assert percentile(weighted, 0.9) == expanded[rank - 1]
    assert min(expanded) <= median(weighted) <= percentile(weighted, 0.9) <= max(expanded)  # type: ignore[operator]


@given(st.dictionaries(st.sampled_from([*"abcdefghij", "其他"]), st.integers(0, 50)), st.integers(0, 12))
def test_top_n_keeps_the_total(counts: dict[str, int], n: int) -> None:
    shown = top_n(counts, n, "其他")
    assert sum(count for _, count in shown) == sum(counts.values())
    named = [name for name, _ in shown if name != "其他"]
    assert len(named) <= n and len(set(named)) == len(named)
    assert all(count > 0 for _, count in shown)


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_rate_is_none_only_for_a_zero_denominator(numerator: int, extra: int) -> None:
    denominator = numerator + extra
    value = rate(numerator, denominator)
    assert (value is None) == (denominator == 0)
    assert value is None or 0.0 <= value <= 1.0
    assert rate(0, 0) is None and rate(3, 0) is None


@given(st.dates(date(2025, 12, 1), date(2027, 1, 31)), st.integers(0, 120))
def test_the_workday_index_counts_as_the_domain_does(start: date, length: int) -> None:
    days = WorkingDays(())
    end = start + timedelta(days=length)
    index = WorkdayIndex(start - timedelta(days=3), end + timedelta(days=3), days.is_working_day)
    assert index.between(start, end) == working_days_between(start, end, days.is_working_day)
    assert index.between(end, start) == 0


def test_an_empty_office_gives_dashes_not_zeros(empty_store: CaseStore, sample_config: SiteConfig) -> None:
    _refill(empty_store, 1, 0)
    report = build_report(empty_store.db, sample_config, parse_period("2026"), now=NOW)
    for figure in report.figures:
        if figure.unit == "rate":
            assert figure.value is None and figure.denominator == 0
        elif figure.unit == "days":
            assert figure.value is None
    assert report.figure("issues").value == 0


def test_the_second_connection_reads_the_same_file_and_never_writes(empty_store: CaseStore) -> None:
    _refill(empty_store, 7, 30)
    second = empty_store.db.open_reader()
    assert second is not None
    try:
        count = "SELECT COUNT(*) FROM cases"
        assert second.scalar(count) == empty_store.db.scalar(count) == 30
        with pytest.raises(sqlite3.OperationalError):
            second.execute("DELETE FROM cases")
    finally:
        second.close()
    # inside a transaction another connection would not see its rows: no second connection then
    with empty_store.db.transaction():
        assert empty_store.db.open_reader() is None
