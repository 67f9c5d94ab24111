"""``reception export [SESSION_ID...] --to DIR``: write verified session files to a stick or office folder.

Without ids, every session with changes not yet exported to DIR is written. Exit 0 when every file
was written and read back, 1 when one failed or a session could not be read (each named, with why),
2 for an unknown session or a missing destination.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.exchange.errors import ExchangeError
from reception_tui.i18n import describe, t
from reception_tui.services.clock import machine_now
from reception_tui.settings import Settings
from reception_tui.storage.errors import NotFoundError

if TYPE_CHECKING:
    from reception_tui.exchange.outbox import ExportResult


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser("export", parents=[common], help="export sessions to a USB stick or office folder")
    parser.add_argument(
        "sessions", nargs="*", metavar="SESSION_ID", help="sessions to export (default: all with changes)"
    )
    parser.add_argument(
        "--to", dest="to", default=None, help="destination folder (default: office_inbox of the config)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """Export and verify; say when the stick is safe to remove."""
    from reception_tui.exchange.outbox import Outbox

    config = context.config
    target = args.to or config.office_inbox
    if not target:
        print(t("exchange.cli.export.no_destination"), file=sys.stderr)
        return 2
    destination = Path(target).expanduser()
    try:
        outbox = Outbox(context.data_folder.ensure(), config)
    except ExchangeError as error:
        print(t("exchange.cli.export.failed", error=describe(error)), file=sys.stderr)
        return 1
    if args.sessions:
        try:
            folders = [context.data_folder.find_folder(session_id) for session_id in args.sessions]
        except NotFoundError as error:
            print(t("exchange.cli.export.unknown_session", session=error.params.get("session", "")), file=sys.stderr)
            return 2
    else:
        folders = [pending.folder for pending in outbox.pending(destination)]
        for folder, problem in outbox.unreadable:
            print(t("exchange.cli.export.unreadable", folder=folder, error=describe(problem)), file=sys.stderr)
        if not folders:
            if outbox.unreadable:
                return 1
            print(t("exchange.cli.export.nothing", dest=destination))
            return 0

    def report(_done: int, _total: int, result: ExportResult) -> None:
        sealed = t("exchange.cli.export.sealed") if result.sealed else ""
        print(
            t(
                "exchange.cli.export.file",
                path=result.path,
                visitors=result.counts["visitors"],
                issues=result.counts["issues"],
                sealed=sealed,
            )
        )

    try:
        results = outbox.export(folders, destination, now=context.clock or machine_now, progress=report)
    except ExchangeError as error:
        print(t("exchange.cli.export.failed", error=describe(error)), file=sys.stderr)
        print(t("exchange.cli.export.not_safe"), file=sys.stderr)
        return 1
    print(t("exchange.cli.export.safe", count=len(results)))
    if outbox.unreadable:
        print(t("exchange.cli.export.some_unreadable", count=len(outbox.unreadable)), file=sys.stderr)
    device = outbox.device()
    print(t("exchange.device", device=device.device_id[:8], fingerprint=device.fingerprint))
    return 1 if outbox.unreadable else 0
