"""Screens both sides use: confirmation, help, the form base."""

from pathlib import Path

DIALOGS_TCSS = str(Path(__file__).with_name("dialogs.tcss"))
"""The style sheet of dialogs and forms, for any screen that lays out like one."""
