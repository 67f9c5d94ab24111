"""What every command needs: the program's settings, under the name the command modules use."""

from __future__ import annotations

from reception_tui.settings import Settings

CliContext = Settings
"""The settings a command is run with (one class for the CLI and the UI: ``reception_tui.settings``)."""

__all__ = ["CliContext"]
