"""Reading an export file at the office: every check, in order, with one reason when a check fails.

size, values and nesting → strict JSON → format and version → records per kind → schema (first
error only) → device trust and signature → (sealed: ciphertext hash, office key, decryption, and
the same bounds and schema on the payload) → payload hash → counts and references → every text
cleaned (``clean_text``) for storing.
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass, replace
from typing import Any

import orjson
import pybase64
from nacl.exceptions import CryptoError

from reception_tui.exchange.canonical import sha256_hex
from reception_tui.exchange.document import FORMAT_NAME, FORMAT_VERSION, RECORD_LISTS
from reception_tui.exchange.errors import RejectedFile
from reception_tui.exchange.keys import OfficeKey, fingerprint, unb64, verify_signature
from reception_tui.exchange.safe_json import parse_untrusted
from reception_tui.exchange.schema import check, document_check, payload_check, schema_detail
from reception_tui.exchange.text_fields import clean_texts, may_need_cleaning
from reception_tui.exchange.trust import TrustedDevices
from reception_tui.i18n import Message

RECORD_KINDS = {
    "session": "session",
    "visitors": "visitor",
    "issues": "issue",
    "receipts": "receipt",
    "audit_events": "audit",
}
"""Payload key -> the record kind the office store files it under."""

MAX_RECORDS = 50_000
"""Records of one kind in one file (an afternoon has tens to hundreds), checked before the schema."""


@dataclass(frozen=True)
class VerifiedExport:
    """An export file that passed every check."""

    manifest: dict[str, Any]
    payload: dict[str, Any] | None
    """The checked payload; None once dropped (:meth:`without_payload`)."""
    new_device: bool
    """The device was not trusted before and is accepted because new devices are trusted in this run."""
    payload_bytes: bytes
    """The payload's canonical JSON (the bytes its hash was checked on): what the office store keeps."""
    case_numbers: tuple[str, ...] = ()
    """The issues' case numbers, in payload order (the store finds numbers given out twice with them)."""

    def without_payload(self) -> VerifiedExport:
        """The same export without its parsed payload: the office store needs only :attr:`payload_bytes`."""
        return replace(self, payload=None)

    @property
    def device_id(self) -> str:
        """The laptop that wrote the file."""
        return str(self.manifest["device_id"])

    @property
    def device_key(self) -> str:
        """The laptop's public key."""
        return str(self.manifest["device_key"]["public_key"])


def read_export(
    raw: bytes, *, office_key: OfficeKey | None, trusted: TrustedDevices, trust_new: bool
) -> VerifiedExport:
    """Check ``raw`` completely; :class:`RejectedFile` says why it is refused."""
    document = parse_untrusted(raw)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise RejectedFile("exchange.reject.not_export")
    if document.get("format_version") != FORMAT_VERSION:
        raise RejectedFile("exchange.reject.version", str(document.get("format_version"))[:20])
    if isinstance(document.get("payload"), dict):
        _check_record_counts(document["payload"], "$.payload")
    ciphertext = _strict_base64(document.get("sealed_payload"))
    # strict base64 keeps the schema's one rule for the sealed text (its pattern), so the validator,
    # whose regular expressions take longer over 80 KB of base64 than over a whole plain document,
    # checks the rest of the document without it
    check(document_check(), document if ciphertext is None else {**document, "sealed_payload": ""})
    manifest: dict[str, Any] = document["manifest"]
    _check_device(document, manifest, trusted, trust_new)
    payload_info = manifest["payload"]
    if payload_info["encoding"] == "sealed":
        opened = _open_sealed(document, payload_info, office_key, ciphertext)
        if sha256_hex(opened) != payload_info["sha256"]:
            raise RejectedFile("exchange.reject.checksum", Message("exchange.detail.payload"))
        payload = parse_untrusted(opened)
        if isinstance(payload, dict):
            _check_record_counts(payload, "$.sealed_payload")
        check(payload_check(), payload, "$.sealed_payload")
        # the laptop seals canonical bytes; what the office keeps is canonical whatever was sealed
        payload_bytes = canonical_payload(payload)
    else:
        if "payload" not in document:
            raise RejectedFile("exchange.reject.schema", schema_detail("$.payload", "required"))
        payload = document["payload"]
        payload_bytes = canonical_payload(payload)
        if sha256_hex(payload_bytes) != payload_info["sha256"]:
            raise RejectedFile("exchange.reject.checksum", Message("exchange.detail.payload"))
    _check_consistency(manifest, payload)
    # verified as received; stored cleaned (the manifest's hash, which acknowledgements name, is
    # the laptop's: a purge on the laptop compares its own state with it)
    if may_need_cleaning(payload_bytes) and clean_texts(payload):
        payload_bytes = canonical_payload(payload)
    new_device = trusted.key_of(manifest["device_id"]) is None
    cases = tuple(str(issue["case_number"]) for issue in payload["issues"] if issue.get("case_number"))
    return VerifiedExport(manifest, payload, new_device, payload_bytes, cases)


