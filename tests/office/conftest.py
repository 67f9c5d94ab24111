"""Fixtures for the office store: a real office folder filled by importing real export files.

Every test that uses ``imported``, ``store`` or ``open_store`` runs on both engines (``office_db``): the office
folder's SQLite file, and a fresh PostgreSQL database (``postgres_db``) that ``reception import --office-db``
fills and the case store opens by URL."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.office_import import import_files
from reception_tui.exchange.outbox import Outbox
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import CaseStore, open_case_store
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder
from tests.exchange.conftest import Laptop, make_laptop, office_dir  # noqa: F401 (fixtures)
from tests.exchange.helpers import CST, DAY, Clock

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=CST)


ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def import_into(office: Path, paths: list[Path], office_db: str | None = None) -> None:
    """``reception import`` of ``paths`` into the office folder (new devices trusted), or into ``office_db``."""
    report = import_files(paths, office, trust_new_devices=True, now=Clock(), office_db=office_db)
    assert report.exit_code == 0, [o.reason for o in report.outcomes]


@dataclass(frozen=True)
class Template:
    """A laptop (12 visitors, seed 5) and an office folder with its session imported, made once per test process
    (building them costs about a second); each test gets copies of both."""

    laptop: Path
    office: Path
    clock_after_export: datetime


@pytest.fixture(scope="session")
def office_import_template(tmp_path_factory: pytest.TempPathFactory, sample_config: SiteConfig) -> Template:
    root = tmp_path_factory.mktemp("office-import-template")
    config = dataclasses.replace(sample_config, office_public_key=None)  # as make_laptop builds it
    data = DataFolder(root / "desk").ensure()
    make_demo_session(data, config, visitors=12, seed=5, day=DAY)
    office = root / "office"
    office.mkdir()
    clock = Clock()
    import_into(
        office, [r.path for r in Outbox(data, config).export(data.session_folders(), root / "stick", now=clock)]
    )
    return Template(root / "desk", office, clock.current)


@pytest.fixture(params=ENGINES)
def office_db(request: pytest.FixtureRequest) -> str | None:
    """The engine under test: None (the folder's SQLite file) or the URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return None
    url: str = request.getfixturevalue("postgres_db")
    return url


@pytest.fixture
def laptop(office_import_template: Template, tmp_path: Path, sample_config: SiteConfig) -> Laptop:
    """The laptop ``make_laptop("desk", visitors=12, seed=5)`` makes (a copy of the template's)."""
    config = dataclasses.replace(sample_config, office_public_key=None)
    shutil.copytree(office_import_template.laptop, tmp_path / "desk")
    data = DataFolder(tmp_path / "desk")
    return Laptop(data, config, Outbox(data, config), Clock())


@pytest.fixture
def imported(
    laptop: Laptop,
    office_import_template: Template,
    office_dir: Path,  # noqa: F811
    tmp_path: Path,
    office_db: str | None,
) -> Path:
    """The office folder with the laptop's session imported into the engine under test: on SQLite a copy of the
    template's folder (the laptop's clock moves on as the export moved it); on PostgreSQL imported afresh."""
    if office_db is None:
        shutil.copytree(office_import_template.office, office_dir, dirs_exist_ok=True)
        laptop.clock.current = office_import_template.clock_after_export
    else:
        import_into(office_dir, [result.path for result in laptop.export(tmp_path / "stick")], office_db)
    return office_dir


@pytest.fixture
def open_store(sample_config: SiteConfig, office_db: str | None) -> Iterator[Callable[[Path], CaseStore]]:
    """``open_store(office_dir)``: a case store on the folder (closed after the test); clock moves 1 s a call."""
    opened: list[CaseStore] = []

    def make(office: Path) -> CaseStore:
        clock = Clock(NOW - timedelta(seconds=1))
        store = open_case_store(office, OfficeSettings(office_db=office_db), sample_config, now=clock)
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
