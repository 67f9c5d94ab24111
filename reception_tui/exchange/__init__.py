"""Session files: export from the laptop, sync to a stick or office folder, verified import at the office.

No Textual here: the sync screen and the CLI commands call these modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# ``destinations`` is also the name of a submodule: bound here so the function, not the module, is what it names
from reception_tui.exchange.destinations import Destination, destinations, removable_drives
from reception_tui.exchange.errors import DestinationError, ExchangeError, KeyFileError, RejectedFile
from reception_tui.lazy import lazy_exports

if TYPE_CHECKING:
    from reception_tui.exchange.ack import ACK_FILE, Acknowledgement, read_ack, trusted_ack, write_ack
    from reception_tui.exchange.document import (
        FORMAT_NAME,
        FORMAT_VERSION,
        build_export,
        build_payload,
        payload_sha256,
    )
    from reception_tui.exchange.keys import DeviceKey, OfficeKey
    from reception_tui.exchange.ledger import write_ledger
    from reception_tui.exchange.office_import import ImportReport, import_files
    from reception_tui.exchange.office_store import OfficeStore
    from reception_tui.exchange.outbox import ExportResult, Outbox, PendingSession
    from reception_tui.exchange.purge import PurgeCandidate, purge_candidates, purge_session

_LAZY = {
    "ACK_FILE": "reception_tui.exchange.ack",
    "Acknowledgement": "reception_tui.exchange.ack",
    "read_ack": "reception_tui.exchange.ack",
    "trusted_ack": "reception_tui.exchange.ack",
    "write_ack": "reception_tui.exchange.ack",
    "FORMAT_NAME": "reception_tui.exchange.document",
    "FORMAT_VERSION": "reception_tui.exchange.document",
    "build_export": "reception_tui.exchange.document",
    "build_payload": "reception_tui.exchange.document",
    "payload_sha256": "reception_tui.exchange.document",
    "DeviceKey": "reception_tui.exchange.keys",
    "OfficeKey": "reception_tui.exchange.keys",
    "write_ledger": "reception_tui.exchange.ledger",
    "ImportReport": "reception_tui.exchange.office_import",
    "import_files": "reception_tui.exchange.office_import",
    "OfficeStore": "reception_tui.exchange.office_store",
    "ExportResult": "reception_tui.exchange.outbox",
    "Outbox": "reception_tui.exchange.outbox",
    "PendingSession": "reception_tui.exchange.outbox",
    "PurgeCandidate": "reception_tui.exchange.purge",
    "purge_candidates": "reception_tui.exchange.purge",
    "purge_session": "reception_tui.exchange.purge",
}
"""Names imported from their modules on first use, so that loading the package costs nothing it does not need."""

__all__ = [
    "ACK_FILE",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "Acknowledgement",
    "Destination",
    "DestinationError",
    "DeviceKey",
    "ExchangeError",
    "ExportResult",
    "ImportReport",
    "KeyFileError",
    "OfficeKey",
    "OfficeStore",
    "Outbox",
    "PendingSession",
    "PurgeCandidate",
    "RejectedFile",
    "build_export",
    "build_payload",
    "destinations",
    "import_files",
    "payload_sha256",
    "purge_candidates",
    "purge_session",
    "read_ack",
    "removable_drives",
    "trusted_ack",
    "write_ack",
    "write_ledger",
]


__getattr__ = lazy_exports(__name__, _LAZY, globals())
