"""The subcommands, one module each, found automatically.

Each module defines ``register(subparsers, common)``, which adds its parser with
``parents=[common]`` and ``set_defaults(handler=run)``; ``run(args, context)`` returns the exit code.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def command_modules() -> list[ModuleType]:
    """Every command module in this package, in name order."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
        if not info.name.startswith("_")
    ]
