"""The packaging scripts live in ``packaging/`` (not a package: the folder's name is the ``packaging`` library's)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def load(name: str) -> ModuleType:
    """Import ``packaging/<name>.py`` as a top-level module, as the script itself does."""
    if str(PACKAGING) not in sys.path:
        sys.path.insert(0, str(PACKAGING))
    return importlib.import_module(name)
