"""``reception check-config FILE``: exit 0 when valid, 2 with one clear message when not."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from reception_tui.i18n import t
from reception_tui.settings import Settings

if TYPE_CHECKING:
    pass


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser("check-config", parents=[common], help="check a site configuration file")
    parser.add_argument("file", help="the YAML file to check")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: Settings) -> int:
    """Check the file; ConfigError propagates to the CLI's handler (exit 2)."""
    from reception_tui.config import load_config

    config = load_config(args.file)
    if config.keys:  # only then is the app's action list loaded (it brings Textual)
        from reception_tui.ui.app import action_tables
        from reception_tui.ui.shared.actions import check_keymap

        check_keymap(config.keys, action_tables(), args.file)
    print(t("cli.config_ok", path=args.file, site=config.site_name, deputies=len(config.deputies),
            districts=len(config.districts)))  # fmt: skip
    return 0
