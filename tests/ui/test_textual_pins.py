"""The patches on Textual's and Rich's private code fail loudly when an upgrade changes what they replace.

``ui/patches/compositor_fix.py`` replaces ``Compositor._render_chops`` and ``render_partial_update``;
``ui/patches/cjk_wrap.py`` replaces the word patterns of ``rich._wrap.words`` and ``textual._wrap.chunks``;
the forms read
``Select._options`` and ``Select._allow_blank``. pyproject pins the minor versions these were written and
tested on. An upgrade must re-read those upstream functions; then update the fingerprints below
(``python -m tests.ui.test_textual_pins`` prints the new ones). See "Upgrading Textual" in the README.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect

import pytest

FINGERPRINTS = {
    ("textual._compositor", "Compositor._render_chops"): "2ecc828e5e7bc661",
    ("textual._compositor", "Compositor.render_partial_update"): "1f413501b1130490",
    ("rich._wrap", "words"): "8b1b8859cae584b7",
    ("textual._wrap", "chunks"): "a945a805e4d7501c",
}
"""sha256 (first 16 hex digits) of the upstream function's syntax tree, as the patches were tested against."""


def _upstream(module_name: str, qualname: str) -> ast.AST:
    """The function as the installed library wrote it, read from its source (not the patched attribute)."""
    tree = ast.parse(inspect.getsource(importlib.import_module(module_name)))
    scope: list[ast.stmt] = tree.body
    *owners, name = qualname.split(".")
    for owner in owners:
        scope = next(n for n in scope if isinstance(n, ast.ClassDef) and n.name == owner).body
    return next(n for n in scope if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == name)


def fingerprint(module_name: str, qualname: str) -> str:
    """A digest of the function's syntax tree: blind to formatting and comments, not to code."""
    node = _upstream(module_name, qualname)
    return hashlib.sha256(ast.dump(node, include_attributes=False).encode()).hexdigest()[:16]


@pytest.mark.parametrize(("module_name", "qualname"), sorted(FINGERPRINTS))
def test_the_upstream_code_the_patches_replace_is_unchanged(module_name: str, qualname: str) -> None:
    assert fingerprint(module_name, qualname) == FINGERPRINTS[(module_name, qualname)], (
        f"{module_name}.{qualname} changed in this Textual/Rich: re-check ui/patches/compositor_fix.py and "
        "ui/patches/cjk_wrap.py against it, run their tests, then update FINGERPRINTS (README: Upgrading Textual)"
    )


def test_the_patches_took() -> None:
    from reception_tui.ui.patches import cjk_wrap, compositor_fix

    assert compositor_fix.applied() and cjk_wrap.applied()


def test_select_still_has_the_private_fields_the_forms_read() -> None:
    from textual.widgets import Select

    select: Select[str] = Select([("甲", "a")], allow_blank=True)
    assert [value for _, value in select._options if value is not Select.NULL] == ["a"]
    assert select._allow_blank is True


if __name__ == "__main__":
    for key in sorted(FINGERPRINTS):
        print(f"    {key!r}: {fingerprint(*key)!r},")
