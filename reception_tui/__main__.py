"""Allows ``python -m reception_tui``."""

from reception_tui.cli import main

raise SystemExit(main())
