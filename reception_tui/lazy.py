"""Names a package exports but imports from their modules only on first use (PEP 562).

Loading ``reception_tui.storage`` for one class should not load the schema validator, the PDF
library and the holiday tables as well: every command would pay for every library. A package lists
the names it exports with the module each comes from, and its module-level ``__getattr__`` (made
here, once for every package) imports that module the first time the name is asked for and keeps
the value in the package's namespace, so later lookups cost nothing. Standard library only: the
domain uses it too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, table: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], object]:
    """The ``__getattr__`` of ``package``: ``table`` maps an exported name to the module holding it;
    ``namespace`` is the package's ``globals()``, where a name is kept once imported."""

    def __getattr__(name: str) -> object:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__
