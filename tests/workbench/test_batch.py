"""The batch transfer without the screen: a case the rules refuse is listed by number, the others go on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdf

from reception_tui.domain.followup import CaseState
from reception_tui.office.model import CaseQuery
from reception_tui.ui.office.app import OfficeApp
from reception_tui.ui.office.batch import TransferRequest, transfer_batch

from .conftest import NOW


def test_a_refused_case_is_listed_and_the_others_are_transferred(
    make_app: Callable[..., OfficeApp], office: Path
) -> None:
    services = make_app(clerk="李强").services
    store = services.store
    waiting = store.query(CaseQuery(states=(CaseState.AWAITING_TRANSFER,)), limit=3).cases
    settled = store.query(CaseQuery(states=(CaseState.SETTLED,)), limit=1).cases
    ids = [waiting[0].case_id, settled[0].case_id, waiting[1].case_id]
    result = transfer_batch(services, ids, TransferRequest("QMZJ", "MZ", NOW.date()))
    assert [case.case_id for case in result.done] == [waiting[0].case_id, waiting[1].case_id]
    assert [case.followup.slip_number for case in result.done] == ["MZ-001", "MZ-002"]
    ((number, reason),) = result.failed
    assert number == settled[0].desk.case_number and reason
    assert store.get(settled[0].case_id).state is CaseState.SETTLED
    assert result.pdf is not None and result.pdf.parent == office / "out"
    assert len(pypdf.PdfReader(result.pdf).pages) == 1 + 2
    again = transfer_batch(services, [waiting[2].case_id], TransferRequest("QMZJ", "MZ2", NOW.date()))
    assert again.pdf is not None and again.pdf.name.endswith("-2.pdf")
