"""``reception purge --ack PATH [--yes]``: remove visitors' personal data once the office confirmed an import.

PATH is the acknowledgement file or the folder (USB stick) holding it. Lists what would be purged
and asks for ``yes`` unless ``--yes`` is given. Exit 0 done or nothing to do, 1 refused, 2 usage.
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

if TYPE_CHECKING:
    pass


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser(
        "purge", parents=[common], help="remove visitors' personal data of sessions the office confirmed"
    )
    parser.add_argument("--ack", required=True, help="the office's acknowledgement file, or the folder holding it")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """List, confirm, purge."""
    from reception_tui.exchange.ack import find_ack, read_ack, trusted_ack
    from reception_tui.exchange.outbox import Outbox
    from reception_tui.exchange.purge import forget_leftovers, purge_candidates, purge_session

    path = find_ack(Path(args.ack).expanduser())
    if not path.is_file():
        print(t("exchange.cli.purge.no_ack", path=path), file=sys.stderr)
        return 2
    try:
        ack = read_ack(path)
    except ExchangeError as error:
        print(describe(error), file=sys.stderr)
        return 1
    config = context.config
    if not trusted_ack(ack, config.office_public_key):
        print(t("exchange.cli.purge.untrusted"), file=sys.stderr)
        return 1
    try:
        outbox = Outbox(context.data_folder.ensure(), config)
        candidates = purge_candidates(outbox, ack)
    except ExchangeError as error:
        print(describe(error), file=sys.stderr)
        return 1
    for candidate in candidates:
        forget_leftovers(outbox, candidate)
    ready = [c for c in candidates if not c.problem]
    for candidate in candidates:
        if candidate.problem:
            print(t("exchange.cli.purge.skip", session=candidate.session_id, reason=t(candidate.problem)))
        else:
            print(
                t(
                    "exchange.cli.purge.line",
                    session=candidate.session_id,
                    visitors=candidate.visitors,
                    issues=candidate.issues,
                )
            )
    if not ready:
        print(t("exchange.cli.purge.none"))
        return 0
    if not args.yes:
        try:
            answer = input(t("exchange.cli.purge.confirm", count=len(ready)))
        except EOFError:
            answer = ""
        if answer.strip().lower() not in {"yes", "是"}:
            print(t("exchange.cli.purge.cancelled"))
            return 1
    operator = config.liaison_officers[0] if config.liaison_officers else "system"
    for candidate in ready:
        records = purge_session(
            outbox,
            candidate,
            operator=operator,
            now=context.clock or machine_now,
        )
        print(t("exchange.cli.purge.done", session=candidate.session_id, records=records))
    return 0
