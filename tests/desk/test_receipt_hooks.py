"""The desk's hooks for the receipts feature: the P key and scanned ``RT1:`` codes in the find box.

The receipts feature is built elsewhere; these tests stand in small modules with its names
(``reception_tui.ui.desk.screens.receipt.ReceiptScreen(services, store, visitor_id)`` and
``reception_tui.ui.desk.screens.scan.scan_text(services, text)`` returning a result with ``verdict``,
``visitor_id``, ``issue_id`` and ``message_key``) and check that the desk uses them, and copes without them.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from reception_tui.domain.ids import new_id
from reception_tui.domain.models import ReceiptIssued, ReceiptOutput, ReceiptStatus
from reception_tui.domain.site import SiteConfig
from reception_tui.services.demo import make_demo_session
from reception_tui.services.desk import audit_event
from reception_tui.storage.data_folder import DataFolder
from reception_tui.storage.session_store import SessionStore
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.widgets.queue_table import QueueTable

from .conftest import DAY, FixedClock
from .keys import settle


class StandInReceiptScreen(ModalScreen[None]):
    """Records a printed receipt through the store it is given, then closes on Escape."""

    BINDINGS = [("escape", "done", "done")]  # noqa: RUF012

    def __init__(self, services: Any, store: SessionStore, visitor_id: str) -> None:
        super().__init__()
        now = FixedClock()()
        receipt = ReceiptIssued(
            id=new_id(), created_at=now, updated_at=now, operator="李婷", session_id=store.session().id,
            visitor_id=visitor_id, issue_ids=(), output=ReceiptOutput.SCREEN, status=ReceiptStatus.PRINTED,
            printed_at=now,
        )  # fmt: skip
        store.commit([receipt], [audit_event(receipt.session_id, now, "李婷", "printed", receipt)])

    def compose(self) -> ComposeResult:
        yield Static("receipt")

    def action_done(self) -> None:
        self.dismiss(None)


@dataclass
class Lookup:
    """What the stand-in ``scan_text`` returns (the receipts feature's ScanResult, in short)."""

    verdict: str
    visitor_id: str | None
    issue_id: str | None
    message_key: str


@pytest.fixture
def stand_ins(data_folder: DataFolder) -> Iterator[dict[str, Any]]:
    """Install the stand-in modules for one test, then remove them."""
    calls: dict[str, Any] = {}
    screen_module = types.ModuleType("reception_tui.ui.desk.screens.receipt")
    screen_module.ReceiptScreen = StandInReceiptScreen  # type: ignore[attr-defined]
    receipts_module = types.ModuleType("reception_tui.ui.desk.screens.scan")

    def scan_text(services: Any, text: str) -> Lookup:
        calls["payload"] = text
        snapshot = data_folder.read(data_folder.session_folders()[0])
        issue = snapshot.issues[-1]
        if not text.endswith("GOOD"):
            return Lookup("forged", None, None, "desk.scan.not_genuine")
        return Lookup("genuine", issue.visitor_id, issue.id, "desk.scan.genuine")

    receipts_module.scan_text = scan_text  # type: ignore[attr-defined]
    saved = {name: sys.modules.get(name) for name in (screen_module.__name__, receipts_module.__name__)}
    sys.modules[screen_module.__name__] = screen_module
    sys.modules[receipts_module.__name__] = receipts_module
    yield calls
    for name, module in saved.items():
        if module is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = module


async def run_desk(make_app: Callable[..., ReceptionApp], steps: Callable[[Any], Any]) -> None:
    """Open today's desk and run ``steps(pilot)``."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, DeskScreen)
            await steps(pilot)

    await run()


def test_print_receipt_marks_the_visitor(
    make_app: Callable[..., ReceptionApp],
    data_folder: DataFolder,
    config: SiteConfig,
    stand_ins: dict[str, Any],
) -> None:
    """P opens the receipt screen for the selected visitor; back at the desk the queue says "printed"."""
    make_demo_session(data_folder, config, visitors=3, day=DAY, seed=2)

    async def steps(pilot: Any) -> None:
        desk = pilot.app.screen
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, StandInReceiptScreen)
        await pilot.press("escape")
        await pilot.pause()
        queue = desk.query_one("#queue", QueueTable)
        assert queue.get_row_at(0)[6].plain == "已打印"
        assert queue.get_row_at(1)[6].plain == "否"

    run_desk(make_app, steps)


def test_scanned_code_opens_the_visitor_and_says_if_genuine(
    make_app: Callable[..., ReceptionApp],
    data_folder: DataFolder,
    config: SiteConfig,
    stand_ins: dict[str, Any],
) -> None:
    """A scanner types ``RT1:…`` and Enter: forged codes are flagged, genuine ones open visitor and issue."""
    make_demo_session(data_folder, config, visitors=4, day=DAY, seed=2)

    async def steps(pilot: Any) -> None:
        desk = pilot.app.screen
        first = desk.selected_visitor()
        await pilot.press("f", *"RT1:BSJD:FORGED", "enter")
        await pilot.pause()
        assert stand_ins["payload"] == "RT1:BSJD:FORGED"
        assert desk.selected_visitor() == first
        assert any("伪造" in str(n.message) for n in pilot.app._notifications)
        await pilot.press(*"RT1:BSJD:GOOD", "enter")  # the find box keeps the focus for the next scan
        await pilot.pause()
        last = desk.model.all_issues()[-1]
        assert desk.selected_visitor().id == last.visitor_id
        assert desk.selected_issue().id == last.id
        assert any("验证通过" in str(n.message) for n in pilot.app._notifications)

    run_desk(make_app, steps)


def _importable(name: str) -> bool:
    import importlib.util

    if name in sys.modules:
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ModuleNotFoundError, ValueError):
        return False
