"""The bundled sample configuration: installed inside the package, or in the source tree's sample_data/."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]
_SOURCE_SAMPLE = _CHECKOUT / "sample_data" / "site.yaml"
_IN_CHECKOUT = (_CHECKOUT / "pyproject.toml").is_file()


def sample_config_path() -> Path:
    """Path of the sample site configuration: the source tree this code runs from, else the installed one."""
    if _IN_CHECKOUT and _SOURCE_SAMPLE.is_file():
        return _SOURCE_SAMPLE
    try:
        packaged = Path(str(resources.files("reception_tui.sample_data") / "site.yaml"))
        if packaged.is_file():
            return packaged
    except ModuleNotFoundError:
        pass
    return _SOURCE_SAMPLE
