"""Scanned receipt codes (``RT1:…``), handed to the receipts package when it is installed.

The receipts feature owns the payload format and its verification; the desk only recognises the
prefix and asks ``reception_tui.receipts.lookup_scanned`` which visitor and issue the code names.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reception_tui.storage.session_store import SessionStore
from reception_tui.ui.services import AppServices

SCAN_PREFIX = "RT1:"


@dataclass(frozen=True)
class ScanResult:
    """What a scanned code points at, and whether its verification code is genuine."""

    visitor_id: str = ""
    issue_id: str = ""
    genuine: bool = False
    message: str = ""
    """A message for the officer from the receipts package (already translated), if any."""


def is_scan(text: str) -> bool:
    """True when the find box holds a receipt code rather than a name or number."""
    return text.strip().upper().startswith(SCAN_PREFIX)


def scan_lookup() -> Callable[..., Any] | None:
    """``reception_tui.receipts.lookup_scanned`` if the receipts feature is installed."""
    try:
        module = importlib.import_module("reception_tui.receipts")
    except ImportError:
        return None
    function = getattr(module, "lookup_scanned", None)
    return function if callable(function) else None


def _arguments(
    function: Callable[..., Any], payload: str, services: AppServices, store: SessionStore
) -> tuple[list[Any], dict[str, Any]]:
    """Fill the function's parameters by name (payload first), so either argument order works."""
    known: dict[str, Any] = {
        "store": store,
        "services": services,
        "config": services.config,
        "data_folder": services.data_folder,
        "folder": services.data_folder,
    }
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name in known:
            value = known[parameter.name]
        elif parameter.default is inspect.Parameter.empty and parameter.kind in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        ):
            value = payload
        else:
            continue
        if parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
            args.append(value)
        else:
            kwargs[parameter.name] = value
    return args, kwargs


def lookup(payload: str, services: AppServices, store: SessionStore) -> ScanResult | None:
    """Ask the receipts package about ``payload``; None when the feature is not installed."""
    function = scan_lookup()
    if function is None:
        return None
    args, kwargs = _arguments(function, payload.strip(), services, store)
    result = function(*args, **kwargs)
    if result is None:
        return ScanResult()
    visitor = getattr(result, "visitor", None)
    issue = getattr(result, "issue", None)
    return ScanResult(
        visitor_id=str(getattr(result, "visitor_id", "") or getattr(visitor, "id", "") or ""),
        issue_id=str(getattr(result, "issue_id", "") or getattr(issue, "id", "") or ""),
        genuine=bool(getattr(result, "genuine", getattr(result, "valid", False))),
        message=str(getattr(result, "message", "") or ""),
    )
