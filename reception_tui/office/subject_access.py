"""The person's right to see their data (个人信息保护法 art. 45): everything the office holds about one person.

:func:`subject_access` finds every visitor record with the person's phone (normalised: full-width digits, +86,
spaces) or exact name, logs one reveal per case (purpose ``subject_access``) and gathers their records in full:
the visitor's personal data, each case's desk fields and follow-up, its steps, its kept documents and who was
shown the person's data (the reveal log). :func:`subject_access_pdf` puts the same into a PDF; the command
writes both files 0600. Only the person's own records are read: another visitor with the same surname or the
same last four digits is never included.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import orjson
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from reception_tui.i18n import t
from reception_tui.office.documents.render import FRAME_WIDTH, Styles, build, grid_style, para
from reception_tui.office.erasure import SUBJECT_ACCESS, VisitorKey, find_person, log_privacy
from reception_tui.office.model import Case, RevealField
from reception_tui.office.store import CaseStore
from reception_tui.pdf.fonts import cjk_font_name

VISITOR_FIELDS = ("name", "phone", "address", "id_number", "unit_name", "district", "kind", "queue_number",
                  "arrived_at", "co_visitors", "confidential", "consent")  # fmt: skip
CASE_FIELDS = ("case_number", "day", "site_code", "category", "request_type", "district", "summary", "own_words",
               "place", "receiving_deputy", "desk_note", "state", "status", "unit", "transferred_on", "due_on",
               "replied_on", "outcome", "informed_on", "satisfaction", "closed_on")  # fmt: skip


def _text(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _case_record(store: CaseStore, case: Case) -> dict[str, Any]:
    desk, followup = case.desk, case.followup
    values: dict[str, Any] = {
        "case_id": case.case_id, "case_number": desk.case_number, "day": desk.day, "site_code": desk.site_code,
        "category": desk.category, "request_type": desk.request_type, "district": desk.district,
        "summary": desk.summary, "own_words": desk.own_words, "place": desk.place,
        "receiving_deputy": desk.receiving_deputy, "desk_note": desk.desk_note, "state": followup.state,
        "status": followup.status, "unit": followup.unit, "transferred_on": followup.transferred_on,
        "due_on": followup.due_on, "replied_on": followup.replied_on, "outcome": followup.outcome,
        "informed_on": followup.informed_on, "satisfaction": followup.satisfaction, "closed_on": followup.closed_on,
    }  # fmt: skip
    record = {name: _text(value) for name, value in values.items()}
    record["steps"] = [
        {"seq": entry.seq, "kind": entry.step.kind.value, "clerk": entry.step.clerk, "at": entry.step.at.isoformat(),
         "data": {key: _text(value) for key, value in entry.step.data.items()},
         "state_before": entry.state_before.value, "state_after": entry.state_after.value}
        for entry in store.timeline(case.case_id)
    ]  # fmt: skip
    record["documents"] = [
        {"name": doc.name, "sha256": doc.sha256, "size": doc.size, "added_at": doc.added_at.isoformat()}
        for doc in store.documents(case.case_id)
    ]
    record["shown_to"] = [
        {"at": entry.at.isoformat(), "clerk": entry.clerk, "fields": [f.value for f in entry.fields],
         "reason": entry.reason, "purpose": entry.purpose}
        for entry in store.reveal_log(case_id=case.case_id)
    ]  # fmt: skip
    return record


def _visitor(store: CaseStore, key: VisitorKey) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the session record, the visitor record) as stored."""
    state = orjson.loads(store.db.scalar("SELECT state FROM sessions WHERE session_id = ?", (key.session_id,)))
    for visitor in state.get("visitors", ()):
        if str(visitor.get("id")) == key.visitor_id:
            return dict(state.get("session", {})), dict(visitor)
    return dict(state.get("session", {})), {}


