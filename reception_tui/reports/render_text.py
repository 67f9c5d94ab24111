"""A report as Markdown (``reception report --format md``): the figures with their definitions, numerators and
denominators and the change against the previous period, then every table; a chart is named with the table it is
drawn from (Markdown has no charts)."""

from __future__ import annotations

from reception_tui.i18n import t
from reception_tui.reports.model import Report, Table
from reception_tui.reports.words import change, definition, format_cell, format_value, fraction, label, text


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")


def _table(table: Table, lang: str | None) -> list[str]:
    headers = [label("column", column, lang) for column in table.columns]
    lines = [f"### {label('table', table.key, lang)}", ""]
    lines.append("| " + " | ".join(_escape(h) for h in headers) + " |")
    lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|")
    if not table.rows:
        lines.append("| " + " | ".join(["—"] * len(headers)) + " |")
    for row in table.rows:
        cells = [format_cell(cell, i in table.rate_columns, lang) for i, cell in enumerate(row)]
        lines.append("| " + " | ".join(_escape(c) for c in cells) + " |")
    lines.append("")
    return lines


def render_markdown(report: Report, lang: str | None = None) -> str:
    """The whole report as Markdown text in ``lang`` (default: the current language)."""
    p = report.period
    heading = t("report.md.title", lang, office=report.office_name, period=p.label)
    lines = [f"# {heading}", ""]
    lines.append(t("report.md.period", lang, start=p.start.isoformat(), end=p.end.isoformat(),
                   previous=f"{report.previous.start.isoformat()}..{report.previous.end.isoformat()}"))  # fmt: skip
    if report.site:
        lines.append("")
        lines.append(t("report.md.site", lang, site=report.site))
    lines += ["", t("report.md.generated", lang, at=report.generated_at.isoformat(timespec="seconds")), ""]
    lines += [f"## {t('report.md.figures', lang)}", ""]
    columns = [t(f"report.md.col.{name}", lang) for name in ("figure", "value", "fraction", "previous", "change")]
    lines.append("| " + " | ".join(columns) + " |")
    lines.append("|---|---:|---:|---:|---:|")
    for figure in report.figures:
        lines.append("| " + " | ".join(_escape(cell) for cell in (
            label("figure", figure.key, lang), format_value(figure.value, figure.unit), fraction(figure),
            format_value(figure.previous, figure.unit), change(figure, lang),
        )) + " |")  # fmt: skip
    lines += ["", f"## {t('report.md.definitions', lang)}", ""]
    for figure in report.figures:
        lines.append(f"- **{label('figure', figure.key, lang)}**: {definition(figure.key, lang)}")
    lines += ["", f"## {t('report.md.tables', lang)}", ""]
    for table in report.tables:
        lines += _table(table, lang)
    if report.charts:
        lines += [f"## {t('report.md.charts', lang)}", ""]
        for chart in report.charts:
            lines.append(f"- {label('chart', chart.key, lang)} → {label('table', chart.table, lang)}")
        lines.append("")
    if report.notes:
        lines += [f"## {t('report.md.notes', lang)}", ""]
        lines += [f"- {text(note, lang)}" for note in report.notes]
        lines.append("")
    return "\n".join(lines)
