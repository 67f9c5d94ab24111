"""The subcommands, one module each.

Each module defines ``register(subparsers, common)``, which adds its parser with
``parents=[common]`` and ``set_defaults(handler=run)``; ``run(args, context)`` returns the exit code.
:data:`COMMANDS` names each command's module and one-line help, so that the parser can list every
command while loading only the module of the one that runs (office scripts start these in loops).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

COMMANDS: dict[str, tuple[str, str]] = {
    "case": ("case", "show one case and its timeline (masked)"),
    "cases": ("cases", "list the office's cases (masked)"),
    "check-config": ("check_config", "check a site configuration file"),
    "demo": ("demo", "create a demo session with invented visitors"),
    "export": ("export", "export sessions to a USB stick or office folder"),
    "export-status": ("export_status", "write the signed status file (case states) for the laptops"),
    "import": ("import_files", "import session files into the office store"),
    "import-status": ("import_status", "keep the office's newest status file (case states) on this laptop"),
    "ledger": ("ledger", "write the issues ledger of the office store (masked by default)"),
    "lookup": ("lookup", "look a scanned receipt or case number up in the office store"),
    "notice": ("notice", "the public notice (公告) of a reception day"),
    "office": ("office", "the office workbench and office tasks"),
    "office-keys": ("office_keys", "make or show the office's key pair"),
    "purge": ("purge", "remove visitors' personal data of sessions the office confirmed"),
    "receipt": ("receipt", "reprint a visitor's receipt by case number"),
    "replies": ("replies", "import units' replies from a spreadsheet (preview, then --apply)"),
    "report": ("report", "write the reception report of a period (figures, tables, charts)"),
    "schedule": ("schedule", "reception days, duty rota and notice dates of a year"),
    "sessions": ("sessions", "list the sessions in the data folder"),
}
"""Command name -> (its module in this package, its help line), in the order ``--help`` lists them.
A test checks this against what the modules register."""


def command_module(name: str) -> ModuleType:
    """The module of command ``name`` (loaded now, with what it needs to run)."""
    return importlib.import_module(f"{__name__}.{COMMANDS[name][0]}")


def command_modules() -> list[ModuleType]:
    """Every command module in this package, in name order."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
        if not info.name.startswith("_")
    ]
