"""Snapshots of the case screen at 80x24 and 120x40, in Chinese and English.

Deterministic: the site clock stopped at a fixed time, the demo session from a fixed seed, steps saved
through the store with that clock. Update with ``pytest tests/workbench_case/test_case_snapshots.py
--snapshot-update`` after checking the report.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from reception_tui.domain.followup import Step, StepKind
from tests.office.conftest import NOW
from tests.workbench_case.conftest import CLERK, SLIP_UNIT, Office
from tests.workbench_case.keys import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LANGS = ["zh", "en"]


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def replied_case(office: Office) -> str:
    """A case transferred and answered (two timeline lines, an outcome, a due date)."""
    case = office.named_transfer_case()
    store = office.store
    steps = [
        (StepKind.TRANSFER, {"unit": SLIP_UNIT, "slip_number": "ZB-2026-001", "on": NOW.date()}),
        (StepKind.REPLY, {"on": NOW.date(), "outcome": "B", "summary": "已安排网格员回访，下月完成整改"}),
    ]
    for kind, data in steps:
        store.apply(case.case_id, Step(kind, CLERK, NOW, data), revision=store.get(case.case_id).revision)
    return case.case_id


async def loaded(pilot: Pilot[Any]) -> None:
    await settle(pilot)


class TestCaseScreenSnapshots:
    @pytest.mark.parametrize("lang", LANGS)
    @pytest.mark.parametrize("size", SIZES)
    def test_case_screen(self, snap_compare: Any, office: Office, lang: str, size: tuple[int, int]) -> None:
        """A replied case: the desk's fields masked, the follow-up, the timeline, the keys allowed now."""
        app = office.app(replied_case(office), lang)
        assert snap_compare(app, terminal_size=size, run_before=loaded)

    @pytest.mark.parametrize("lang", LANGS)
    def test_transfer_dialog(self, snap_compare: Any, office: Office, lang: str) -> None:
        """The transfer dialog: units with their limits, the date today."""
        app = office.app(office.named_transfer_case().case_id, lang)
        assert snap_compare(app, terminal_size=(80, 24), run_before=loaded, press=["t"])
