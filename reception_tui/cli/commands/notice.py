"""``reception notice DATE --format text|md|pdf [--out FILE]``: the public notice of a reception day."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from reception_tui.i18n import t
from reception_tui.settings import Settings

FORMATS = ("text", "md", "pdf")
"""The notice's formats (``calendar.FORMATS``, named here so that building the parser loads no calendar)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser("notice", parents=[common], help="the public notice (公告) of a reception day")
    parser.add_argument("date", metavar="DATE", help="the reception day, YYYY-MM-DD")
    parser.add_argument("--format", choices=FORMATS, default="text", help="text, md (Markdown) or pdf (A4)")
    parser.add_argument("--out", metavar="FILE", help="write to FILE (needed for pdf); else stdout")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """Write or print the notice; a date that is not a reception day names the nearest one."""
    from reception_tui.calendar import (
        CalendarError,
        duty_for,
        nearest_reception_day,
        render_notice,
        weekday_label,
        working_days,
    )
    from reception_tui.storage.atomic import write_atomic

    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        print(t("calendar.cli.bad_date", value=args.date), file=sys.stderr)
        return 2
    if args.format == "pdf" and not args.out:
        print(t("calendar.cli.pdf_needs_out"), file=sys.stderr)
        return 2
    config = context.config
    days = working_days(config)
    try:
        duty = duty_for(config, day, days)
        if duty is None:
            nearest = nearest_reception_day(config.reception, day, days).day
            print(t("calendar.cli.not_reception_day", day=day.isoformat(), nearest=nearest.isoformat(),
                    weekday=weekday_label(nearest)), file=sys.stderr)  # fmt: skip
            return 2
    except CalendarError as error:
        print(t("calendar.cli.calendar_error", message=str(error)), file=sys.stderr)
        return 1
    data = render_notice(config, duty, args.format)
    if duty.reception.estimated:
        print(t("calendar.estimate.warning", years=day.year), file=sys.stderr)
    if not args.out:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return 0
    path = Path(args.out)
    try:
        write_atomic(path, data)
    except OSError as error:
        print(t("calendar.cli.write_failed", path=path, reason=error.strerror or type(error).__name__),
              file=sys.stderr)  # fmt: skip
        return 1
    print(t("calendar.cli.written", path=path), file=sys.stderr)
    return 0
