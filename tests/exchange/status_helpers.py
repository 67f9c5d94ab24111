"""Cases made from a laptop's session, as the office store would hand them to the status file."""

from __future__ import annotations

from datetime import date

from reception_tui.domain.followup import CaseKind, CaseState, Followup, Outcome, Satisfaction
from reception_tui.domain.masking import mask_name
from reception_tui.office.model import Case, DeskFields
from reception_tui.storage.session_store import SessionSnapshot


def cases_of(snapshot: SessionSnapshot, followup: Followup | None = None) -> list[Case]:
    """One case per issue of ``snapshot``: masked desk fields, the summary kept (the office has it)."""
    visitors = {v.id: v for v in snapshot.visitors}
    session = snapshot.session
    found: list[Case] = []
    for issue in snapshot.issues:
        visitor = visitors[issue.visitor_id]
        desk = DeskFields(
            case_number=issue.case_number, session_id=session.id, issue_id=issue.id, visitor_id=visitor.id,
            site_code=session.site_code, day=session.day, category=issue.category,
            request_type=issue.request_type, district=visitor.district, summary=issue.summary,
            own_words=issue.own_words, place=issue.place, receiving_deputy=issue.receiving_deputy,
            desk_target="", suggestion_deputy="", visitor_masked=mask_name(visitor.name) if visitor.name else "",
            phone_last4=visitor.phone[-4:], confidential=issue.confidential, deputies_on_duty=session.deputies,
        )  # fmt: skip
        found.append(Case(issue.id, desk, followup or replied_b(), revision=3))
    return found


def replied_b() -> Followup:
    """A case the unit answered with outcome class B."""
    return Followup(
        kind=CaseKind.TRANSFER, anonymous=False, state=CaseState.REPLIED, unit="ZJJ", slip_number="JB-1",
        transferred_on=date(2026, 11, 23), due_on=date(2026, 12, 21), replied_on=date(2026, 12, 1),
        outcome=Outcome.B, round=1,
    )  # fmt: skip


def closed_a() -> Followup:
    """A case closed with outcome class A and a satisfied voter."""
    return Followup(
        kind=CaseKind.TRANSFER, anonymous=False, state=CaseState.CLOSED, unit="ZJJ",
        transferred_on=date(2026, 11, 23), due_on=date(2026, 12, 21), replied_on=date(2026, 12, 1),
        outcome=Outcome.A, satisfaction=Satisfaction.SATISFIED, round=1, surveyed_round=1,
        closed_on=date(2026, 12, 10),
    )  # fmt: skip
