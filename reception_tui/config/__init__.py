"""Site configuration: YAML files checked against schemas/site-config.schema.json."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reception_tui.config.errors import ConfigError
from reception_tui.config.samples import sample_config_path
from reception_tui.lazy import lazy_exports

if TYPE_CHECKING:
    from reception_tui.config.loader import load_config, parse_config_text

_LAZY = {
    "load_config": "reception_tui.config.loader",
    "parse_config_text": "reception_tui.config.loader",
}
"""Names imported from their modules on first use, so that loading the package costs nothing it does not need."""

__all__ = ["ConfigError", "load_config", "parse_config_text", "sample_config_path"]


__getattr__ = lazy_exports(__name__, _LAZY, globals())
