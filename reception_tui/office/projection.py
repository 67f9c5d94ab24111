"""An imported session's state document -> one case row per issue (desk fields masked, the search text).

The state document is the JSON the import store keeps per session (``sessions.state``: ``session``,
``visitors``, ``issues``, ``receipts``, ``audit``; records as ``domain/codec.py`` writes them). The
projection reads only what a case shows; personal values leave it masked (张*明, last four phone
digits), except in :attr:`ProjectedCase.search`, which holds the full name lower-cased so that a
clerk can find a case by name. That column is never returned to a screen and is cleared when the
retention period ends.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import astuple, dataclass
from datetime import date
from typing import Any

import orjson

from reception_tui.domain.followup import CaseKind, Followup, initial_followup
from reception_tui.domain.masking import mask_name
from reception_tui.office.model import DeskFields

KIND_OF_DISPOSITION = {
    "transfer": CaseKind.TRANSFER,
    "suggestion": CaseKind.SUGGESTION,
    "explained": CaseKind.EXPLAINED,
    "redirected": CaseKind.REDIRECTED,
}
"""The desk's disposition kind -> the case's kind (no disposition: :attr:`CaseKind.UNDECIDED`)."""


@dataclass(frozen=True)
class ProjectedCase:
    """One issue as the office's case table holds it before any follow-up."""

    desk: DeskFields
    initial: Followup
    source_hash: str
    search: str
    """Lower-cased: case number, the full visitor name (matching only), phone last 4, summary, own words,
    place, category."""


def case_kind(disposition: Mapping[str, Any] | None) -> CaseKind:
    """The case kind of an issue's disposition (a dict with ``kind``, or None)."""
    if not disposition:
        return CaseKind.UNDECIDED
    return KIND_OF_DISPOSITION.get(str(disposition.get("kind", "")), CaseKind.UNDECIDED)


def _desk_note(disposition: Mapping[str, Any] | None) -> str:
    if not disposition:
        return ""
    kind = disposition.get("kind")
    if kind == "explained":
        return str(disposition.get("explanation", ""))
    if kind == "redirected":
        parts = (str(disposition.get("channel", "")), str(disposition.get("directed_to", "")))
        return " ".join(part for part in parts if part)
    return str(disposition.get("note", ""))


def source_hash(desk: DeskFields) -> str:
    """sha256 of the desk fields (a re-export that changes any of them changes the hash)."""
    values = [value.isoformat() if isinstance(value, date) else value for value in astuple(desk)]
    return hashlib.sha256(orjson.dumps(values)).hexdigest()


def search_text(desk: DeskFields, full_name: str) -> str:
    """The lower-cased text a query's ``text`` is matched against (fields joined by newlines)."""
    parts = (desk.case_number, full_name, desk.phone_last4, desk.summary, desk.own_words, desk.place, desk.category)
    return "\n".join(part for part in parts if part).lower()


def project_session(state: Mapping[str, Any]) -> list[ProjectedCase]:
    """Every issue of one session's state document as a case, in case number order."""
    session = state["session"]
    visitors = {str(v["id"]): v for v in state.get("visitors", ())}
    deputies = tuple(str(name) for name in session.get("deputies", ()))
    cases: list[ProjectedCase] = []
    for issue in state.get("issues", ()):
        visitor = visitors.get(str(issue.get("visitor_id", "")), {})
        name = str(visitor.get("name", "") or "")
        phone = str(visitor.get("phone", "") or "")
        disposition = issue.get("disposition")
        kind = case_kind(disposition)
        desk = DeskFields(
            case_number=str(issue.get("case_number", "")),
            session_id=str(session["id"]),
            issue_id=str(issue["id"]),
            visitor_id=str(issue.get("visitor_id", "")),
            site_code=str(session.get("site_code", "")),
            day=date.fromisoformat(str(session["day"])),
            category=str(issue.get("category", "")),
            request_type=str(issue.get("request_type", "")),
            district=str(visitor.get("district", "") or ""),
            summary=str(issue.get("summary", "") or ""),
            own_words=str(issue.get("own_words", "") or ""),
            place=str(issue.get("place", "") or ""),
            receiving_deputy=str(issue.get("receiving_deputy", "") or ""),
            desk_target=str(disposition.get("target_code", "")) if kind is CaseKind.TRANSFER and disposition else "",
            suggestion_deputy=str(disposition.get("deputy", "")) if kind is CaseKind.SUGGESTION and disposition else "",
            visitor_masked=mask_name(name),
            phone_last4=phone[-4:] if len(phone) >= 4 else "",
            confidential=bool(issue.get("confidential")) or bool(visitor.get("confidential")),
            deputies_on_duty=deputies,
            desk_note=_desk_note(disposition),
        )
        cases.append(ProjectedCase(desk, initial_followup(kind, not name), source_hash(desk), search_text(desk, name)))
    cases.sort(key=lambda case: (case.desk.case_number, case.desk.issue_id))
    return cases