def subject_access(store: CaseStore, phone_or_name: str, *, clerk: str, reason: str) -> dict[str, Any]:
    """Everything the office holds about the person, as a JSON-ready document (reveals and the privacy log
    written first)."""
    store.sync()
    people = find_person(store, phone_or_name)
    cases_of: dict[VisitorKey, list[Case]] = {}
    for key in people:
        ids = store.db.fetchall(
            "SELECT case_id FROM cases WHERE session_id = ? AND visitor_id = ? ORDER BY case_number, case_id",
            (key.session_id, key.visitor_id),
        )
        cases_of[key] = [store.get(str(case_id)) for (case_id,) in ids]
    all_fields = list(RevealField)
    case_ids = [case.case_id for cases in cases_of.values() for case in cases]
    for case_id in case_ids:  # logged before anything is read
        store.reveal(case_id, all_fields, clerk=clerk, reason=reason, purpose=SUBJECT_ACCESS)
    now = store.now()
    with store.db.transaction():
        log_privacy(
            store, at=now, clerk=clerk, action=SUBJECT_ACCESS, reference=reason, case_ids=case_ids,
            counts={"visitors": len(people), "cases": len(case_ids)},
        )  # fmt: skip
    records: list[dict[str, Any]] = []
    for key in people:
        session, visitor = _visitor(store, key)
        person = {name: visitor.get(name, "") for name in VISITOR_FIELDS}
        person.update({"session_id": key.session_id, "visitor_id": key.visitor_id,
                       "site_code": session.get("site_code", ""), "site_name": session.get("site_name", ""),
                       "day": session.get("day", "")})  # fmt: skip
        person["cases"] = [_case_record(store, case) for case in cases_of[key]]
        records.append(person)
    return {"generated_at": now.isoformat(), "clerk": clerk, "reason": reason, "people": records}


def subject_access_json(document: Mapping[str, Any]) -> bytes:
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def _grid(rows: list[tuple[str, str]], styles: Styles) -> Table:
    table = Table(
        [[para(label, styles.cell), para(value, styles.cell)] for label, value in rows],
        colWidths=[FRAME_WIDTH * 0.28, FRAME_WIDTH * 0.72],
    )
    table.setStyle(TableStyle(grid_style(styles.font, header=False)))
    return table


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return t("office.privacy.pdf.yes") if value else t("office.privacy.pdf.no")
    return str(value)


def subject_access_pdf(document: Mapping[str, Any], *, embed_font: bool = True) -> bytes:
    """The subject-access document as a PDF (A4), in the interface's language."""
    styles = Styles(cjk_font_name(embed_font))
    story: list[Flowable] = [
        para(t("office.privacy.pdf.title"), styles.title),
        para(t("office.privacy.pdf.generated", at=document["generated_at"], clerk=document["clerk"]), styles.body),
    ]
    if not document["people"]:
        story.append(para(t("office.privacy.pdf.nothing"), styles.body))
    for person in document["people"]:
        story.append(para(t("office.privacy.pdf.person", site=person["site_name"] or person["site_code"],
                            day=person["day"]), styles.emphasis))  # fmt: skip
        story.append(_grid([(t(f"office.privacy.field.{name}"), _shown(person[name])) for name in VISITOR_FIELDS],
                           styles))  # fmt: skip
        for case in person["cases"]:
            story.append(Spacer(1, 8))
            story.append(para(t("office.privacy.pdf.case", number=case["case_number"]), styles.emphasis))
            story.append(_grid([(t(f"office.privacy.field.{name}"), _shown(case[name])) for name in CASE_FIELDS],
                               styles))  # fmt: skip
            for step in case["steps"]:
                text = t("office.privacy.pdf.step", at=step["at"], kind=t(f"office.step.{step['kind']}"),
                         clerk=step["clerk"])  # fmt: skip
                story.append(para(text, styles.small))
            for doc in case["documents"]:
                story.append(para(t("office.privacy.pdf.document", name=doc["name"] or "-", at=doc["added_at"]),
                                  styles.small))  # fmt: skip
            for shown in case["shown_to"]:
                text = t("office.privacy.pdf.shown", at=shown["at"], clerk=shown["clerk"],
                         fields=", ".join(shown["fields"]), reason=shown["reason"])  # fmt: skip
                story.append(para(text, styles.small))
    return build(story, title=t("office.privacy.pdf.title"), embed_font=embed_font)
