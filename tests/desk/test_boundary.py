"""The desk's service modules stay free of Textual: only the ui package imports it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_desk_services_do_not_load_textual() -> None:
    """Importing the desk model, drafts and desk service in a fresh interpreter leaves Textual unloaded."""
    code = (
        "import sys\n"
        "import reception_tui.services.desk\n"
        "import reception_tui.services.desk_model\n"
        "import reception_tui.services.drafts\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stdout.strip() == "False"
