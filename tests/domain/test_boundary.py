"""The architecture is enforced: the domain is pure, and only the UI package imports Textual."""

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "reception_tui"


def test_domain_imports_no_textual_tinydb_or_yaml() -> None:
    code = (
        "import sys, pkgutil, importlib, reception_tui.domain as d\n"
        "for m in pkgutil.walk_packages(d.__path__, 'reception_tui.domain.'): importlib.import_module(m.name)\n"
        "bad = sorted({n.split('.')[0] for n in sys.modules} & {'textual', 'tinydb', 'yaml', 'rich', 'orjson'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_uses_only_the_standard_library() -> None:
    allowed = set(sys.stdlib_module_names) | {"reception_tui"}
    for path in (PACKAGE / "domain").rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            assert top in allowed, f"{path.name} imports {name}"
            if top == "reception_tui":
                assert name.startswith("reception_tui.domain") or name == "reception_tui.lazy", f"{path.name}: {name}"


def test_the_lazy_export_helper_the_domain_uses_is_standard_library_only() -> None:
    for name in _imports(PACKAGE / "lazy.py"):
        assert name.split(".")[0] in set(sys.stdlib_module_names), f"lazy.py imports {name}"


def test_only_the_ui_package_imports_textual() -> None:
    for path in PACKAGE.rglob("*.py"):
        if (PACKAGE / "ui") in path.parents:
            continue
        textual = {name for name in _imports(path) if name.split(".")[0] == "textual"}
        assert not textual, f"{path.relative_to(REPO_ROOT)} imports {textual}"
