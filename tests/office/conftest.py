"""Fixtures for the office store: a real office folder filled by importing real export files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.office_import import import_files
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import CaseStore, open_case_store
from tests.exchange.conftest import Laptop, make_laptop, office_dir  # noqa: F401 (fixtures)
from tests.exchange.helpers import CST, Clock

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=CST)


def import_into(office: Path, paths: list[Path]) -> None:
    """``reception import`` of ``paths`` into the office folder (new devices trusted)."""
    report = import_files(paths, office, trust_new_devices=True, now=Clock())
    assert report.exit_code == 0, [o.reason for o in report.outcomes]


@pytest.fixture
def laptop(make_laptop: Callable[..., Laptop]) -> Laptop:  # noqa: F811
    return make_laptop("desk", visitors=12, seed=5)


@pytest.fixture
def imported(laptop: Laptop, office_dir: Path, tmp_path: Path) -> Path:  # noqa: F811
    """The office folder with the laptop's session imported."""
    import_into(office_dir, [result.path for result in laptop.export(tmp_path / "stick")])
    return office_dir


@pytest.fixture
def open_store(sample_config: SiteConfig) -> Iterator[Callable[[Path], CaseStore]]:
    """``open_store(office_dir)``: a case store on the folder (closed after the test); clock moves 1 s a call."""
    opened: list[CaseStore] = []

    def make(office: Path) -> CaseStore:
        clock = Clock(NOW - timedelta(seconds=1))
        store = open_case_store(office, OfficeSettings(), sample_config, now=clock)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(imported: Path, open_store: Callable[[Path], CaseStore]) -> CaseStore:
    """The case store of the imported folder, synced once."""
    opened = open_store(imported)
    opened.sync()
    return opened
