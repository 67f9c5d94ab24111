"""The bundled sample configuration: installed inside the package, or in the source tree's sample_data/."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "site.yaml"


def sample_config_path() -> Path:
    """Path of the sample site configuration shipped with the app."""
    try:
        packaged = Path(str(resources.files("reception_tui.sample_data") / "site.yaml"))
        if packaged.is_file():
            return packaged
    except ModuleNotFoundError:
        pass
    return _SOURCE_SAMPLE
