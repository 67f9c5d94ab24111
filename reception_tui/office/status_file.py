"""The signed status file the office sends to the laptops (office → laptops, by stick or shared folder).

Per case number: the follow-up state, the coarse status, the outcome class, the key dates and the
survey's verdict. Nothing personal: no names, phones, addresses, summaries or units' replies; the
laptop already holds the case numbers of its own visitors. The document is signed with the office key
over the canonical JSON of everything but the ``signature`` member (as the acknowledgement is); the
laptop side (``exchange/status_in.py``) verifies it and keeps the newest.

``sequence`` orders the office's status files: by default the microseconds since the epoch of
``generated_at`` (so it grows as long as the office's clock does); a caller keeping a counter passes
its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson

from reception_tui.exchange.keys import OfficeKey
from reception_tui.exchange.status_in import (
    STATUS_FILE_PREFIX,
    STATUS_FORMAT,
    STATUS_FORMAT_VERSION,
    signed_body,
)
from reception_tui.office.model import Case
from reception_tui.storage.atomic import ensure_private_dir, write_atomic


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def case_record(case: Case) -> dict[str, Any]:
    """The one entry of a case in the status file (no personal data)."""
    followup = case.followup
    record: dict[str, Any] = {
        "case_number": case.desk.case_number,
        "site_code": case.desk.site_code,
        "day": case.desk.day.isoformat(),
        "state": followup.state.value,
        "status": followup.status.value,
        "outcome": followup.outcome.value if followup.outcome is not None else None,
        "transferred_on": _iso(followup.transferred_on),
        "due_on": _iso(followup.due_on),
        "replied_on": _iso(followup.replied_on),
        "closed_on": _iso(followup.closed_on),
    }
    if followup.satisfaction is not None:
        record["satisfaction"] = followup.satisfaction.value
    return record


def default_sequence(now: datetime) -> int:
    """The sequence of a file made at ``now``: microseconds since the epoch."""
    delta = now.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def build_status(
    cases: Iterable[Case],
    *,
    office_key: OfficeKey,
    now: datetime,
    site_code: str | None = None,
    sequence: int | None = None,
) -> bytes:
    """The signed status file of ``cases`` (only those of ``site_code`` when given), as bytes."""
    if now.tzinfo is None:
        raise ValueError("now must carry its time zone")
    records = sorted(
        (case_record(case) for case in cases if site_code is None or case.desk.site_code == site_code),
        key=lambda record: (record["site_code"], record["day"], record["case_number"]),
    )
    document: dict[str, Any] = {
        "format": STATUS_FORMAT,
        "format_version": STATUS_FORMAT_VERSION,
        "generated_at": now.isoformat(),
        "office_verify_key": office_key.verify_key,
        "sequence": default_sequence(now) if sequence is None else sequence,
        "site_code": site_code,
        "cases": records,
    }
    document["signature"] = {
        "algorithm": "ed25519",
        "signed": "document without signature",
        "value": office_key.sign(signed_body(document)),
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def status_file_name(site_code: str | None, now: datetime) -> str:
    """``reception-status-<site or all>-<timestamp>.json`` (UTC, so names sort by time)."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{STATUS_FILE_PREFIX}{site_code or 'all'}-{stamp}.json"


def export_status(
    cases: Iterable[Case],
    out_dir: Path,
    *,
    office_key: OfficeKey,
    now: datetime,
    site_code: str | None = None,
    sequence: int | None = None,
) -> Path:
    """Write the status file into ``out_dir`` (atomically, 0600) and return its path."""
    data = build_status(cases, office_key=office_key, now=now, site_code=site_code, sequence=sequence)
    if not out_dir.exists():
        ensure_private_dir(out_dir)
    path = out_dir / status_file_name(site_code, now)
    write_atomic(path, data)
    return path
