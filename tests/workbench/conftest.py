"""Fixtures for the workbench's Pilot and snapshot tests: a real office folder (three reception days
exported from a laptop and imported), an office.yaml with two clerks, three cases transferred long ago
(overdue today), a fixed clock, and the app built as ``reception office`` builds it."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reception_tui.domain.followup import CaseKind, Step, StepKind
from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.outbox import Outbox
from reception_tui.i18n import set_language
from reception_tui.office.model import CaseQuery
from reception_tui.office.settings import load_settings
from reception_tui.office.store import CaseStore, open_case_store
from reception_tui.services.demo import make_demo_session
from reception_tui.settings import Settings
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.launch import build_office_app
from reception_tui.ui.office.app import OfficeApp
from tests.exchange.conftest import make_laptop  # noqa: F401 (fixture)
from tests.exchange.helpers import CST, DAY, Clock
from tests.office.conftest import import_into

NOW = datetime(2027, 2, 1, 10, 0, tzinfo=CST)
"""The workbench's fixed clock: a Monday, ten weeks after the first reception day."""
LONG_AGO = date(2026, 11, 23)
CLERKS = ("王芳", "李强")
OFFICE_YAML = "office_name: 北山街道人大工委\noffice_contact: 0571-12345678\nclerks: [王芳, 李强]\n"


def fixed_clock() -> datetime:
    return NOW


@pytest.fixture(autouse=True)
def chinese_by_default() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("zh")


def open_store(office: Path, config: SiteConfig) -> CaseStore:
    return open_case_store(office, load_settings(office), config, now=fixed_clock)


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory, sample_config: SiteConfig) -> Path:
    """The office folder, made once per test process (importing and syncing costs seconds): 3 sessions of 12
    visitors a month apart exported from a laptop (as ``make_laptop("desk", visitors=12, seed=5, sessions=3)``
    makes it) and imported, clerks configured, 3 cases overdue."""
    root = tmp_path_factory.mktemp("workbench-template")
    config = dataclasses.replace(sample_config, office_public_key=None)
    data = DataFolder(root / "desk").ensure()
    for index in range(3):
        make_demo_session(data, config, visitors=12, seed=5 + index, day=DAY + timedelta(days=31 * index))
    folder = root / "office"
    folder.mkdir()
    exported = Outbox(data, config).export(data.session_folders(), root / "stick", now=Clock())
    import_into(folder, [result.path for result in exported])
    (folder / "office.yaml").write_text(OFFICE_YAML, encoding="utf-8")
    with open_store(folder, sample_config) as store:
        store.sync()
        waiting = store.query(CaseQuery(states=()), limit=500).cases
        transfers = [case for case in waiting if case.kind is CaseKind.TRANSFER][:3]
        for number, case in enumerate(transfers, start=1):
            data_ = {"unit": "JDBSC", "slip_number": f"OLD-{number:03d}", "on": LONG_AGO}
            store.apply(case.case_id, Step(StepKind.TRANSFER, "李强", NOW, data_), revision=case.revision)
    return folder


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Path:
    """A copy of the template office folder for one test."""
    folder = tmp_path / "office"
    shutil.copytree(office_template, folder)
    return folder


@pytest.fixture
def make_app(office: Path) -> Iterator[Callable[..., OfficeApp]]:
    """``make_app(lang="zh", clerk="")``: the workbench as ``reception office`` builds it (store closed after)."""
    built: list[OfficeApp] = []

    def build(lang: str = "zh", clerk: str = "") -> OfficeApp:
        settings = Settings(lang=lang, office_dir_option=str(office), clock=fixed_clock)
        app = build_office_app(settings, clerk)
        built.append(app)
        return app

    yield build
    for app in built:
        app.services.store.close()


async def settle(pilot: Pilot[object]) -> None:
    """Wait for the reads in workers and let what they found show."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
