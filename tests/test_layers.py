"""Declared boundaries between the packages: who may import whom, checked statically and at run time.

The table below is the architecture: a package may import only the packages listed for it. A new
dependency is a decision, made here, not an accident found later (harlequin's import contracts are
the model). Run-time checks load a package in a fresh interpreter and look at what came with it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "reception_tui"

BASE = {"domain", "i18n", "paths", "errorlog", "pdf", "lazy"}
"""Leaves: they import no other part of the program but ``lazy`` (the standard-library helper that makes
a package's exports load on first use; domain: standard library only, tested elsewhere)."""

ALLOWED: dict[str, set[str]] = {
    "domain": {"lazy"},
    "lazy": set(),
    "i18n": set(),
    "paths": set(),
    "errorlog": set(),
    "pdf": set(),
    "config": {"lazy", "domain", "i18n"},
    "storage": {"lazy", "domain", "i18n"},
    "calendar": {"lazy", "domain", "i18n", "pdf", "storage", "config"},
    "exchange": {"lazy", "config", "domain", "i18n", "storage", "paths"},
    "receipts": {"domain", "exchange", "i18n", "pdf", "storage", "calendar"},
    "services": {"calendar", "config", "domain", "exchange", "i18n", "receipts", "storage"},
    "office": {"calendar", "config", "domain", "exchange", "i18n", "paths", "pdf", "receipts", "storage"},
    "reports": {"calendar", "config", "domain", "i18n", "office", "pdf", "storage"},
    "settings": {"config", "domain", "paths", "storage"},
    "ui": {"calendar", "config", "domain", "errorlog", "exchange", "i18n", "office", "receipts", "reports",
           "services", "settings", "storage", "paths", "pdf"},
    "cli": {"calendar", "config", "domain", "errorlog", "exchange", "i18n", "office", "receipts", "reports",
            "services", "settings", "storage", "paths", "pdf", "ui"},
    "__main__": {"cli"},
    "__init__": set(),
}  # fmt: skip
"""What each top-level part of ``reception_tui`` may import. The UI never imports the CLI; nothing below
the UI imports the UI; only the CLI (which opens the app) and ``__main__`` import the CLI."""


def _part(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def _imported_parts(path: Path) -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            raise AssertionError(f"{path}:{node.lineno}: relative import; use the absolute name")
        for module in modules:
            if module == "reception_tui":
                found.add(("__init__", node.lineno))
            elif module.startswith("reception_tui."):
                found.add((module.split(".")[1], node.lineno))
    return found


def test_every_part_of_the_package_is_declared() -> None:
    parts = {_part(path) for path in PACKAGE.rglob("*.py")}
    assert parts <= set(ALLOWED), f"add {sorted(parts - set(ALLOWED))} to ALLOWED with what they may import"


def test_each_part_imports_only_what_the_table_allows() -> None:
    breaches: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _part(path)
        for target, line in sorted(_imported_parts(path)):
            if target != source and target not in ALLOWED[source] and target != "__init__":
                breaches.append(f"{path.relative_to(REPO_ROOT)}:{line}: {source} imports {target}")
    assert not breaches, "\n".join(breaches)


def test_the_table_keeps_the_rules_the_layout_promises() -> None:
    # the rules themselves, so that widening the table to silence a breach shows up in review
    assert "cli" not in ALLOWED["ui"]
    for part in (
        "services",
        "storage",
        "exchange",
        "receipts",
        "calendar",
        "config",
        "domain",
        "settings",
        "office",
        "reports",
    ):
        assert "ui" not in ALLOWED[part] and "cli" not in ALLOWED[part], part
    for part in BASE:
        assert ALLOWED[part] <= {"lazy"}, part
    assert ALLOWED["lazy"] == set()


def _loaded_after_import(module: str) -> set[str]:
    """Every module loaded by importing ``module`` and, if it is a package, all of its modules."""
    code = (
        f"import sys, pkgutil, importlib, {module} as m\n"
        f"for info in pkgutil.walk_packages(getattr(m, '__path__', []), '{module}.'):\n"
        "    importlib.import_module(info.name)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_loading_the_ui_loads_no_command_line_code() -> None:
    loaded = _loaded_after_import("reception_tui.ui")
    assert not {name for name in loaded if name.startswith("reception_tui.cli")}
    assert "argparse" not in loaded


@pytest.mark.parametrize(
    "part", ["services", "storage", "exchange", "receipts", "calendar", "config", "settings", "office", "reports"]
)
def test_parts_below_the_ui_load_no_textual_and_no_ui(part: str) -> None:
    loaded = _loaded_after_import(f"reception_tui.{part}")
    assert not {name for name in loaded if name.split(".")[0] == "textual"}
    assert not {name for name in loaded if name.startswith(("reception_tui.ui", "reception_tui.cli"))}


UI_ALLOWED: dict[str, set[str]] = {
    "patches": set(),
    "shared": {"patches"},
    "desk": {"shared", "patches"},
    "office": {"shared", "patches"},
}
"""Inside the UI: the desk and the office workbench never import each other; what both use lives in
``ui/shared`` (which imports neither). The app shell (``ui/app.py``, ``launch.py``, ``services.py``) may import
all of them."""


def _ui_part(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE / "ui").parts
    return parts[0] if len(parts) > 1 else None


def _imported_ui_parts(path: Path) -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for module in modules:
            if module.startswith("reception_tui.ui."):
                found.add((module.split(".")[2], node.lineno))
    return found


def test_the_ui_is_laid_out_as_declared() -> None:
    folders = {p.name for p in (PACKAGE / "ui").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(UI_ALLOWED), f"declare {sorted(folders ^ set(UI_ALLOWED))} in UI_ALLOWED"


def test_desk_office_and_shared_screens_keep_apart() -> None:
    breaches: list[str] = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        source = _ui_part(path)
        if source is None:
            continue  # the app shell
        for target, line in sorted(_imported_ui_parts(path)):
            if target != source and target not in UI_ALLOWED[source]:
                breaches.append(f"{path.relative_to(REPO_ROOT)}:{line}: ui.{source} imports ui.{target}")
    assert not breaches, "\n".join(breaches)
