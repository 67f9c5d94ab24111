"""``reception import-status --from DIR_OR_FILE``: keep the office's newest status file on this laptop.

The file (or every ``reception-status-*.json`` in the folder, and in the folder exports use on a
drive) is checked against the office key named in the site config (``office_public_key``); the newest
verified one is kept in the data folder. Exit 0 when something is held afterwards and nothing was
refused, 1 when a file was refused, 2 when there is no status file at the path.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.i18n import describe, t
from reception_tui.services.clock import machine_now
from reception_tui.settings import Settings

if TYPE_CHECKING:
    pass


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser(
        "import-status", parents=[common], help="keep the office's newest status file (case states) on this laptop"
    )
    parser.add_argument(
        "--from", dest="source", required=True, help="a status file, or the folder (USB stick) holding them"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """Verify, keep the newest, say what became of each file."""
    from reception_tui.exchange.status_in import import_status, status_files_in

    source = Path(args.source).expanduser()
    if not status_files_in(source):
        print(t("status.cli.none", path=source), file=sys.stderr)
        return 2
    config = context.config
    folder = context.data_folder.ensure()
    result = import_status(
        source, folder.root, config.office_public_key, (context.clock or machine_now)(), site_code=config.site_code
    )
    refused = False
    for item in result.results:
        if item.outcome == "refused" and item.error is not None:
            refused = True
            print(describe(item.error), file=sys.stderr)
        elif item.outcome == "kept" and item.status is not None:
            when = item.status.generated_at.isoformat(timespec="seconds")
            print(t("status.cli.kept", file=item.path.name, count=len(item.status.cases), when=when))
        elif item.outcome == "same":
            print(t("status.cli.same", file=item.path.name))
        else:
            print(t("status.cli.replaced", file=item.path.name))
    if result.held is not None:
        when = result.held.generated_at.isoformat(timespec="seconds")
        print(t("status.cli.held", count=len(result.held.cases), when=when))
    return 1 if refused else 0
