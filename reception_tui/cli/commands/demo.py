"""``reception demo [--visitors N]``: a demo session through the normal store, for training and benchmarks."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from reception_tui.i18n import t
from reception_tui.settings import Settings

if TYPE_CHECKING:
    pass


def _visitor_count(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError("between 1 and 100000")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser("demo", parents=[common], help="create a demo session with invented visitors")
    parser.add_argument("--visitors", type=_visitor_count, default=20, help="number of visitors (default 20)")
    parser.add_argument("--seed", type=int, default=None, help="random seed, for repeatable demos")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """Create the session and say where it is."""
    from reception_tui.services.demo import make_demo_session

    config = context.config
    result = make_demo_session(context.data_folder.ensure(), config, visitors=args.visitors, seed=args.seed)
    print(t("cli.demo.done", session=result.session_id, visitors=result.visitors, issues=result.issues,
            path=context.data_folder.root))  # fmt: skip
    return 0
