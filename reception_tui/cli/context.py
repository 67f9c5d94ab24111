"""What every command needs: the data folder, the site config and the language, resolved once."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reception_tui.config import load_config, sample_config_path
from reception_tui.domain.site import SiteConfig
from reception_tui.paths import resolve_data_dir
from reception_tui.storage.data_folder import DataFolder


@dataclass(frozen=True)
class CliContext:
    """Options shared by all commands."""

    data_dir_option: str | None
    config_option: str | None
    lang: str

    @functools.cached_property
    def config_path(self) -> Path:
        """The site config file: ``--config`` or the bundled sample."""
        return Path(self.config_option) if self.config_option else sample_config_path()

    @functools.cached_property
    def config(self) -> SiteConfig:
        """The loaded site config (raises ConfigError, which the CLI turns into exit code 2)."""
        return load_config(self.config_path)

    @functools.cached_property
    def data_folder(self) -> DataFolder:
        """The data folder."""
        return DataFolder(resolve_data_dir(self.data_dir_option))
