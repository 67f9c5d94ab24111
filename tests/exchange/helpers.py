"""Shared checks for the exchange tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from reception_tui.config.schemas import schema_path
from reception_tui.domain.codec import to_dict
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.storage.session_store import SessionSnapshot


def published_validator() -> Draft202012Validator:
    """The published schema with jsonschema's own format checker, plus a strict RFC 3339 date-time check."""
    import re
    from datetime import datetime

    checker = FormatChecker()

    @checker.checks("date-time")
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value):
            return False
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    schema = json.loads(schema_path("session-export.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=checker)


def office_state(office_dir: Path) -> dict[tuple[str, str], tuple[int, dict[str, Any]]]:
    """Every current record of the office store: (kind, id) -> (revision, body)."""
    with OfficeStore(office_dir) as store:
        return {
            (record.kind, record.id): (record.revision, record.body)
            for kind in ("session", "visitor", "issue", "receipt", "audit")
            for record in store.records(kind)
        }


def snapshot_state(snapshot: SessionSnapshot) -> dict[tuple[str, str], tuple[int, dict[str, Any]]]:
    """The same view of a laptop's session."""
    state: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {
        ("session", snapshot.session.id): (snapshot.session.revision, to_dict(snapshot.session))
    }
    for kind, records in (
        ("visitor", snapshot.visitors),
        ("issue", snapshot.issues),
        ("receipt", snapshot.receipts),
    ):
        for record in records:
            state[(kind, record.id)] = (record.revision, to_dict(record))
    for event in snapshot.audit:
        state[("audit", event.id)] = (1, to_dict(event))
    return state
