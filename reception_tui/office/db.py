"""The office store's database layer: it lives in :mod:`reception_tui.storage.sql` (the import store in
``exchange`` uses it too, and ``exchange`` may not import ``office``); re-exported here."""

from reception_tui.storage.sql import (
    BUSY_TIMEOUT_SECONDS,
    POSTGRESQL,
    SQLITE,
    STORE_FILE,
    Database,
    DatabaseError,
    Params,
    driver_errors,
    without_password,
)

_without_password = without_password

__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "POSTGRESQL",
    "SQLITE",
    "STORE_FILE",
    "Database",
    "DatabaseError",
    "Params",
    "driver_errors",
    "without_password",
]
