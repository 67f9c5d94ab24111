"""``reception report --office-dir DIR [--office-db URL] --period P [--site CODE] --format pdf|xlsx|md|json
--out FILE``: the office's reception report (接待情况统计) for a month, quarter, year or any range of days.

The figures and their definitions are in docs/reports.md. ``md`` and ``json`` are written here; ``pdf`` and
``xlsx`` by ``reports.render_pdf`` / ``reports.render_xlsx`` (imported only when asked for). The file is written
atomically: a failed run leaves no half-written report.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from reception_tui.cli.commands._office_store import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    add_store_options,
    now_of,
    office_settings,
    open_store,
    with_office,
)
from reception_tui.i18n import os_reason, t
from reception_tui.settings import Settings

if TYPE_CHECKING:  # the report's code (SQL, calendar, holidays) loads when the command runs
    from reception_tui.reports.model import Report

FORMATS = ("pdf", "xlsx", "md", "json")
_RENDERERS = {"pdf": ("reception_tui.reports.render_pdf", "write_pdf"),
              "xlsx": ("reception_tui.reports.render_xlsx", "write_xlsx")}  # fmt: skip


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser(
        "report", parents=[common], help="write the reception report of a period (figures, tables, charts)"
    )
    add_store_options(parser)
    parser.add_argument(
        "--period", required=True, metavar="P", help="2026-11 (month), 2026Q4 (quarter), 2026 (year) or "
        "2026-01-01..2026-06-30 (days, both included)",
    )  # fmt: skip
    parser.add_argument("--site", default=None, metavar="CODE", help="only this work studio (its code)")
    parser.add_argument("--format", choices=FORMATS, default=None, help="pdf, xlsx, md or json (default: from --out)")
    parser.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    parser.set_defaults(handler=run)


def report_format(out: Path, given: str | None) -> str | None:
    fmt = given or {"markdown": "md"}.get(out.suffix.lstrip(".").lower(), out.suffix.lstrip(".").lower())
    return fmt if fmt in FORMATS else None


def _renderer(fmt: str) -> Callable[[Report, Path, str | None], object] | None:
    """The writer of ``fmt`` (``write_pdf`` / ``write_xlsx``), or None (the reason printed) when this build has
    none."""
    module_name, function = _RENDERERS[fmt]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        print(t("report.cli.renderer_missing", format=fmt, module=error.name or module_name), file=sys.stderr)
        return None
    found: Callable[[Report, Path, str | None], object] | None = getattr(module, function, None)
    if found is None:
        print(t("report.cli.renderer_missing", format=fmt, module=f"{module_name}.{function}"), file=sys.stderr)
    return found


def run(args: argparse.Namespace, context: Settings) -> int:
    """Compute the report and write it."""
    from reception_tui.office.db import DatabaseError
    from reception_tui.reports.compute import build_report
    from reception_tui.reports.period import PeriodError, parse_period
    from reception_tui.storage.atomic import write_atomic

    try:
        period = parse_period(args.period)
    except PeriodError as error:
        print(error.text(), file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out).expanduser()
    fmt = report_format(out, args.format)
    if fmt is None:
        print(t("report.cli.format"), file=sys.stderr)
        return EXIT_USAGE
    if not out.parent.is_dir():
        print(t("report.cli.no_folder", path=out.parent), file=sys.stderr)
        return EXIT_USAGE
    writer = _renderer(fmt) if fmt in _RENDERERS else None
    if fmt in _RENDERERS and writer is None:
        return EXIT_USAGE
    context = with_office(context, args.office_dir, args.office_db)
    settings = office_settings(context)
    if isinstance(settings, int):
        return settings
    store = open_store(context, settings)
    if isinstance(store, int):
        return store
    site = args.site.strip() if args.site and args.site.strip() else None
    try:
        report = build_report(
            store.db, context.config, period, site=site, now=now_of(context), office_name=settings.office_name,
            is_working_day=store.is_working_day,
        )  # fmt: skip
    except DatabaseError as error:
        from reception_tui.i18n import describe

        print(describe(error), file=sys.stderr)
        return EXIT_FAILURE
    finally:
        store.close()
    lang = context.lang
    try:
        if fmt == "md":
            from reception_tui.reports.render_text import render_markdown

            write_atomic(out, render_markdown(report, lang).encode("utf-8"))
        elif fmt == "json":
            from reception_tui.reports.render_json import report_to_json

            write_atomic(out, orjson.dumps(report_to_json(report), option=orjson.OPT_INDENT_2) + b"\n")
        elif writer is not None:
            writer(report, out, lang)
    except OSError as error:
        print(t("report.cli.write_failed", path=out, error=os_reason(error)), file=sys.stderr)
        return EXIT_FAILURE
    if site is not None and not report.figure("issues").value and not report.figure("reception_days_held").value:
        print(t("report.cli.unknown_site", site=site), file=sys.stderr)
    print(t("report.cli.done", period=period.label, path=out))
    return EXIT_OK
