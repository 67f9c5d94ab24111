"""Scanned receipt codes (``RT1:…``) typed into the desk's find box, handed to the receipts feature.

The receipts feature owns the payload format and its verification. The desk recognises the prefix
and asks ``reception_tui.ui.desk.screens.scan.scan_text(services, text)``, imported when first used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reception_tui.i18n import t
from reception_tui.ui.shared.services import AppServices

if TYPE_CHECKING:
    from reception_tui.receipts.lookup import ScanResult

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


def scanner(services: AppServices) -> Callable[[str], ScanResult]:
    """The receipts feature's lookup for this data folder (imported when first used: start-up does not load
    the receipts code)."""
    from reception_tui.ui.desk.screens.scan import scan_text

    return lambda text: scan_text(services, text)


def lookup(payload: str, services: AppServices) -> ScanOutcome:
    """Ask the receipts feature about ``payload``."""
    result = scanner(services)(payload.strip())
    key = result.message_key
    return ScanOutcome(
        visitor_id=result.visitor_id or "",
        issue_id=result.issue_id or "",
        genuine=str(result.verdict) in TRUSTED_VERDICTS,
        message=t(key) if key else "",
    )
