"""Scanned receipt codes (``RT1:…``) typed into the desk's find box, handed to the receipts feature.

The receipts feature owns the payload format and its verification. The desk recognises the prefix
and asks, in this order, ``reception_tui.ui.desk.screens.scan.scan_text(services, text)`` or
``reception_tui.receipts.lookup_scanned(data_folder, secret, text, url_template)`` with the secret
from ``receipt_secret(config, data_root)``; without the feature the text is searched like any other.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reception_tui.i18n import t
from reception_tui.ui.shared.services import AppServices

SCAN_PREFIX = "RT1:"
TRUSTED_VERDICTS = frozenset({"genuine", "case_number"})
"""A genuine receipt code, or a case number found (reported as such, not as proof of a receipt)."""


@dataclass(frozen=True)
class ScanOutcome:
    """What a scanned code points at, and whether it can be trusted."""

    visitor_id: str = ""
    issue_id: str = ""
    genuine: bool = False
    message: str = ""
    """The receipts feature's verdict, translated."""


def is_scan(text: str) -> bool:
    """True when the find box holds a receipt code rather than a name or number."""
    return text.strip().upper().startswith(SCAN_PREFIX)


def _optional(module_name: str, name: str) -> Callable[..., Any] | None:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    found = getattr(module, name, None)
    return found if callable(found) else None


def scanner(services: AppServices) -> Callable[[str], Any] | None:
    """The receipts feature's lookup for this data folder, or None when it is not installed."""
    scan_text = _optional("reception_tui.ui.desk.screens.scan", "scan_text")
    if scan_text is not None:
        return lambda text: scan_text(services, text)
    lookup_scanned = _optional("reception_tui.receipts", "lookup_scanned")
    receipt_secret = _optional("reception_tui.receipts.payload", "receipt_secret")
    if lookup_scanned is None or receipt_secret is None:
        return None
    secret = receipt_secret(services.config, services.data_folder.root)
    url_template = services.config.receipt.url_template
    return lambda text: lookup_scanned(services.data_folder, secret, text, url_template)


def lookup(payload: str, services: AppServices) -> ScanOutcome | None:
    """Ask the receipts feature about ``payload``; None when the feature is not installed."""
    find = scanner(services)
    if find is None:
        return None
    result = find(payload.strip())
    verdict = str(getattr(result, "verdict", ""))
    key = getattr(result, "message_key", "")
    return ScanOutcome(
        visitor_id=str(getattr(result, "visitor_id", "") or ""),
        issue_id=str(getattr(result, "issue_id", "") or ""),
        genuine=verdict in TRUSTED_VERDICTS,
        message=t(key) if key else "",
    )
