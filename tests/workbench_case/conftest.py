"""Fixtures for the case screen: a real office folder from real exports, the services the workbench hands its
screens (a fixed clock, a clerk), and a tiny app that hosts one case screen."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from reception_tui.calendar.workdays import WorkingDays
from reception_tui.config import sample_config_path
from reception_tui.domain.followup import CaseKind
from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.outbox import Outbox
from reception_tui.i18n import set_language
from reception_tui.office.model import Case, CaseQuery
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import CaseStore, open_case_store
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.office.screens.case import CaseScreen
from reception_tui.ui.office.services import OfficeServices
from tests.exchange.helpers import DAY, Clock
from tests.office.conftest import NOW, import_into

CLERK = "王芳"
OTHER_CLERK = "李强"
SLIP_UNIT = "JDBSC"
"""The unit whose transfer slip carries the visitor's phone (office.yaml's slip_personal_fields)."""


class FixedClock:
    """The site's clock, stopped at ``NOW`` (every screen and store reading gives the same time)."""

    def __init__(self, at: datetime = NOW) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


OFFICE_SETTINGS = OfficeSettings(
    clerks=(CLERK, OTHER_CLERK),
    office_name="北山街道人大工委",
    office_contact="联系人 李婷，电话 0571-87000000",
    slip_personal_fields={SLIP_UNIT: ("name", "phone")},
)


class CaseApp(App[None]):
    """The case screen alone, as the workbench pushes it."""

    def __init__(self, services: OfficeServices, case_id: str) -> None:
        super().__init__()
        set_language(services.lang)
        self.services = services
        self.case_id = case_id

    def on_mount(self) -> None:
        self.push_screen(CaseScreen(self.services, self.case_id))


@dataclass
class Office:
    """The office folder, its store and the services the screens get."""

    folder: Path
    store: CaseStore
    config: SiteConfig
    stores: list[CaseStore]

    def services(self, lang: str = "zh", clerk: str = CLERK) -> OfficeServices:
        return OfficeServices(
            self.config, sample_config_path(), self.folder, OFFICE_SETTINGS, self.store,
            WorkingDays(self.config.official_days), lang, clock=FixedClock(), clerk=clerk,
        )  # fmt: skip

    def second_store(self) -> CaseStore:
        """Another clerk's store on the same folder."""
        store = open_case_store(self.folder, OFFICE_SETTINGS, self.config, now=FixedClock())
        self.stores.append(store)
        return store

    def app(self, case_id: str, lang: str = "zh") -> CaseApp:
        return CaseApp(self.services(lang), case_id)

    def visitor(self, case: Case) -> dict[str, Any]:
        """The visitor's full record (read for the test's assertions, not through a logged reveal)."""
        return self.store._visitor(case)

    def named_transfer_case(self) -> Case:
        """A case to transfer whose visitor gave a name and a phone."""
        for case in self.store.query(CaseQuery(), limit=500).cases:
            visitor = self.visitor(case)
            if (
                case.kind is CaseKind.TRANSFER
                and not case.followup.anonymous
                and case.desk.phone_last4
                and len(str(visitor.get("name", ""))) >= 2
            ):
                return case
        raise AssertionError("the sample laptop has no named transfer case")


@pytest.fixture(autouse=True)
def chinese_by_default() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("zh")


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory, sample_config: SiteConfig) -> Path:
    """An office folder with a laptop's session imported (12 visitors, seed 5), made once per test process:
    each test gets a copy of it."""
    root = tmp_path_factory.mktemp("office-template")
    laptop = DataFolder(root / "laptop").ensure()
    make_demo_session(laptop, sample_config, visitors=12, seed=5, day=DAY)
    folder = root / "office"
    folder.mkdir()
    exported = Outbox(laptop, sample_config).export(laptop.session_folders(), root / "stick", now=Clock())
    import_into(folder, [result.path for result in exported])
    return folder


@pytest.fixture
def office(office_template: Path, tmp_path: Path, sample_config: SiteConfig) -> Iterator[Office]:
    folder = tmp_path / "office"
    shutil.copytree(office_template, folder)
    store = open_case_store(folder, OFFICE_SETTINGS, sample_config, now=FixedClock())
    store.sync()
    made = Office(folder, store, sample_config, [store])
    yield made
    for opened in made.stores:
        opened.close()
