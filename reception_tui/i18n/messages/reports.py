"""Messages of the reports: figure labels and definitions, tables, charts, columns (``report.*``)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "report.change.points": "{points} 个百分点",
}

EN: dict[str, str] = {
    "report.change.points": "{points} pp",
}
