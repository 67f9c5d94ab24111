"""Fixtures for the desk's Pilot and snapshot tests: a fixed clock and the app built as the CLI builds it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from reception_tui.config import sample_config_path
from reception_tui.domain.site import SiteConfig
from reception_tui.i18n import set_language
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.shared.services import AppServices

DAY = date(2026, 11, 20)
ZONE = ZoneInfo("Asia/Shanghai")


class FixedClock:
    """A clock that starts at 14:30 on the reception day and moves a minute per reading."""

    def __init__(self, start: datetime | None = None, step: timedelta = timedelta(minutes=1)) -> None:
        self.current = start or datetime(DAY.year, DAY.month, DAY.day, 14, 30, tzinfo=ZONE)
        self.step = step

    def __call__(self) -> datetime:
        value = self.current
        self.current += self.step
        return value


@pytest.fixture(autouse=True)
def chinese_by_default() -> Iterator[None]:
    """Each test starts in Chinese and leaves the language as it found it."""
    set_language("zh")
    yield
    set_language("zh")


@pytest.fixture
def make_app(config: SiteConfig, data_folder: DataFolder) -> Callable[..., ReceptionApp]:
    """Build the app as the CLI does, with a fixed clock."""

    def build(
        lang: str = "zh", clock: FixedClock | None = None, folder: DataFolder | None = None
    ) -> ReceptionApp:
        services = AppServices(
            config, sample_config_path(), folder or data_folder, lang, clock=clock or FixedClock()
        )
        return ReceptionApp(services)

    return build
