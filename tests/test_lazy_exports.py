"""The packages' exports load their modules on first use (reception_tui.lazy), and every one resolves."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

LAZY_PACKAGES = ["domain", "exchange", "calendar", "storage", "config"]


@pytest.mark.parametrize("part", LAZY_PACKAGES)
def test_every_exported_name_resolves_and_an_unknown_one_is_an_attribute_error(part: str) -> None:
    package = importlib.import_module(f"reception_tui.{part}")
    for name in package.__all__:
        assert getattr(package, name) is not None, name
    with pytest.raises(AttributeError, match="no_such_name"):
        package.no_such_name


def test_a_lazy_name_loads_its_module_only_when_asked_for_and_is_kept() -> None:
    code = (
        "import sys, reception_tui.storage as s\n"
        "before = 'reception_tui.storage.session_store' in sys.modules\n"
        "store = s.SessionStore\n"
        "after = 'reception_tui.storage.session_store' in sys.modules\n"
        "print(before, after, 'SessionStore' in vars(s), s.SessionStore is store)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True", "True", "True"]
