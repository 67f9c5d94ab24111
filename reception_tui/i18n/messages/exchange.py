"""Messages of session files: export, sync, import, ledger."""

ZH: dict[str, str] = {}

EN: dict[str, str] = {}
