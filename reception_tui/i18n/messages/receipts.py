"""Messages of receipts and printing."""

ZH: dict[str, str] = {}

EN: dict[str, str] = {}
