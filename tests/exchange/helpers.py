"""Shared checks for the exchange tests."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from reception_tui.config.schemas import schema_path
from reception_tui.domain.codec import to_dict
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.storage.session_store import SessionSnapshot

CST = timezone(timedelta(hours=8))
DAY = date(2026, 11, 20)


class Clock:
    """A clock that moves one second per call."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 20, 17, 0, tzinfo=CST)

    def __call__(self) -> datetime:
        self.current += timedelta(seconds=1)
        return self.current


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


def derived_exports(template: dict[str, Any], count: int, folder: Path, device: Any) -> list[Path]:
    """``count`` signed export files of ``template`` (a payload), each a new session with fresh record ids."""
    import re
    import uuid
    from datetime import datetime

    import orjson

    from reception_tui.exchange.document import sign_export

    uuid_text = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    text = orjson.dumps(template).decode("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        mapping: dict[str, str] = {}

        def fresh(match: re.Match[str], mapping: dict[str, str] = mapping) -> str:
            return mapping.setdefault(match.group(0), str(uuid.uuid4()))

        payload = orjson.loads(uuid_text.sub(fresh, text))
        built = sign_export(
            payload, device, sequence=index + 1, exported_at=datetime.fromisoformat("2026-11-20T17:00:00+08:00"),
            app_version="test",
        )
        path = folder / f"derived_{index:05d}.json"
        path.write_bytes(built.data)
        paths.append(path)
    return paths
