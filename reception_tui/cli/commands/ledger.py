"""``reception ledger --office-dir DIR --format csv|xlsx|json --out FILE``: one row per issue.

For loading into the office's main system; see docs/exchange.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Collection
from pathlib import Path

from reception_tui.exchange.errors import ExchangeError
from reception_tui.exchange.ledger import FORMATS, write_ledger
from reception_tui.exchange.office_store import STORE_FILE
from reception_tui.i18n import describe, os_reason, t
from reception_tui.settings import Settings


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser(
        "ledger", parents=[common], help="write the issues ledger of the office store"
    )
    parser.add_argument("--office-dir", required=True, help="the office folder")
    parser.add_argument(
        "--format", choices=FORMATS, default=None, help="csv, xlsx or json (default: from --out)"
    )
    parser.add_argument("--out", required=True, help="the file to write")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """Write the ledger file atomically."""
    office_dir = Path(args.office_dir).expanduser()
    if not (office_dir / STORE_FILE).exists():
        print(t("exchange.cli.ledger.no_store", dir=office_dir), file=sys.stderr)
        return 2
    out = Path(args.out).expanduser()
    fmt = ledger_format(out, args.format)
    if fmt is None:
        return 2
    return write_ledger_file(office_dir, fmt, out)


def ledger_format(out: Path, given: str | None, option: str = "--format") -> str | None:
    """The format to write ``out`` in (given, or from its suffix); None, with the reason printed (naming
    ``option``), when there is none or the folder does not exist."""
    fmt = given or out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        print(t("exchange.cli.ledger.format", option=option, formats="|".join(FORMATS)), file=sys.stderr)
        return None
    if not out.parent.is_dir():
        print(t("exchange.cli.import.missing", path=out.parent), file=sys.stderr)
        return None
    return fmt


def write_ledger_file(office_dir: Path, fmt: str, out: Path, session_ids: Collection[str] | None = None) -> int:
    """Write the ledger (of ``session_ids`` only, when given) and say so; 0 written, 1 when it could not be."""
    try:
        result = write_ledger(office_dir, fmt, out, session_ids)
    except ExchangeError as error:
        print(describe(error), file=sys.stderr)
        return 1
    except OSError as error:
        print(t("exchange.cli.ledger.write_failed", path=out, error=os_reason(error)), file=sys.stderr)
        return 1
    print(t("exchange.cli.ledger.done", path=result.path, rows=result.rows))
    return 0
