"""The laptop's Ed25519 device key and the office's key pair, kept as small private JSON files.

The device key is made on first use and lives in the data folder (0600); its id names the laptop
in every manifest. The office key is an Ed25519 seed: its X25519 form receives sealed payloads and
its Ed25519 form signs acknowledgements, so a laptop that knows only the office's X25519 public
key (from the site config) can still check that an acknowledgement came from that office.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

from reception_tui.exchange.errors import KeyFileError
from reception_tui.i18n import Message, os_reason
from reception_tui.storage.atomic import ensure_private_dir, write_atomic

DEVICE_KEY_FILE = "device-key.json"
OFFICE_KEY_FILE = "office-key.json"
OFFICE_PUBLIC_KEY_FILE = "office-public-key.txt"
SIGNATURE_ALGORITHM = "ed25519"
SEAL_ALGORITHM = "x25519-xsalsa20poly1305-sealedbox"


def b64(data: bytes) -> str:
    """Standard base64 text."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, size: int | None = None) -> bytes:
    """Decode base64 (strictly); ``ValueError`` when it is not, or not ``size`` bytes long."""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError("not base64") from None
    if size is not None and len(data) != size:
        raise ValueError(f"expected {size} bytes")
    return data


def verify_signature(public_key: str, message: bytes, signature: str) -> bool:
    """True when ``signature`` (base64) is the Ed25519 signature of ``message`` by ``public_key``."""
    try:
        VerifyKey(unb64(public_key, 32)).verify(message, unb64(signature, 64))
    except (ValueError, BadSignatureError, CryptoError):
        return False
    return True


def fingerprint(public_key: str) -> str:
    """A short, readable fingerprint of a base64 public key (groups of 4 hex digits)."""
    digest = hashlib.sha256(public_key.encode("ascii")).hexdigest()[:16]
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def _read_key_file(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise KeyFileError(path, Message("exchange.problem.key_unreadable", {"reason": os_reason(error)})) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise KeyFileError(path, Message("exchange.problem.not_key_file")) from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise KeyFileError(path, Message("exchange.problem.not_key_file"))
    return data


@dataclass(frozen=True)
class DeviceKey:
    """This laptop's id and signing key."""

    device_id: str
    signing_key: SigningKey

    @property
    def public_key(self) -> str:
        """The Ed25519 public key, base64."""
        return b64(bytes(self.signing_key.verify_key))

    def sign(self, message: bytes) -> str:
        """The Ed25519 signature of ``message``, base64."""
        return b64(self.signing_key.sign(message).signature)

    @property
    def fingerprint(self) -> str:
        """What the office clerk compares before trusting this laptop."""
        return fingerprint(self.public_key)

    @classmethod
    def load_or_create(cls, folder: Path) -> DeviceKey:
        """The device key in ``folder``, made (0600) on first use."""
        path = folder / DEVICE_KEY_FILE
        if not path.exists():
            ensure_private_dir(folder)
            key = cls(str(uuid.uuid4()), SigningKey.generate())
            record = {
                "device_id": key.device_id,
                "algorithm": SIGNATURE_ALGORITHM,
                "seed": b64(bytes(key.signing_key)),
                "public_key": key.public_key,
            }
            write_atomic(path, (json.dumps(record, indent=2) + "\n").encode("utf-8"))
            return key
        data = _read_key_file(path)
        try:
            return cls(str(uuid.UUID(data["device_id"])), SigningKey(unb64(data["seed"], 32)))
        except (KeyError, ValueError):
            raise KeyFileError(path, Message("exchange.problem.device_key_damaged")) from None


@dataclass(frozen=True)
class OfficeKey:
    """The office's key pair (kept only in the office folder)."""

    signing_key: SigningKey

    @functools.cached_property
    def private_key(self) -> PrivateKey:
        """The X25519 private key that opens sealed payloads (derived once per loaded key)."""
        return self.signing_key.to_curve25519_private_key()

    @functools.cached_property
    def public_key(self) -> str:
        """The X25519 public key, base64: the value for ``office_public_key`` in the site config."""
        return b64(bytes(self.private_key.public_key))

    @property
    def verify_key(self) -> str:
        """The Ed25519 public key that checks acknowledgements, base64."""
        return b64(bytes(self.signing_key.verify_key))

    def sign(self, message: bytes) -> str:
        """The Ed25519 signature of ``message``, base64."""
        return b64(self.signing_key.sign(message).signature)

    def open_sealed(self, ciphertext: bytes) -> bytes:
        """Decrypt a sealed box; ``CryptoError`` when it was not sealed to this key or was changed."""
        return SealedBox(self.private_key).decrypt(ciphertext)

    @classmethod
    def create(cls, office_dir: Path) -> OfficeKey:
        """Make the office key in ``office_dir``; refuses to replace an existing one."""
        path = office_dir / OFFICE_KEY_FILE
        if path.exists():
            raise KeyFileError(path, Message("exchange.problem.office_key_exists"))
        ensure_private_dir(office_dir)
        key = cls(SigningKey.generate())
        record = {
            "algorithm": "ed25519+x25519",
            "seed": b64(bytes(key.signing_key)),
            "public_key": key.public_key,
            "verify_key": key.verify_key,
        }
        write_atomic(path, (json.dumps(record, indent=2) + "\n").encode("utf-8"))
        write_atomic(office_dir / OFFICE_PUBLIC_KEY_FILE, (key.public_key + "\n").encode("ascii"))
        return key

    @classmethod
    def load(cls, office_dir: Path) -> OfficeKey | None:
        """The office key in ``office_dir``, or None when none was made."""
        path = office_dir / OFFICE_KEY_FILE
        if not path.exists():
            return None
        data = _read_key_file(path)
        try:
            return cls(SigningKey(unb64(data["seed"], 32)))
        except (KeyError, ValueError):
            raise KeyFileError(path, Message("exchange.problem.office_key_damaged")) from None


def seal(public_key: str, plaintext: bytes) -> bytes:
    """Seal ``plaintext`` to an X25519 public key (base64): only its private key can open it."""
    return SealedBox(PublicKey(unb64(public_key, 32))).encrypt(plaintext)


def office_verify_key_matches(verify_key: str, office_public_key: str) -> bool:
    """True when the Ed25519 ``verify_key`` is the signing form of the X25519 ``office_public_key``."""
    try:
        derived = VerifyKey(unb64(verify_key, 32)).to_curve25519_public_key()
    except (ValueError, CryptoError):
        return False
    return b64(bytes(derived)) == office_public_key
