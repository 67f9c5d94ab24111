"""Messages of the reception calendar, rota and public notice."""

ZH: dict[str, str] = {}

EN: dict[str, str] = {}
