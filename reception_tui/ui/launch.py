"""Building the apps from the program's settings and running them with safe crash handling."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reception_tui.settings import Settings
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.shared.services import AppServices

if TYPE_CHECKING:
    from reception_tui.ui.office.app import OfficeApp


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


class UnknownClerk(ValueError):
    """``--clerk`` names someone who is not one of ``office.yaml``'s clerks."""

    def __init__(self, clerk: str, clerks: tuple[str, ...]) -> None:
        self.key = "workbench.clerk.unknown" if clerks else "workbench.clerk.unknown_none"
        self.params = {"clerk": clerk, "clerks": "、".join(clerks)}
        super().__init__(f"{clerk} is not a configured clerk")


def build_office_app(settings: Settings, clerk: str = "") -> OfficeApp:
    """The office workbench on ``settings.office_dir`` (opens its store: raises the store's, the office
    settings' and the site config's own errors; :class:`UnknownClerk` for a ``clerk`` not configured)."""
    from reception_tui.ui.office.app import OfficeApp
    from reception_tui.ui.office.services import OfficeServices

    services = OfficeServices.from_settings(settings)
    if clerk:
        if clerk not in services.settings.clerks:
            services.store.close()
            raise UnknownClerk(clerk, services.settings.clerks)
        services.clerk = clerk
    try:
        return OfficeApp(services)
    except BaseException:
        services.store.close()
        raise


def run_office_app(settings: Settings, clerk: str = "") -> int:
    """Run the workbench until it exits; returns its exit code. The store is closed at the end."""
    app = build_office_app(settings, clerk)
    try:
        app.run()
    finally:
        app.services.store.close()
    return int(app.return_code or 0)
