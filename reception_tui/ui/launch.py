"""Building the app from the program's settings and running it with safe crash handling."""

from __future__ import annotations

from reception_tui.settings import Settings
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.shared.services import AppServices


def build_app(settings: Settings) -> ReceptionApp:
    """The one factory for the app, used by the CLI and by tests."""
    return ReceptionApp(AppServices.from_settings(settings))


def run_app(settings: Settings) -> int:
    """Run the app until it exits; returns its exit code."""
    settings.data_folder.ensure()
    app = build_app(settings)
    try:
        app.run()
    finally:
        app.opener.release_all()
    return int(app.return_code or 0)
