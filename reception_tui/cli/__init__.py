"""The ``reception`` command: opens the app, or runs a subcommand for office scripts.

Exit codes: 0 success, 1 failure, 2 usage or configuration error, 141 when the reader of the output
went away (``reception lookup … | head -4``), quietly, as Unix tools end on SIGPIPE. Errors are one
clear line; an unexpected error writes a log without personal data and never prints a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from reception_tui import __version__
from reception_tui.cli.commands import COMMANDS, command_module
from reception_tui.cli.console import refuse_legacy_console
from reception_tui.config.errors import ConfigError
from reception_tui.errorlog import write_error_log
from reception_tui.i18n import describe, set_language, t
from reception_tui.settings import Settings
from reception_tui.storage.errors import StoreError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
EXIT_CLOSED_PIPE = 141
"""128 + SIGPIPE: what a shell reports for a tool whose reader went away."""


def _common_options() -> argparse.ArgumentParser:
    """Options accepted before or after any subcommand (defaults suppressed so neither place overrides)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="data folder (env RECEPTION_DATA_DIR)")
    common.add_argument("--config", default=argparse.SUPPRESS, help="site configuration YAML (default: bundled sample)")
    common.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="interface language")
    return common


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: in full, or for ``argv`` with only the command it names in full.

    Every other command is a placeholder with its name and help line (``--help`` lists them all the
    same), so that a command loads no other command's module. A placeholder marks the result:
    :func:`parse_arguments` then parses again with the full parser.
    """
    common = _common_options()
    parser = argparse.ArgumentParser(prog="reception", description=t("cli.description"), parents=[common])
    parser.add_argument("--version", action="version", version=f"reception {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = _named_command(argv) if argv is not None else None
    for name, (_, help_text) in COMMANDS.items():
        if argv is None or name == wanted:
            command_module(name).register(subparsers, common)
        else:
            subparsers.add_parser(name, help=help_text, add_help=False).set_defaults(placeholder=True)
    return parser


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """``argv`` parsed (``SystemExit`` for usage errors, ``--help`` and ``--version``, as argparse does)."""
    parser = build_parser(argv)
    args, unknown = parser.parse_known_args(argv)
    if getattr(args, "placeholder", False):  # the command was not the one found in argv: parse in full
        parser = build_parser()
        args, unknown = parser.parse_known_args(argv)
    if unknown:  # what ``parse_args`` says
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


_VALUE_OPTIONS = ("--data-dir", "--config", "--lang")
"""Options before the command that take the next word as their value."""


def _named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names: its first word that is neither an option nor an option's value."""
    words = iter(argv)
    for word in words:
        if word in _VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _open_app(args: argparse.Namespace, context: Settings) -> int:
    if refuse_legacy_console(t("cli.legacy_console")):
        return EXIT_FAILURE
    from reception_tui.ui.launch import run_app

    return run_app(context)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``reception`` console command.

    A closed output pipe (the reader stopped early, as ``head`` does) is not an error of ours: the
    command stops there, without a message or a crash log, for every subcommand.
    """
    try:
        code = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        return _reader_went_away()
    return code


def _reader_went_away() -> int:
    """Point stdout at the null device (so the flush at exit cannot fail again) and say SIGPIPE."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor (tests)
        pass
    return EXIT_CLOSED_PIPE


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = "en" if "--lang=en" in argv or _option_value(argv, "--lang") == "en" else "zh"
    set_language(lang)
    try:
        args = parse_arguments(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else EXIT_USAGE
    context = Settings(getattr(args, "data_dir", None), getattr(args, "config", None), getattr(args, "lang", "zh"))
    handler = getattr(args, "handler", _open_app)
    try:
        return int(handler(args, context))
    except ConfigError as error:
        print(t("cli.config_error", message=describe(error)), file=sys.stderr)
        return EXIT_USAGE
    except StoreError as error:
        print(t("cli.error.store", message=describe(error)), file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        raise  # the reader went away: handled quietly by main
    except Exception as error:  # the last line of defence: no traceback, no personal data
        log = write_error_log(error, context.data_folder.logs_dir)
        print(t("cli.error.unexpected", log=log), file=sys.stderr)
        return EXIT_FAILURE


def _option_value(argv: list[str], name: str) -> str | None:
    for index, arg in enumerate(argv):
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None
