"""The program's settings (site config, data folder, office folder, language): one home for the CLI and the UI.

The CLI builds a ``Settings`` from its options and hands it to a command or to the app; tests build one
directly. Nothing here parses arguments or imports a user interface, so either side can be loaded alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.config import sample_config_path
from reception_tui.paths import resolve_data_dir

if TYPE_CHECKING:
    from reception_tui.domain.site import SiteConfig
    from reception_tui.storage.data_folder import DataFolder


@dataclass(frozen=True)
class Settings:
    """Where the program's data and configuration are, and its language; resolved lazily, once."""

    data_dir_option: str | None = None
    """``--data-dir``; None means ``RECEPTION_DATA_DIR`` or the per-user data folder."""
    config_option: str | None = None
    """``--config``; None means the bundled sample configuration."""
    lang: str = "zh"
    """The interface language: ``zh`` (default) or ``en``."""
    office_dir_option: str | None = None
    """``--office-dir`` for the office side (store, keys, quarantine); None on the laptop."""
    office_db_option: str | None = None
    """``--office-db postgresql://…``: the office store on a database server; None means ``office.yaml``'s
    ``office_db`` or, without one, the SQLite file in the office folder."""
    clock: Callable[[], datetime] | None = None
    """The time source for stamps; None means the computer's clock (tests and benchmarks fix it)."""

    @functools.cached_property
    def config_path(self) -> Path:
        """The site config file: ``--config`` or the bundled sample."""
        return Path(self.config_option) if self.config_option else sample_config_path()

    @functools.cached_property
    def config(self) -> SiteConfig:
        """The loaded site config (raises ConfigError, which the CLI turns into exit code 2)."""
        from reception_tui.config import load_config  # the schema checker, only for commands that read the config

        return load_config(self.config_path)

    @functools.cached_property
    def data_folder(self) -> DataFolder:
        """The laptop's data folder."""
        from reception_tui.storage.data_folder import DataFolder

        return DataFolder(resolve_data_dir(self.data_dir_option))

    @property
    def office_dir(self) -> Path | None:
        """The office folder, when the program runs on the office side."""
        return Path(self.office_dir_option).expanduser() if self.office_dir_option else None
