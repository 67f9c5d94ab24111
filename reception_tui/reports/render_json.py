"""A report as JSON (``reception report --format json``), valid against ``schemas/report.schema.json``.

Language-neutral: labels are message keys (``report.figure.<key>`` …) and data values literal, as in the model;
each figure carries its definition key, numerator, denominator and the previous period's value."""

from __future__ import annotations

from typing import Any

from reception_tui.reports.model import Period, Report

SCHEMA = "report.schema.json"
FORMAT_VERSION = 1


def _period(period: Period) -> dict[str, Any]:
    return {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()}


def report_to_json(report: Report) -> dict[str, Any]:
    """The report as a JSON-ready dict."""
    return {
        "format": "reception-report",
        "version": FORMAT_VERSION,
        "office": report.office_name,
        "site": report.site,
        "period": _period(report.period),
        "previous_period": _period(report.previous),
        "generated_at": report.generated_at.isoformat(),
        "figures": [
            {
                "key": f.key,
                "label": f"report.figure.{f.key}",
                "definition": f"report.definition.{f.key}",
                "unit": f.unit,
                "value": f.value,
                "numerator": f.numerator,
                "denominator": f.denominator,
                "previous": f.previous,
            }
            for f in report.figures
        ],
        "tables": [
            {
                "key": table.key,
                "title": f"report.table.{table.key}",
                "columns": list(table.columns),
                "rate_columns": list(table.rate_columns),
                "rows": [list(row) for row in table.rows],
            }
            for table in report.tables
        ],
        "charts": [
            {
                "key": chart.key,
                "title": f"report.chart.{chart.key}",
                "kind": chart.kind,
                "unit": chart.unit,
                "table": chart.table,
                "categories": list(chart.categories),
                "series": [{"name": s.name, "values": list(s.values)} for s in chart.series],
            }
            for chart in report.charts
        ],
        "notes": list(report.notes),
    }
