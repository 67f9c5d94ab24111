"""Through the real OfficeApp: the desk's proposed unit on the list, the case screen and the transfer dialogs;
Enter opens the case under the cursor, a transfer by keyboard, Esc back to a list that shows it; the 催办 key
writes the unit's reminder; office.yaml's state wording on the list and in ``reception cases``."""

from __future__ import annotations

import io
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import DataTable, Input, Select

from reception_tui.cli import main
from reception_tui.domain.followup import CaseState
from reception_tui.office.model import Case, CaseQuery
from reception_tui.office.settings import OfficeSettingsError, parse_settings
from reception_tui.ui.office.app import OfficeApp
from reception_tui.ui.office.screens.case import CaseScreen
from reception_tui.ui.office.screens.case_list import CaseListScreen
from reception_tui.ui.office.screens.dialogs import TransferScreen
from reception_tui.ui.office.screens.step_forms import StepForm
from tests.workbench_case.keys import screen_text, type_text

from .conftest import NOW, OFFICE_YAML, settle
from .test_case_list import rows

SIZE = (80, 24)


def proposed(app: OfficeApp) -> list[Case]:
    """Cases on the first page still awaiting transfer with a unit the desk proposed."""
    page = app.services.store.query(CaseQuery(), limit=SIZE[1] - 5).cases
    return [c for c in page if c.state is CaseState.AWAITING_TRANSFER and c.desk.desk_target]


async def to_row(app: OfficeApp, pilot: object, case_id: str) -> None:
    table = app.screen.query_one("#wb-cases", DataTable)
    index = table.get_row_index(case_id)
    table.move_cursor(row=index, animate=False)
    await settle(pilot)  # type: ignore[arg-type]


async def test_enter_opens_the_case_a_keyboard_transfer_shows_on_the_list(make_app: Callable[..., OfficeApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the first clerk, 王芳
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen) and app.services.clerk == "王芳"
        case = proposed(app)[0]
        unit = app.services.unit_name(case.desk.desk_target)
        index = app.screen.query_one("#wb-cases", DataTable).get_row_index(case.case_id)
        row = rows(app)[index]
        assert row[0] == case.desk.case_number and f"（{unit}"[:3] in row[3] and row[4] == "待交办"
        await pilot.press(*(["down"] * index))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen) and app.screen.case_id == case.case_id
        assert f"建议：{unit}" in screen_text(pilot)
        # 交办: the unit is the desk's proposal already; the slip number typed; Ctrl+S
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, StepForm)
        assert form.query_one(Select).value == case.desk.desk_target
        await pilot.press("tab")
        await type_text(pilot, "ZB-777")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        stored = app.services.store.get(case.case_id)
        assert stored.state is CaseState.TRANSFERRED and stored.followup.unit == case.desk.desk_target
        assert stored.followup.slip_number == "ZB-777" and stored.revision == case.revision + 1
        assert app.services.store.timeline(case.case_id)[-1].step.clerk == "王芳"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen)
        table = app.screen.query_one("#wb-cases", DataTable)
        row = [str(cell) for cell in table.get_row(case.case_id)]
        assert row[4] == "已交办" and unit[:3] in row[3] and "（" not in row[3]
        assert table.cursor_row == index  # the cursor stays on the case


async def test_the_batch_transfer_defaults_to_the_proposed_unit(make_app: Callable[..., OfficeApp]) -> None:
    app = make_app(clerk="李强")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        same = [c for c in proposed(app) if c.desk.desk_target == proposed(app)[0].desk.desk_target][:2]
        for case in same:
            await to_row(app, pilot, case.case_id)
            await pilot.press("space")
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TransferScreen)
        code = same[0].desk.desk_target
        assert dialog.query_one("#tr-unit", Select).value == code
        assert dialog.query_one("#tr-prefix", Input).value == f"{code}-{NOW:%Y%m%d}"


async def test_n_writes_the_reminder_for_the_unit_under_the_cursor(make_app: Callable[..., OfficeApp]) -> None:
    app = make_app(clerk="王芳")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store = app.services.store
        overdue = store.query(CaseQuery(overdue_on=NOW.date()), limit=10).cases
        assert len(overdue) == 3 and {c.followup.unit for c in overdue} == {"JDBSC"}
        await pilot.press("o")  # overdue only: the cursor is on one of them
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        path = app.services.office_dir / "out" / f"催办通知-JDBSC-{NOW.date().isoformat()}.pdf"
        assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
        said = [n.message for n in app._notifications]
        assert any("已保存到" in text and str(path) in text and "3 件" in text for text in said), said
        text = re.sub(
            r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
        )
        assert app.services.unit_name("JDBSC") in text
        for case in overdue:
            assert case.desk.case_number in text
            assert f"{(NOW.date() - case.followup.due_on).days}天" in text  # type: ignore[operator]
        # a case no unit holds: a dialog asks which unit; one with nothing overdue is said, no file
        await pilot.press("o")
        await settle(pilot)
        awaiting = proposed(app)[0]
        await to_row(app, pilot, awaiting.case_id)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("#rm-unit", Select) is not None
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("home", "down", "enter")  # the first unit of the site config
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen)
        first = app.services.config.transfer_targets[0]
        if first.code != "JDBSC":
            assert any("没有逾期" in n.message for n in app._notifications)
            assert not list(path.parent.glob(f"催办通知-{first.code}-*"))


async def test_the_offices_state_wording_shows_on_the_list_and_in_cases(
    make_app: Callable[..., OfficeApp], office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (office / "office.yaml").write_text(OFFICE_YAML + "state_labels: {transferred: 已转办}\n", encoding="utf-8")
    app = make_app(clerk="王芳")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        states = {row[4] for row in rows(app)}
        assert states == {"已转办"}
    capsys.readouterr()
    assert main(["cases", "--office-dir", str(office), "--state", "已转办"]) == 0
    out = capsys.readouterr().out
    assert out.count("已转办") == 3 and "已交办" not in out


def test_an_unknown_state_in_state_labels_is_refused_with_its_line() -> None:
    with pytest.raises(OfficeSettingsError) as caught:
        parse_settings("clerks: [王芳]\nstate_labels:\n  transferred: 已转办\n  forwarded: 已转\n")
    error = caught.value
    assert error.line == 4 and error.field == "state_labels.forwarded"
    assert "forwarded" in str(error) and "transferred" in str(error)
    assert parse_settings("state_labels: {closed: 已结案}\n").state_labels == {CaseState.CLOSED: "已结案"}
