"""The office's list of trusted laptops (device id → Ed25519 public key), a JSON file in the office folder."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from reception_tui.exchange.errors import KeyFileError
from reception_tui.exchange.keys import fingerprint
from reception_tui.i18n import Message
from reception_tui.storage.atomic import ensure_private_dir, write_atomic

TRUSTED_DEVICES_FILE = "trusted-devices.json"


@dataclass
class TrustedDevices:
    """Devices whose files the office accepts; a device's key never changes once trusted."""

    path: Path
    devices: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, office_dir: Path) -> TrustedDevices:
        """The list in ``office_dir`` (empty when there is none yet)."""
        path = office_dir / TRUSTED_DEVICES_FILE
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            devices = data["devices"]
            if not isinstance(devices, dict) or not all(
                isinstance(v, dict) and isinstance(v.get("public_key"), str) for v in devices.values()
            ):
                raise ValueError
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            raise KeyFileError(path, Message("exchange.problem.trusted_damaged")) from None
        return cls(path, devices)

    def key_of(self, device_id: str) -> str | None:
        """The trusted public key of ``device_id``, or None for an unknown device."""
        entry = self.devices.get(device_id)
        return None if entry is None else str(entry["public_key"])

    def add(self, device_id: str, public_key: str, now: datetime, note: str = "") -> None:
        """Trust a device (saved by :meth:`save`)."""
        self.devices[device_id] = {
            "public_key": public_key,
            "fingerprint": fingerprint(public_key),
            "trusted_at": now.isoformat(),
            "note": note,
        }

    def save(self) -> None:
        """Write the list atomically."""
        ensure_private_dir(self.path.parent)
        text = json.dumps(
            {"format_version": 1, "devices": self.devices}, ensure_ascii=False, indent=2, sort_keys=True
        )
        write_atomic(self.path, (text + "\n").encode("utf-8"))
