"""Finding the published JSON Schemas, installed (``reception_tui.schemas``) or in a source checkout."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

_SOURCE_DIR = Path(__file__).resolve().parents[2] / "schemas"


def schema_path(name: str) -> Path:
    """The path of ``schemas/<name>``, from the installed package or the source tree."""
    try:
        candidate = Path(str(resources.files("reception_tui.schemas") / name))
        if candidate.is_file():
            return candidate
    except ModuleNotFoundError:
        pass
    return _SOURCE_DIR / name


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed schema ``schemas/<name>``."""
    data: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return data
