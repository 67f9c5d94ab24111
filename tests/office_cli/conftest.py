"""Fixtures for the office commands: a real office folder (real exports imported), cases transferred."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import orjson
import pytest

from reception_tui.cli.commands import _office_store
from reception_tui.domain.followup import CaseKind, CaseState, Step, StepKind
from reception_tui.office.model import Case, CaseQuery
from reception_tui.office.store import CaseStore
from tests.exchange.conftest import make_laptop, office_dir  # noqa: F401 (fixtures)
from tests.exchange.helpers import CST
from tests.office.conftest import NOW, imported, laptop, office_import_template, open_store, store  # noqa: F401


@pytest.fixture
def office_db() -> str | None:
    """The office commands' tests run on the folder's SQLite store (the store's own tests cover PostgreSQL)."""
    return None

TODAY = datetime(2026, 12, 2, 10, 0, tzinfo=CST)
"""The commands' clock in these tests (the store fixture's clock is NOW, 2026-11-27)."""
TRANSFERRED_ON = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands run on 2026-12-02 10:00 (China time)."""
    monkeypatch.setattr(_office_store, "machine_now", lambda: TODAY)


def session_state(case_store: CaseStore) -> dict[str, Any]:
    return dict(orjson.loads(case_store.db.scalar("SELECT state FROM sessions")))


def visitor_of(case_store: CaseStore, case: Case) -> dict[str, Any]:
    """The visitor's full record (as the laptop exported it)."""
    return next(v for v in session_state(case_store)["visitors"] if v["id"] == case.desk.visitor_id)


def assert_masked(text: str, visitor: dict[str, Any]) -> None:
    """Neither the visitor's full name (two characters or more) nor full phone number is in ``text``."""
    for key in ("name", "phone", "address"):
        value = str(visitor.get(key) or "")
        if len(value) >= 2:
            assert value not in text, key


def transferable(case_store: CaseStore) -> list[Case]:
    return [
        c for c in case_store.query(CaseQuery(), limit=500).cases
        if c.state is CaseState.AWAITING_TRANSFER and c.kind in (CaseKind.TRANSFER, CaseKind.SUGGESTION)
    ]  # fmt: skip


def transfer(case_store: CaseStore, case: Case, unit: str = "QZF", **data: Any) -> Case:
    step = Step(StepKind.TRANSFER, "王芳", NOW, {"unit": unit, "slip_number": f"ZB-{case.case_id[:6]}",
                                                 "on": TRANSFERRED_ON, **data})  # fmt: skip
    return case_store.apply(case.case_id, step, revision=case.revision)


@pytest.fixture
def transferred(store: CaseStore) -> list[Case]:  # noqa: F811 (the fixture)
    """Every case that can be transferred, transferred to QZF on 2026-11-23 (the store stays open)."""
    return [transfer(store, case) for case in transferable(store)]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``cli(*args)``: ``reception --lang zh *args`` through ``main``; (exit code, stdout, stderr)."""
    from reception_tui.cli import main

    def run(*args: str, lang: str = "zh") -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--lang", lang, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run

