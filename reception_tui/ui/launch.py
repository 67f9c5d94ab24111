"""Building the app from the CLI context and running it with safe crash handling."""

from __future__ import annotations

from reception_tui.cli.context import CliContext
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.services import AppServices


def build_app(context: CliContext) -> ReceptionApp:
    """The one factory for the app, used by the CLI and by tests."""
    return ReceptionApp(AppServices.from_context(context))


def run_app(context: CliContext) -> int:
    """Run the app until it exits; returns its exit code."""
    context.data_folder.ensure()
    app = build_app(context)
    try:
        app.run()
    finally:
        app.opener.release_all()
    return int(app.return_code or 0)
