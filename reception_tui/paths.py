"""Where data lives: ``--data-dir``, else ``RECEPTION_DATA_DIR``, else the per-user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "reception_tui"
DATA_DIR_ENV = "RECEPTION_DATA_DIR"


def resolve_data_dir(option: str | None) -> Path:
    """The data folder to use, from the option, the environment or the platform default."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
