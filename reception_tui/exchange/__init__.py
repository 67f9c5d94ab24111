"""Session files: export from the laptop, sync to a stick or office folder, verified import at the office.

No Textual here: the sync screen and the CLI commands call these modules.
"""

from reception_tui.exchange.ack import ACK_FILE, Acknowledgement, read_ack, trusted_ack, write_ack
from reception_tui.exchange.destinations import Destination, destinations, removable_drives
from reception_tui.exchange.document import (
    FORMAT_NAME,
    FORMAT_VERSION,
    build_export,
    build_payload,
    payload_sha256,
)
from reception_tui.exchange.errors import DestinationError, ExchangeError, KeyFileError, RejectedFile
from reception_tui.exchange.keys import DeviceKey, OfficeKey
from reception_tui.exchange.ledger import write_ledger
from reception_tui.exchange.office_import import ImportReport, import_files
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.exchange.outbox import ExportResult, Outbox, PendingSession
from reception_tui.exchange.purge import PurgeCandidate, purge_candidates, purge_session

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
