"""Fixtures for the session exchange: laptops with demo sessions, an office folder, fixed clocks."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.keys import OfficeKey
from reception_tui.exchange.outbox import ExportResult, Outbox
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder
from tests.exchange.helpers import DAY, Clock


@dataclass
class Laptop:
    """A liaison officer's laptop: data folder, config and outbox."""

    data: DataFolder
    config: SiteConfig
    outbox: Outbox
    clock: Clock

    def session_folders(self) -> list[Path]:
        return self.data.session_folders()

    def export(self, destination: Path, folders: list[Path] | None = None) -> list[ExportResult]:
        return self.outbox.export(folders or self.session_folders(), destination, now=self.clock)


@pytest.fixture
def office_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "office"
    folder.mkdir()
    return folder


@pytest.fixture
def office_key(office_dir: Path) -> OfficeKey:
    return OfficeKey.create(office_dir)


@pytest.fixture
def make_laptop(tmp_path: Path, sample_config: SiteConfig) -> Callable[..., Laptop]:
    """``make_laptop(name, visitors=5, seed=1, sessions=1, office_public_key=None, day=DAY)``.

    Several sessions are a month apart.
    """

    def make(
        name: str,
        *,
        visitors: int = 5,
        seed: int = 1,
        sessions: int = 1,
        office_public_key: str | None = None,
        day: date = DAY,
    ) -> Laptop:
        config = dataclasses.replace(sample_config, office_public_key=office_public_key)
        data = DataFolder(tmp_path / name).ensure()
        for index in range(sessions):
            make_demo_session(
                data, config, visitors=visitors, seed=seed + index, day=day + timedelta(days=31 * index)
            )
        return Laptop(data, config, Outbox(data, config), Clock())

    return make
