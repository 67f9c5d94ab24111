"""The subcommands; each module has ``register(subparsers, common)`` and sets ``handler`` on its parser."""

from reception_tui.cli.commands import check_config, demo, sessions

COMMANDS = [check_config, sessions, demo]

__all__ = ["COMMANDS"]
