"""Export format v1: building a session file from a snapshot (the laptop's side).

    {"format": "reception-tui/session-export", "format_version": 1,
     "manifest": {... device, sequence, counts, payload hash ...},
     "signature": {"algorithm": "ed25519", "signed": "manifest", "value": ...},
     "payload": {...} | "sealed_payload": "<base64>"}

The payload holds every record with its UUID and revision (codec dicts); its canonical bytes are
hashed into the manifest, the manifest's canonical bytes are signed, and with an office key the
payload is sealed so only the office can read it while the manifest stays readable for counting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from reception_tui import __version__
from reception_tui.domain.codec import to_dict
from reception_tui.exchange.canonical import CANONICALIZATION, canonical_bytes, sha256_hex
from reception_tui.exchange.keys import SEAL_ALGORITHM, SIGNATURE_ALGORITHM, DeviceKey, b64, seal
from reception_tui.storage.session_store import SessionSnapshot

FORMAT_NAME = "reception-tui/session-export"
FORMAT_VERSION = 1
SCHEMA_ID = "https://reception-tui.example/schemas/session-export.schema.json"
RECORD_LISTS = ("visitors", "issues", "receipts", "audit_events")


def build_payload(snapshot: SessionSnapshot) -> dict[str, Any]:
    """Every record of the session as JSON-ready dicts, in a stable order."""
    return {
        "config_version": snapshot.session.config_version,
        "session": to_dict(snapshot.session),
        "visitors": [to_dict(v) for v in snapshot.visitors],
        "issues": [to_dict(i) for i in snapshot.issues],
        "receipts": [to_dict(r) for r in sorted(snapshot.receipts, key=lambda r: (r.created_at, r.id))],
        "audit_events": [to_dict(e) for e in sorted(snapshot.audit, key=lambda e: (e.at, e.id))],
    }


def payload_sha256(snapshot: SessionSnapshot) -> str:
    """The hash a fresh export of this snapshot would carry: changes since an export show as a new hash."""
    return sha256_hex(canonical_bytes(build_payload(snapshot)))


@dataclass(frozen=True)
class BuiltExport:
    """An export file's bytes and what the laptop remembers about it."""

    data: bytes
    manifest: dict[str, Any]

    @property
    def payload_sha256(self) -> str:
        """The payload hash named in the manifest."""
        value: str = self.manifest["payload"]["sha256"]
        return value


def build_export(
    snapshot: SessionSnapshot,
    device: DeviceKey,
    *,
    sequence: int,
    exported_at: datetime,
    office_public_key: str | None = None,
) -> BuiltExport:
    """The signed (and, with an office key, sealed) export file of ``snapshot``."""
    return sign_export(
        build_payload(snapshot), device, sequence=sequence, exported_at=exported_at,
        office_public_key=office_public_key,
    )


def sign_export(
    payload: dict[str, Any],
    device: DeviceKey,
    *,
    sequence: int,
    exported_at: datetime,
    office_public_key: str | None = None,
    app_version: str = __version__,
) -> BuiltExport:
    """The export file of a payload (as :func:`build_payload` makes it): manifest, signature, payload.

    Benchmarks and tests that derive many files from one payload use this too, so the envelope is
    written in one place.
    """
    payload_bytes = canonical_bytes(payload)
    session = payload["session"]
    payload_info: dict[str, Any] = {
        "encoding": "sealed" if office_public_key else "plain",
        "canonicalization": CANONICALIZATION,
        "hash_algorithm": "sha256",
        "sha256": sha256_hex(payload_bytes),
    }
    sealed: bytes | None = None
    if office_public_key:
        sealed = seal(office_public_key, payload_bytes)
        payload_info["sealed"] = {
            "algorithm": SEAL_ALGORITHM,
            "recipient_key": office_public_key,
            "ciphertext_sha256": sha256_hex(sealed),
        }
    manifest: dict[str, Any] = {
        "app_version": app_version,
        "device_id": device.device_id,
        "device_key": {"algorithm": SIGNATURE_ALGORITHM, "public_key": device.public_key},
        "export_sequence": sequence,
        "exported_at": exported_at.isoformat(),
        "session_id": session["id"],
        "site_code": session["site_code"],
        "session_day": session["day"],
        "config_version": payload["config_version"],
        "counts": {name: len(payload[name]) for name in RECORD_LISTS},
        "payload": payload_info,
    }
    document: dict[str, Any] = {
        "$schema": SCHEMA_ID,
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "manifest": manifest,
        "signature": {
            "algorithm": SIGNATURE_ALGORITHM,
            "signed": "manifest",
            "value": device.sign(canonical_bytes(manifest)),
        },
    }
    if sealed is not None:
        document["sealed_payload"] = b64(sealed)
    else:
        document["payload"] = payload
    return BuiltExport(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n", manifest)


def export_file_name(manifest: dict[str, Any]) -> str:
    """``reception_<day>_<site>_<session8>_<device8>_<sequence>.json``: sortable, unique per device."""
    return (
        f"reception_{manifest['session_day']}_{manifest['site_code']}_{manifest['session_id'][:8]}_"
        f"{manifest['device_id'][:8]}_{manifest['export_sequence']:06d}.json"
    )
