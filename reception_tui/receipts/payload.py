"""The QR payload ``RT1:<ref>:<code>``: a receipt reference and a keyed verification code, no personal data.

The reference names the visitor's receipt: site code, reception day (two-digit year) and queue
number, e.g. ``BSJD-261129-007``; every case number on the receipt starts with the same site, day
and queue number. A second desk's letter stands in place of the hyphen before the queue number
(``BSJD-261129B007``), so the payload keeps its length. The code is HMAC-SHA256 of the reference
under a secret that only this data folder holds, truncated to 5 base32 characters (25 bits): it
cannot be worked out from the reference, so a receipt made up from a case number does not verify.
The payload is kept to QR alphanumeric characters and 25 characters for a 4-letter site code, so
it fits a version 1 QR code (21 x 21 modules), which is what an 80 x 24 terminal can show with
square modules.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from reception_tui.domain.ids import PayloadError, ReceiptRef
from reception_tui.domain.site import SiteConfig
from reception_tui.domain.text import normalise_digits
from reception_tui.storage.atomic import ensure_private_dir, write_atomic

__all__ = ["PayloadError", "ReceiptRef", "ScannedPayload"]  # the reference and its error live in domain.ids

PREFIX = "RT1"
CODE_LENGTH = 5
SECRET_FILE = "receipt-secret.key"  # noqa: S105 - a file name, not a secret
SECRET_BYTES = 32

_CODE = re.compile(rf"[A-Z2-7]{{{CODE_LENGTH}}}")


@dataclass(frozen=True)
class ScannedPayload:
    """A payload as read back: the reference and the code it carried."""

    ref: ReceiptRef
    code: str


def receipt_secret(config: SiteConfig, data_root: Path) -> bytes:
    """The secret receipt codes are made and checked with: the config's shared key, else the folder's own.

    The shared key (``receipt.verification_key``) lets the office verify receipts from every laptop;
    without it each data folder keeps its own secret, which never leaves the laptop.
    """
    key = config.receipt.verification_key
    if key:
        return bytes.fromhex(key)
    return load_or_create_secret(data_root)


def load_or_create_secret(data_root: Path) -> bytes:
    """The data folder's receipt secret, created (0600, durably) on first use."""
    path = data_root / SECRET_FILE
    with contextlib.suppress(FileNotFoundError):
        return _read_secret(path)
    ensure_private_dir(data_root)
    write_atomic(path, secrets.token_hex(SECRET_BYTES).encode("ascii") + b"\n")
    return _read_secret(path)


def _read_secret(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        raise OSError(f"{path}: the receipt secret is damaged") from None
    if len(secret) < 16:
        raise OSError(f"{path}: the receipt secret is too short")
    return secret


def verification_code(secret: bytes, ref: ReceiptRef) -> str:
    """The code printed with ``ref``: HMAC-SHA256 under the folder's secret, 5 base32 characters."""
    digest = hmac.new(secret, f"{PREFIX}|{ref}".encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:CODE_LENGTH]


def make_payload(secret: bytes, ref: ReceiptRef) -> str:
    """The text the QR code carries: ``RT1:<ref>:<code>``."""
    return f"{PREFIX}:{ref}:{verification_code(secret, ref)}"


def make_url(template: str, secret: bytes, ref: ReceiptRef) -> str:
    """The tracking-page address from the config's template (``{ref}`` and ``{code}``)."""
    return template.replace("{ref}", str(ref)).replace("{code}", verification_code(secret, ref))


def qr_text(secret: bytes, ref: ReceiptRef, url_template: str | None) -> str:
    """What the QR code encodes: the tracking address when the office has one, else the payload."""
    return make_url(url_template, secret, ref) if url_template else make_payload(secret, ref)


def _url_pattern(template: str) -> re.Pattern[str]:
    pieces = re.split(r"(\{ref\}|\{code\})", template)
    regex = "".join(
        r"(?P<ref>[A-Za-z0-9-]+)" if piece == "{ref}" else r"(?P<code>[A-Za-z2-7]+)" if piece == "{code}"
        else re.escape(piece)
        for piece in pieces
    )
    return re.compile(regex, re.IGNORECASE)


def parse_payload(text: str, url_template: str | None = None) -> ScannedPayload:
    """Read what a scanner typed: ``RT1:<ref>:<code>`` or an address made from the URL template.

    Scanners add a newline, and a Chinese input method may turn characters full width: both are
    undone first. :class:`PayloadError` when the text is neither shape.
    """
    cleaned = normalise_digits(text).strip()
    if url_template and "{ref}" in url_template and "{code}" in url_template:
        match = _url_pattern(url_template).fullmatch(cleaned)
        if match is not None:
            return _checked(match.group("ref"), match.group("code"))
    parts = cleaned.upper().split(":")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise PayloadError("shape")
    return _checked(parts[1], parts[2])


def _checked(ref_text: str, code: str) -> ScannedPayload:
    code = code.upper()
    if _CODE.fullmatch(code) is None:
        raise PayloadError("code")
    return ScannedPayload(ReceiptRef.parse(ref_text), code)


def code_matches(secret: bytes, scanned: ScannedPayload) -> bool:
    """True when the scanned code is the one this folder's secret gives for the reference."""
    return hmac.compare_digest(verification_code(secret, scanned.ref), scanned.code)
