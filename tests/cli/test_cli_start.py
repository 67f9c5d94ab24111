"""Start-up: the quick commands office scripts call in loops load none of the heavy libraries (behaviour, not timing).

Each case runs the command in a fresh interpreter and lists the modules it loaded; the benchmark
(``benchmarks/bench_cli_start.py``) says what that is worth in time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reception_tui.cli import build_parser, parse_arguments
from reception_tui.cli.commands import COMMANDS, command_modules, ledger, notice, receipt, sessions
from tests.conftest import REPO_ROOT

HEAVY = (
    "jsonschema", "jsonschema_rs", "reportlab", "escpos", "holidays", "nacl", "openpyxl", "textual", "qrcode", "PIL",
    "yaml", "psycopg", "sqlite3",
)  # fmt: skip
"""Libraries a command loads only when it runs and needs them."""

_PROBE = """
import contextlib, io, json, sys
from reception_tui.cli import main
code = None
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
sys.__stdout__.write(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _loaded(*argv: str, data_dir: Path) -> set[str]:
    return {name.split(".")[0] for name in _loaded_modules(*argv, data_dir=data_dir)}


def _loaded_modules(*argv: str, data_dir: Path) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv, "--data-dir", str(data_dir)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(result.stdout)
    assert found["code"] == 0, result.stderr
    return set(found["modules"])


@pytest.mark.parametrize("argv", [("--version",), ("--help",), ("sessions", "--json"), ("sessions",)])
def test_quick_commands_load_no_heavy_library(argv: tuple[str, ...], tmp_path: Path) -> None:
    loaded = _loaded(*argv, data_dir=tmp_path)
    assert not loaded & set(HEAVY), f"reception {' '.join(argv)} loaded {sorted(loaded & set(HEAVY))}"


def test_building_the_parser_loads_no_command_implementation() -> None:
    code = (
        "import sys\nfrom reception_tui.cli import build_parser\nbuild_parser()\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    loaded = set(result.stdout.split())
    assert not {name.split(".")[0] for name in loaded} & set(HEAVY)
    # the parts that do the work stay unloaded until a command runs
    for part in ("exchange.office_import", "exchange.ledger", "office.store", "receipts", "calendar.schedule", "ui"):
        assert not {name for name in loaded if name.startswith(f"reception_tui.{part}")}, part


def test_the_commands_choices_match_their_implementations() -> None:
    # the parser names the choices itself so that building it loads no writer: they must not drift apart
    from reception_tui.calendar import FORMATS as NOTICE_FORMATS
    from reception_tui.exchange.ledger import FORMATS as LEDGER_FORMATS
    from reception_tui.receipts.pdf_receipt import PdfPaper

    assert ledger.FORMATS == LEDGER_FORMATS
    assert notice.FORMATS == NOTICE_FORMATS
    assert receipt.PDF_PAPERS == tuple(p.value for p in PdfPaper) and receipt.PDF_PAPERS[0] == PdfPaper.ROLL80


def test_the_command_table_is_what_the_modules_register() -> None:
    full = build_parser()
    (action,) = [a for a in full._actions if isinstance(a, argparse._SubParsersAction)]
    registered = {choice.dest: choice.help for choice in action._choices_actions}
    assert registered == {name: help_text for name, (_, help_text) in COMMANDS.items()}
    assert sorted(module for module, _ in COMMANDS.values()) == [
        m.__name__.rsplit(".", 1)[1] for m in command_modules()
    ]


@pytest.mark.parametrize("argv", [[], ["sessions"], ["--lang", "en", "ledger"], ["bogus"]])
def test_the_top_level_help_is_the_same_whatever_command_is_loaded(argv: list[str]) -> None:
    assert build_parser(argv).format_help() == build_parser().format_help()


@pytest.mark.parametrize(
    "argv",
    [
        ["sessions", "--json"],
        ["--config", "site.yaml", "sessions", "--json"],
        ["--data", "/tmp/elsewhere", "sessions", "--json"],  # an abbreviated option: found by the full parse
        ["--lang=en", "sessions", "--json", "--data-dir", "/tmp/x"],
    ],
)
def test_a_command_runs_its_own_handler_however_its_options_are_written(argv: list[str]) -> None:
    args = parse_arguments(argv)
    assert args.handler is sessions.run and args.json and not getattr(args, "placeholder", False)
    assert args == build_parser().parse_args(argv)


def test_a_command_loads_no_other_commands_module(tmp_path: Path) -> None:
    loaded = _loaded_modules("sessions", "--json", data_dir=tmp_path)
    commands = {name for name in loaded if name.startswith("reception_tui.cli.commands.")}
    assert commands == {"reception_tui.cli.commands.sessions"}
