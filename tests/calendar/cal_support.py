"""Shared test helpers: which years the installed holidays package has published."""

from __future__ import annotations

import pytest

from reception_tui.calendar import WorkingDays

UNPUBLISHED_2027 = pytest.mark.skipif(
    WorkingDays().is_published(2027),
    reason="the installed holidays package already carries the 2027 schedule (0.109 stops at 2026)",
)
