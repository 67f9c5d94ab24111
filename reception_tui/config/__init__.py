"""Site configuration: YAML files checked against schemas/site-config.schema.json."""

from reception_tui.config.errors import ConfigError
from reception_tui.config.loader import load_config, parse_config_text
from reception_tui.config.samples import sample_config_path

__all__ = ["ConfigError", "load_config", "parse_config_text", "sample_config_path"]
