"""What the office workbench's screens are handed: the case store, the office settings, the site config,
the clerk at the keyboard and the clock, built once from the program's settings."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reception_tui.calendar.workdays import WorkingDays
from reception_tui.domain.site import SiteConfig
from reception_tui.office.documents.letterhead import Letterhead
from reception_tui.office.settings import OfficeSettings, load_settings
from reception_tui.office.store import CaseStore, open_case_store
from reception_tui.reports.model import Period, Report
from reception_tui.services.clock import Clock, site_clock
from reception_tui.settings import Settings


@dataclass
class OfficeServices:
    """The services the workbench screens use. ``store`` is safe to use from worker threads (its
    database serialises statements); screens read and write it in workers, never on the UI thread."""

    config: SiteConfig
    config_path: Path
    office_dir: Path
    settings: OfficeSettings
    store: CaseStore
    working_days: WorkingDays
    lang: str = "zh"
    clock: Clock | None = None
    """The time source; None means the site's real clock (tests and benchmarks fix it)."""
    clerk: str = ""
    """Who is working: chosen on the first screen from ``office.yaml``'s clerks; every step and reveal names them."""

    @classmethod
    def from_settings(cls, settings: Settings) -> OfficeServices:
        """Open the office folder's store (raises the store's and the settings' own errors, with message keys)."""
        office_dir = settings.office_dir
        if office_dir is None:
            raise ValueError("the office workbench needs --office-dir")
        office = load_settings(office_dir)
        if settings.office_db_option:
            office = replace(office, office_db=settings.office_db_option)
        config = settings.config
        clock = settings.clock or site_clock(config.timezone)
        store = open_case_store(office_dir, office, config, now=clock)
        return cls(
            config, settings.config_path, office_dir, office, store, WorkingDays(config.official_days),
            settings.lang, clock=settings.clock,
        )  # fmt: skip

    def now(self) -> datetime:
        """The current time at the site."""
        return (self.clock or site_clock(self.config.timezone))()

    def today(self) -> date:
        """Today's date at the site."""
        return self.now().date()

    def unit_name(self, code: str) -> str:
        """The printed name of a unit code from the site config (the code itself when unknown)."""
        for target in self.config.transfer_targets:
            if target.code == code:
                return target.name
        return code

    def letterhead(self) -> Letterhead:
        """The office's name and contact on its paper (the site's when office.yaml names none)."""
        settings, config = self.settings, self.config
        return Letterhead(
            settings.office_name or config.site_name, settings.office_contact or config.receipt.office_phone,
            config.site_name,
        )  # fmt: skip

    def report(self, period: Period, site: str | None = None) -> Report:
        """The report of ``period`` (one site's, or all sites') from the case store, as it stands now. Slow on a
        large store: call it from a worker. The reports' computing module loads only when a report is asked for."""
        compute: Any = importlib.import_module("reception_tui.reports.compute")
        report: Report = compute.build_report(
            self.store.db, self.config, period, site=site, now=self.now(),
            office_name=self.letterhead().office_name, is_working_day=self.store.is_working_day,
        )  # fmt: skip
        return report
