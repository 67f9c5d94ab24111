"""The form being typed, kept beside the session file so a crash or power cut loses nothing.

One draft per session folder (``draft.json``, 0600, written atomically): which form, which record
it edits, and the raw field values as typed. It is removed once the form is saved or discarded.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from reception_tui.storage.atomic import write_atomic

DRAFT_FILE = "draft.json"
MAX_DRAFT_BYTES = 1_000_000
DRAFT_VERSION = 1


@dataclass(frozen=True)
class Draft:
    """A form as typed: its kind (``visitor``, ``issue``, ``disposition``), target ids and values."""

    form: str
    values: dict[str, Any]
    visitor_id: str = ""
    record_id: str = ""
    """The record being edited; empty for a new one."""
    extra: dict[str, Any] = field(default_factory=dict)


class DraftStore:
    """Reads and writes the one draft of a session folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / DRAFT_FILE

    def save(self, draft: Draft) -> None:
        """Write the draft durably (temp file, fsync, rename)."""
        payload = {
            "version": DRAFT_VERSION,
            "form": draft.form,
            "visitor_id": draft.visitor_id,
            "record_id": draft.record_id,
            "values": draft.values,
            "extra": draft.extra,
        }
        write_atomic(self.path, orjson.dumps(payload))

    def load(self) -> Draft | None:
        """The saved draft, or None when there is none or it cannot be read (it is then set aside)."""
        try:
            raw = self.path.read_bytes()
        except OSError:
            return None
        try:
            if len(raw) > MAX_DRAFT_BYTES:
                raise ValueError("draft too large")
            data = orjson.loads(raw)
            if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
                raise ValueError("not a draft")
            extra = data.get("extra")
            return Draft(
                form=str(data.get("form", "")),
                values=data["values"],
                visitor_id=str(data.get("visitor_id", "")),
                record_id=str(data.get("record_id", "")),
                extra=extra if isinstance(extra, dict) else {},
            )
        except (ValueError, orjson.JSONDecodeError):
            with contextlib.suppress(OSError):
                self.path.replace(self.path.with_name(DRAFT_FILE + ".damaged"))
            return None

    def clear(self) -> None:
        """Remove the draft (the form was saved or deliberately discarded)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
