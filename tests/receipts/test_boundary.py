"""The receipts package and service import no Textual: printing works from the CLI and scripts alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_receipts_do_not_load_textual() -> None:
    code = (
        "import sys\n"
        "import reception_tui.receipts.lookup, reception_tui.receipts.escpos_receipt\n"
        "import reception_tui.receipts.pdf_receipt, reception_tui.services.receipts\n"
        "import reception_tui.cli.commands.receipt\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "False"
