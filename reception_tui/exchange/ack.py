"""The acknowledgement the office import writes back beside the files it imported.

The laptop reads it from the stick to learn which exports arrived, and only then offers to purge
visitors' personal data. It is signed with the office key; a laptop whose site config names the
office's public key accepts only an acknowledgement signed by that office.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from reception_tui.exchange.canonical import canonical_bytes
from reception_tui.exchange.destinations import DRIVE_SUBFOLDER
from reception_tui.exchange.errors import ExchangeError, RejectedFile
from reception_tui.exchange.keys import OfficeKey, office_verify_key_matches, verify_signature
from reception_tui.exchange.safe_json import parse_untrusted
from reception_tui.i18n import Message, os_reason
from reception_tui.storage.atomic import write_atomic

ACK_FILE = "reception-acknowledgement.json"
ACK_FORMAT = "reception-tui/import-acknowledgement"
ENTRY_FIELDS = (
    "session_id",
    "device_id",
    "export_sequence",
    "payload_sha256",
    "file_name",
    "imported_at",
    "counts",
)


@dataclass(frozen=True)
class Acknowledgement:
    """Exports the office confirms it holds."""

    entries: tuple[dict[str, Any], ...]
    office_verify_key: str | None
    signed: bool
    """True when the signature checks out with ``office_verify_key``."""

    def covers(self, device_id: str, sequence: int, payload_sha256: str) -> dict[str, Any] | None:
        """The entry for this export, if the office acknowledged it."""
        for entry in self.entries:
            if (entry.get("device_id"), entry.get("export_sequence"), entry.get("payload_sha256")) == (
                device_id,
                sequence,
                payload_sha256,
            ):
                return entry
        return None


def _body(entries: list[dict[str, Any]], verify_key: str | None) -> dict[str, Any]:
    return {
        "format": ACK_FORMAT,
        "format_version": 1,
        "office_verify_key": verify_key,
        "acknowledged": entries,
    }


def _entry_key(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (entry.get("device_id"), entry.get("export_sequence"), entry.get("payload_sha256"))


def read_ack(path: Path) -> Acknowledgement:
    """Read an acknowledgement file; ``ExchangeError`` when it is damaged."""
    try:
        data = parse_untrusted(path.read_bytes(), max_bytes=16 * 1024 * 1024)
    except OSError as error:
        raise ExchangeError(Message("exchange.error.at_path", {"path": path, "problem": os_reason(error)})) from None
    except RejectedFile as error:
        raise ExchangeError(Message("exchange.error.at_path", {"path": path, "problem": error.message})) from None
    if (
        not isinstance(data, dict)
        or data.get("format") != ACK_FORMAT
        or not isinstance(data.get("acknowledged"), list)
    ):
        problem = Message("exchange.problem.not_ack")
        raise ExchangeError(Message("exchange.error.at_path", {"path": path, "problem": problem}))
    entries = [entry for entry in data["acknowledged"] if isinstance(entry, dict)]
    verify_key = data.get("office_verify_key")
    signature = data.get("signature")
    signed = False
    if (
        isinstance(verify_key, str)
        and isinstance(signature, dict)
        and isinstance(signature.get("value"), str)
    ):
        try:
            message = canonical_bytes(_body(entries, verify_key))
        except ValueError:
            message = b""
        signed = bool(message) and verify_signature(verify_key, message, signature["value"])
    return Acknowledgement(tuple(entries), verify_key if isinstance(verify_key, str) else None, signed)


def find_ack(path: Path) -> Path:
    """The acknowledgement file itself, in the folder given, or in the folder exports use on a drive."""
    if not path.is_dir():
        return path
    for candidate in (path / ACK_FILE, path / DRIVE_SUBFOLDER / ACK_FILE):
        if candidate.is_file():
            return candidate
    return path / ACK_FILE


def trusted_ack(ack: Acknowledgement, office_public_key: str | None) -> bool:
    """Whether the laptop may act on ``ack``: signed by the configured office, or no office key configured."""
    if office_public_key is None:
        return True
    return (
        ack.signed
        and ack.office_verify_key is not None
        and office_verify_key_matches(ack.office_verify_key, office_public_key)
    )


def write_ack(folder: Path, new_entries: list[dict[str, Any]], office_key: OfficeKey | None) -> Path:
    """Add ``new_entries`` to the acknowledgement in ``folder``, keeping entries signed by this office."""
    path = folder / ACK_FILE
    verify_key = office_key.verify_key if office_key is not None else None
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    if path.exists():
        try:
            old = read_ack(path)
        except ExchangeError:
            old = None
        if old is not None and ((old.signed and old.office_verify_key == verify_key) or verify_key is None):
            merged.update((_entry_key(entry), entry) for entry in old.entries)
    for entry in new_entries:
        merged[_entry_key(entry)] = {name: entry[name] for name in ENTRY_FIELDS}
    entries = sorted(
        merged.values(), key=lambda e: (str(e.get("device_id")), int(e.get("export_sequence") or 0))
    )
    document = _body(entries, verify_key)
    if office_key is not None:
        document["signature"] = {
            "algorithm": "ed25519",
            "signed": "document without signature",
            "value": office_key.sign(canonical_bytes(document)),
        }
    write_atomic(path, orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    return path
