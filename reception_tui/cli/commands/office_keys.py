"""``reception office-keys init|show --office-dir DIR``: the office key for sealing and acknowledging."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.i18n import t
from reception_tui.settings import Settings

if TYPE_CHECKING:
    pass


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser("office-keys", parents=[common], help="make or show the office's key pair")
    parser.add_argument(
        "action", choices=("init", "show"), help="init: make the key (once); show: print the public key"
    )
    parser.add_argument("--office-dir", required=True, help="the office folder (holds the key and the office store)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """Make or show the key; the private half never leaves the office folder."""
    from reception_tui.exchange.keys import OfficeKey

    office_dir = Path(args.office_dir).expanduser()
    existing = OfficeKey.load(office_dir)
    if args.action == "show":
        if existing is None:
            print(t("exchange.cli.import.no_office_dir", dir=office_dir), file=sys.stderr)
            return 2
        print(t("exchange.cli.keys.show"))
        print(existing.public_key)
        return 0
    if existing is not None:
        print(t("exchange.cli.keys.exists", dir=office_dir))
        print(existing.public_key)
        return 0
    key = OfficeKey.create(office_dir)
    print(t("exchange.cli.keys.created", dir=office_dir))
    print(key.public_key)
    return 0