def _check_record_counts(payload: dict[str, Any], prefix: str) -> None:
    """Refuse a payload with more records of one kind than :data:`MAX_RECORDS` (a cheap bound)."""
    for name in RECORD_LISTS:
        records = payload.get(name)
        if isinstance(records, list) and len(records) > MAX_RECORDS:
            counted = {"path": f"{prefix}.{name}", "count": len(records), "limit": MAX_RECORDS}
            raise RejectedFile("exchange.reject.too_many_records", Message("exchange.detail.records", counted))


def canonical_payload(payload: dict[str, Any]) -> bytes:
    """The payload's canonical JSON (sorted keys, compact); the parse already refused floats."""
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)


def _check_device(document: dict[str, Any], manifest: dict[str, Any], trusted: TrustedDevices, trust_new: bool) -> None:
    device_id = manifest["device_id"]
    public_key = manifest["device_key"]["public_key"]
    signed = orjson.dumps(manifest, option=orjson.OPT_SORT_KEYS)
    known = trusted.key_of(device_id)
    device = Message("exchange.detail.device", {"device": device_id[:8]})
    if known is not None and known != public_key:
        raise RejectedFile("exchange.reject.device_key_changed", device)
    if not verify_signature(public_key, signed, document["signature"]["value"]):
        raise RejectedFile("exchange.reject.signature", device)
    if known is None and not trust_new:
        who = {"device": device_id[:8], "fingerprint": fingerprint(public_key)}
        raise RejectedFile("exchange.reject.unknown_device", Message("exchange.detail.device_key", who))


def _strict_base64(text: object) -> bytes | None:
    """The bytes of ``text`` when it is base64 strictly (standard alphabet, padding only at its end:
    the schema's pattern holds), else None, and the reader checks the text the slow way (the schema's
    pattern, then ``b64decode``). The sealed payload is the file's bulk: pybase64 decodes its 80 KB in
    SIMD code in a few microseconds, where ``binascii`` took 0.3 ms, a tenth of a file's whole import."""
    if not isinstance(text, str) or not text.isascii() or text.endswith("==="):
        return None
    try:
        return pybase64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def _open_sealed(
    document: dict[str, Any], info: dict[str, Any], office_key: OfficeKey | None, decoded: bytes | None
) -> bytes:
    sealed_info = info.get("sealed")
    text = document.get("sealed_payload")
    if sealed_info is None or not isinstance(text, str):
        raise RejectedFile("exchange.reject.schema", schema_detail("$.sealed_payload", "required"))
    try:
        ciphertext = decoded if decoded is not None else unb64(text)
    except ValueError:
        raise RejectedFile("exchange.reject.schema", schema_detail("$.sealed_payload", "base64")) from None
    if sha256_hex(ciphertext) != sealed_info["ciphertext_sha256"]:
        raise RejectedFile("exchange.reject.checksum", Message("exchange.detail.sealed_payload"))
    if office_key is None:
        raise RejectedFile("exchange.reject.no_office_key")
    if sealed_info["recipient_key"] != office_key.public_key:
        raise RejectedFile("exchange.reject.other_office", fingerprint(sealed_info["recipient_key"]))
    try:
        return office_key.open_sealed(ciphertext)
    except (CryptoError, binascii.Error, ValueError):
        raise RejectedFile("exchange.reject.cannot_open") from None


def _check_consistency(manifest: dict[str, Any], payload: dict[str, Any]) -> None:
    for name in RECORD_LISTS:
        if len(payload[name]) != manifest["counts"][name]:
            raise RejectedFile("exchange.reject.counts", f"$.manifest.counts.{name}")
    session_id = manifest["session_id"]
    session = payload["session"]
    if (
        session["id"] != session_id
        or session["day"] != manifest["session_day"]
        or session["site_code"] != manifest["site_code"]
    ):
        raise RejectedFile("exchange.reject.inconsistent", "$.payload.session")
    for name in RECORD_LISTS:
        for index, record in enumerate(payload[name]):
            if record["session_id"] != session_id:
                raise RejectedFile("exchange.reject.inconsistent", f"$.payload.{name}[{index}].session_id")
    visitor_ids = {v["id"] for v in payload["visitors"]}
    for index, issue in enumerate(payload["issues"]):
        if issue["visitor_id"] not in visitor_ids:
            raise RejectedFile("exchange.reject.inconsistent", f"$.payload.issues[{index}].visitor_id")
    for name in ("visitors", "issues", "receipts", "audit_events"):
        ids = [r["id"] for r in payload[name]]
        if len(set(ids)) != len(ids):
            twice = Message("exchange.detail.id_twice", {"path": f"$.payload.{name}"})
            raise RejectedFile("exchange.reject.inconsistent", twice)
