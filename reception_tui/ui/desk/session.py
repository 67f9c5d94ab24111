"""One open session as the desk screen works with it: store, desk service, model and drafts, built in one place."""

from __future__ import annotations

from dataclasses import dataclass

from reception_tui.services.desk import DeskService
from reception_tui.services.desk_model import DeskModel
from reception_tui.services.drafts import DraftStore
from reception_tui.storage.session_store import SessionStore
from reception_tui.ui.shared.services import AppServices


@dataclass
class DeskSession:
    """What the desk screen is handed: it builds none of it."""

    store: SessionStore
    """The open (locked) session; the desk screen closes it when it goes."""
    desk: DeskService
    """Every write the desk makes, and the finds."""
    model: DeskModel
    """The session in memory, kept in step with each save."""
    drafts: DraftStore
    """The form being typed, saved as it is typed."""


def desk_session(services: AppServices, store: SessionStore) -> DeskSession:
    """Read the open session into its model and build the desk service over it.

    It reads the whole session file: run it off the UI thread when the data folder may be slow.
    """
    model = DeskModel.from_store(store)
    working_days = {"is_working_day": services.is_working_day} if services.is_working_day else {}
    desk = DeskService(
        store,
        services.config,
        operator=model.session.liaison_officer,
        clock=services.clock,
        **working_days,
    )
    return DeskSession(store=store, desk=desk, model=model, drafts=DraftStore(store.folder))
