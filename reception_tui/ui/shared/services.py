"""What the app is handed at start: config, data folder, language and clock, built from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reception_tui.domain.dispositions import WorkingDayTest
from reception_tui.domain.site import SiteConfig
from reception_tui.services.clock import Clock, machine_now, site_clock
from reception_tui.settings import Settings
from reception_tui.storage.data_folder import DataFolder


@dataclass
class AppServices:
    """The services the screens use."""

    config: SiteConfig
    config_path: Path
    data_folder: DataFolder
    lang: str = "zh"
    clock: Clock | None = None
    """The time source; None means the site's real clock (tests and benchmarks fix it)."""
    is_working_day: WorkingDayTest | None = None
    """Counts working days for reply limits; None leaves the choice to the desk service."""

    @classmethod
    def from_settings(cls, settings: Settings) -> AppServices:
        """Resolve everything the app needs from the program's settings."""
        return cls(
            settings.config, settings.config_path, settings.data_folder.ensure(), settings.lang, clock=settings.clock
        )

    def now(self) -> datetime:
        """The current time at the site."""
        return (self.clock or site_clock(self.config.timezone))()

    def machine_now(self) -> datetime:
        """The current time in this computer's zone, for export and purge stamps (the given clock in tests)."""
        return (self.clock or machine_now)()

    def today(self) -> date:
        """Today's date at the site."""
        return self.now().date()
