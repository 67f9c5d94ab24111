"""Messages of the reception desk screens."""

ZH: dict[str, str] = {}

EN: dict[str, str] = {}
