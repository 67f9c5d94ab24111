"""Finding the published JSON Schemas, installed (``reception_tui.schemas``) or in a source checkout."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

_CHECKOUT = Path(__file__).resolve().parents[2]
_SOURCE_DIR = _CHECKOUT / "schemas"
_IN_CHECKOUT = (_CHECKOUT / "pyproject.toml").is_file()


def schema_path(name: str) -> Path:
    """The path of ``schemas/<name>``: the source tree this code runs from, else the installed package.

    The source tree comes first so that a checkout never reads the schemas of another checkout that
    an editable install points ``reception_tui.schemas`` at.
    """
    source = _SOURCE_DIR / name
    if _IN_CHECKOUT and source.is_file():
        return source
    try:
        candidate = Path(str(resources.files("reception_tui.schemas") / name))
        if candidate.is_file():
            return candidate
    except ModuleNotFoundError:
        pass
    return source


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed schema ``schemas/<name>``."""
    data: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return data
