"""The same office data on PostgreSQL and on SQLite gives the same report (the statements are portable)."""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

import pytest

from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import open_case_store
from reception_tui.reports.compute import build_report
from reception_tui.reports.model import Report
from reception_tui.reports.period import parse_period
from tests.exchange.helpers import CST
from tests.reports.random_office import fill

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 12, 28, 10, 0, tzinfo=CST)


def _reports(office: Path, config: SiteConfig, url: str | None) -> list[Report]:
    OfficeStore(office, url).close()
    store = open_case_store(office, OfficeSettings(office_db=url), config, now=lambda: NOW)
    try:
        fill(store.db, random.Random(12), 600, first_day=date(2025, 10, 1), days=450, per_session=9)
        return [
            build_report(store.db, config, parse_period(period), site=site, now=NOW)
            for period, site in (("2026", None), ("2026Q2", "BSJD"), ("2026-03-10..2026-05-09", "XHZ"))
        ]
    finally:
        store.close()


def test_postgresql_and_sqlite_give_the_same_report(
    postgres_db: str, sample_config: SiteConfig, tmp_path: Path
) -> None:
    (tmp_path / "pg").mkdir()
    (tmp_path / "lite").mkdir()
    on_pg = _reports(tmp_path / "pg", sample_config, postgres_db)
    on_sqlite = _reports(tmp_path / "lite", sample_config, None)
    for pg, lite in zip(on_pg, on_sqlite, strict=True):
        assert pg.figures == lite.figures
        assert pg.tables == lite.tables
        assert pg.charts == lite.charts
    issues = on_pg[0].figure("issues")
    assert issues.value is not None and issues.previous is not None
    assert issues.value + issues.previous == 600  # 2025-10-01 .. 2026-12-25: every case in 2026 or 2025
