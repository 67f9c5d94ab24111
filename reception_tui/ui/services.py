"""What the app is handed at start: config, data folder and language, built by the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reception_tui.cli.context import CliContext
from reception_tui.domain.site import SiteConfig
from reception_tui.storage.data_folder import DataFolder


@dataclass
class AppServices:
    """The services the screens use."""

    config: SiteConfig
    config_path: Path
    data_folder: DataFolder
    lang: str = "zh"

    @classmethod
    def from_context(cls, context: CliContext) -> AppServices:
        """Resolve everything the app needs from the command line."""
        return cls(context.config, context.config_path, context.data_folder.ensure(), context.lang)
