"""How the ``cases`` and ``case`` commands show a case: masked, stable English keys for JSON, columns
aligned by display width (a Chinese character takes two cells of a terminal)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from reception_tui.i18n import t

if TYPE_CHECKING:
    from reception_tui.domain.followup import CaseState, StepKind
    from reception_tui.office.model import Case, TimelineEntry


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes: wide and full-width characters two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """``text`` cut (with …) or padded with spaces to exactly ``width`` cells."""
    text = " ".join(text.split())
    if display_width(text) > width:
        kept, used = [], 0
        for char in text:
            size = display_width(char)
            if used + size > width - 1:
                break
            kept.append(char)
            used += size
        text = "".join(kept) + "…"
    return text + " " * (width - display_width(text))


def phone_tail(case: Case) -> str:
    return f"****{case.desk.phone_last4}" if case.desk.phone_last4 else ""


def overdue(case: Case, today: date) -> bool:
    return case.followup.is_overdue(today)


def case_record(case: Case, today: date) -> dict[str, Any]:
    """The case's fields under stable English keys (values as stored: codes, ISO dates), masked."""
    f = case.followup
    return {
        "case_id": case.case_id,
        "case_number": case.desk.case_number,
        "state": f.state.value,
        "status": f.status.value,
        "unit": f.unit,
        "due_on": f.due_on.isoformat() if f.due_on else None,
        "overdue": overdue(case, today),
        "outcome": f.outcome.value if f.outcome else None,
        "satisfaction": f.satisfaction.value if f.satisfaction else None,
        "round": f.round,
        "day": case.desk.day.isoformat(),
        "site_code": case.desk.site_code,
        "category": case.desk.category,
        "district": case.desk.district,
        "visitor_masked": case.desk.visitor_masked,
        "source_changed": case.source_changed,
    }


def case_details(case: Case, today: date) -> dict[str, Any]:
    """The list's fields and the rest a case screen shows (still masked)."""
    f, d = case.followup, case.desk
    return {
        **case_record(case, today),
        "kind": f.kind.value,
        "anonymous": f.anonymous,
        "phone_last4": d.phone_last4,
        "slip_number": f.slip_number,
        "transferred_on": _iso(f.transferred_on),
        "extensions": f.extensions,
        "replied_on": _iso(f.replied_on),
        "copied_on": _iso(f.copied_on),
        "informed_on": _iso(f.informed_on),
        "closed_on": _iso(f.closed_on),
        "request_type": d.request_type,
        "summary": d.summary,
        "own_words": d.own_words,
        "place": d.place,
        "receiving_deputy": d.receiving_deputy,
        "deputies_on_duty": list(d.deputies_on_duty),
        "desk_target": d.desk_target,
        "desk_note": d.desk_note,
        "session_id": d.session_id,
        "revision": case.revision,
        "updated_at": case.updated_at.isoformat() if case.updated_at else None,
        "updated_by": case.updated_by,
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def entry_record(entry: TimelineEntry) -> dict[str, Any]:
    step = entry.step
    return {
        "seq": entry.seq,
        "at": step.at.isoformat(),
        "kind": step.kind.value,
        "clerk": step.clerk,
        "state_before": entry.state_before.value,
        "state_after": entry.state_after.value,
        "revision": entry.revision,
        "data": {key: _plain(value) for key, value in step.data.items()},
    }


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def step_words(entry: TimelineEntry, unit_names: dict[str, str], lang: str | None = None) -> str:
    """A step's data in words: ``日期 2026-12-03；结果 B类 正在解决…；摘要 …``."""
    parts = []
    for key, value in entry.step.data.items():
        name = t(f"office_cli.data.{key}", lang) if _known(key, lang) else key
        parts.append(f"{name} {_value_words(key, value, unit_names, lang)}")
    separator = "；" if (lang or _lang()) == "zh" else "; "
    return separator.join(parts)


def _lang() -> str:
    from reception_tui.i18n import language

    return language()


def _known(key: str, lang: str | None) -> bool:
    return t(f"office_cli.data.{key}", lang) != f"office_cli.data.{key}"


def _value_words(key: str, value: Any, unit_names: dict[str, str], lang: str | None) -> str:
    from reception_tui.domain.followup import FeedbackChannel, Outcome, Satisfaction
    from reception_tui.office.words import channel_label, outcome_label, satisfaction_label

    text = str(value)
    try:
        if key == "outcome":
            outcome = Outcome(text)
            return f"{outcome_label(outcome, short=True, lang=lang)} {outcome_label(outcome, lang=lang)}"
        if key == "satisfaction":
            return satisfaction_label(Satisfaction(text), lang)
        if key == "channel":
            return channel_label(FeedbackChannel(text), lang)
    except ValueError:
        return text
    if key == "unit":
        name = unit_names.get(text, "")
        return f"{name}（{text}）" if name else text
    if isinstance(value, list | tuple):
        return "、".join(str(item) for item in value)
    return str(_plain(value))


def state_words(case: Case, lang: str | None = None, labels: Mapping[CaseState, str] | None = None) -> str:
    from reception_tui.office.words import state_label

    return state_label(case.state, lang, labels)


def status_words(case: Case, lang: str | None = None) -> str:
    from reception_tui.office.words import status_label

    return status_label(case.followup.status, lang)


def step_name(kind: StepKind, lang: str | None = None) -> str:
    from reception_tui.office.words import step_label

    return step_label(kind, lang)


def table_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(fit(cell, width) for cell, width in zip(cells, widths, strict=True)).rstrip()
