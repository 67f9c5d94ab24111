"""A whole reception afternoon by keyboard only, checked against what the session file holds."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input, SelectionList

from reception_tui.domain.models import (
    DeputySuggestion,
    DispositionKind,
    ExplainedOnSpot,
    Redirected,
    SessionState,
    Transfer,
    VisitorKind,
)
from reception_tui.storage.data_folder import DataFolder
from reception_tui.storage.session_store import SessionSnapshot
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.screens.disposition_form import DispositionForm
from reception_tui.ui.desk.screens.issue_form import IssueForm
from reception_tui.ui.desk.screens.start_session import StartSessionForm
from reception_tui.ui.desk.screens.visitor_form import VisitorForm

from .keys import choose, save, settle, type_text

# Positions in the sample config's lists (the drop-downs open on a blank line, so "down" n times picks n-1).
CATEGORY_TRAFFIC, CATEGORY_PROPERTY, CATEGORY_ELDERLY = 2, 5, 9
REQUEST_SUGGESTION, REQUEST_COMPLAINT, REQUEST_HELP = 4, 3, 2
KIND_EXPLAINED, KIND_TRANSFER, KIND_SUGGESTION, KIND_REDIRECTED = 1, 2, 3, 4


def stored(folder: DataFolder) -> SessionSnapshot:
    """The one session in the data folder, read from disk without the lock."""
    (session_folder,) = folder.session_folders()
    return folder.read(session_folder)


async def start_session(pilot) -> None:  # type: ignore[no-untyped-def]
    """The day's rota deputies come ticked; swap one for another and start."""
    assert isinstance(pilot.app.screen, StartSessionForm)
    ticked = pilot.app.screen.query_one(SelectionList).selected
    assert sorted(ticked) == sorted(["周建国", "吴国平"])  # the sample rota for 2026-11-20
    await pilot.press("space", "down", "space")  # 周建国 cannot come; 林晓梅 stands in
    await save(pilot)
    assert isinstance(pilot.app.screen, DeskScreen)
    assert set(pilot.app.screen.store.session().deputies) == {"林晓梅", "吴国平"}


async def register(
    pilot,
    name: str,
    phone: str,
    address: str,
    district: int,
    *,  # type: ignore[no-untyped-def]
    unit: str = "",
    anonymous: bool = False,
) -> None:
    """The visitor form, in the order the officer asks."""
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, VisitorForm)
    if anonymous:
        await pilot.press("tab", "space")  # the "anonymous" tick box right after the name
        await pilot.press("shift+tab")
    else:
        await type_text(pilot, name)
    await pilot.press("enter")
    await type_text(pilot, phone)
    await pilot.press("enter")
    await type_text(pilot, address)
    await pilot.press("enter")
    await choose(pilot, district)
    if unit:
        await pilot.press("shift+tab", "space")  # back from "co-visitors" to the "unit" tick box
        await pilot.press("tab")
        await type_text(pilot, unit)
    await save(pilot)
    assert isinstance(pilot.app.screen, DeskScreen), "the visitor form should close after saving"


async def record_issue(
    pilot,
    category: int,
    request: int,
    place: str,
    words: str,
    summary: str,  # type: ignore[no-untyped-def]
    then: int = 0,
) -> None:
    """The issue form; ``then`` picks the disposition kind to fill in next (0: later)."""
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(pilot.app.screen, IssueForm)
    await choose(pilot, category)
    await choose(pilot, request)
    await type_text(pilot, place)
    await pilot.press("enter")
    await type_text(pilot, words)
    await pilot.press("tab")
    await type_text(pilot, summary)
    await pilot.press("tab")
    await choose(pilot, 1)  # the receiving deputy: the first on duty
    if then:
        await choose(pilot, then)
    await save(pilot)


async def test_a_whole_afternoon_by_keyboard(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder
) -> None:
    """Open, register 3 visitors with 5 issues (all dispositions), fix a typo, a draft survives, close."""
    await afternoon(make_app, data_folder)


async def afternoon(make_app: Callable[..., ReceptionApp], data_folder: DataFolder) -> None:
    """The afternoon itself (Textual's Pilot is asynchronous)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await start_session(pilot)

        # Visitor 1: a typo in the name, full-width digits from the input method.
        await register(pilot, "王小民", "１３８１２３４５６７８", "宝石新村3幢2单元", district=1)
        await record_issue(
            pilot,
            CATEGORY_TRAFFIC,
            REQUEST_SUGGESTION,
            "保俶路公交站",
            "公交站离路口太近 早高峰堵成一排",
            "建议公交站后移",
            then=KIND_EXPLAINED,
        )
        assert isinstance(pilot.app.screen, DispositionForm)  # the kind is chosen: it starts at the details
        await type_text(pilot, "代表解释了公交站迁移的审批流程")
        await pilot.press("tab")
        await choose(pilot, 1)
        await save(pilot)
        await record_issue(
            pilot,
            CATEGORY_PROPERTY,
            REQUEST_COMPLAINT,
            "宝石新村",
            "消防通道被外来车堵住。",
            "物业管理不到位",
            then=KIND_TRANSFER,
        )
        assert isinstance(pilot.app.screen, DispositionForm)
        await choose(pilot, 1)  # 北山街道办事处, 15 working days
        await save(pilot)

        # Visitor 2: anonymous, one issue taken up as a deputy's suggestion.
        await register(pilot, "", "", "西溪花园", district=3, anonymous=True)
        await record_issue(
            pilot,
            CATEGORY_ELDERLY,
            REQUEST_HELP,
            "",
            "老人助餐点太少。",
            "建议增设助餐点",
            then=KIND_SUGGESTION,
        )
        await choose(pilot, 2)
        await save(pilot)

        # Visitor 3: a unit representative; one issue redirected, one left for later.
        await register(pilot, "[b]张三[/b]", "0571-87001234", "黄龙苑", district=4, unit="[VIP] 商会")
        await record_issue(
            pilot,
            CATEGORY_PROPERTY,
            REQUEST_COMPLAINT,
            "",
            "劳动合同纠纷已起诉。",
            "涉诉案件",
            then=KIND_REDIRECTED,
        )
        await choose(pilot, 1)  # 诉讼
        await type_text(pilot, "西湖区人民法院诉讼服务中心")
        await save(pilot)
        await record_issue(
            pilot, CATEGORY_TRAFFIC, REQUEST_COMPLAINT, "[/]", "[@click=app.quit]停车难[/]", "停车难"
        )
        assert isinstance(pilot.app.screen, DeskScreen)

        # Later in the afternoon: the open issue gets its disposition (from the queue, D picks it).
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DispositionForm)
        await choose(pilot, KIND_TRANSFER - 1)  # the kind list has no blank line; the form moves on
        await choose(pilot, 2)  # 西湖区人民政府
        await save(pilot)

        # Fix the typo in visitor 1's name: find them, edit, save.
        await pilot.press("f")
        await type_text(pilot, "王小民")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, VisitorForm)
        await pilot.press("end", "backspace")  # the name is selected on focus: End keeps it
        await type_text(pilot, "明")
        await save(pilot)

        snapshot = stored(data_folder)
        assert [v.queue_number for v in snapshot.visitors] == [1, 2, 3]
        first, anonymous, unit = snapshot.visitors
        assert (
            first.name == "王小明" and first.phone == "13812345678" and first.district.startswith("第一选区")
        )
        assert anonymous.anonymous and anonymous.name == ""
        assert unit.name == "[b]张三[/b]" and unit.kind is VisitorKind.UNIT and unit.unit_name == "[VIP] 商会"
        assert unit.phone == "057187001234"
        fix = [e for e in snapshot.audit if e.entity_id == first.id and e.action == "updated"]
        assert fix and fix[-1].fields == ("name",)

        issues = {i.case_number: i for i in snapshot.issues}
        assert len(issues) == 5
        kinds = sorted(i.disposition.kind.value for i in snapshot.issues if i.disposition)
        assert kinds == sorted(["explained", "transfer", "suggestion", "redirected", "transfer"])
        by_visitor = {v.id: [i for i in snapshot.issues if i.visitor_id == v.id] for v in snapshot.visitors}
        explained, transfer = sorted(by_visitor[first.id], key=lambda i: i.number)
        assert isinstance(explained.disposition, ExplainedOnSpot)
        assert explained.disposition.explanation == "代表解释了公交站迁移的审批流程"
        assert (
            explained.own_words == "公交站离路口太近 早高峰堵成一排" and explained.summary == "建议公交站后移"
        )
        assert explained.category == "交通出行" and explained.request_type == "建议"
        assert isinstance(transfer.disposition, Transfer) and transfer.disposition.target_code == "JDBSC"
        assert transfer.expected_reply_date is not None
        (suggestion,) = by_visitor[anonymous.id]
        assert isinstance(suggestion.disposition, DeputySuggestion)
        redirected, later = sorted(by_visitor[unit.id], key=lambda i: i.number)
        assert isinstance(redirected.disposition, Redirected)
        assert redirected.disposition.directed_to == "西湖区人民法院诉讼服务中心"
        assert isinstance(later.disposition, Transfer) and later.disposition.target_code == "QZF"
        assert later.own_words == "[@click=app.quit]停车难[/]" and later.place == "[/]"

        # A new visitor is being typed when the laptop is switched off.
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "李四")
        await pilot.press("enter")
        await type_text(pilot, "13900001111")
        snapshot_folder = data_folder.session_folders()[0] / "draft.json"
        for _ in range(50):  # longer than the draft delay (0.5 s), however loaded the machine
            await pilot.pause(0.1)
            if snapshot_folder.exists():
                break
        assert snapshot_folder.exists()
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")  # "a form is unsaved: quit?"
        await pilot.pause()
    assert snapshot_folder.exists()

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert isinstance(pilot.app.screen, VisitorForm), [str(n.message) for n in pilot.app._notifications]
        assert pilot.app.screen.query_one("#f-name", Input).value == "李四"
        assert pilot.app.screen.query_one("#f-phone", Input).value == "13900001111"
        await save(pilot)
        assert isinstance(pilot.app.screen, DeskScreen)
        assert not snapshot_folder.exists()

        # Closing: the summary warns (no receipts printed), Ctrl+S confirms and locks.
        await pilot.press("x")
        await pilot.pause()
        await save(pilot)
        assert stored(data_folder).session.state is SessionState.CLOSED

        # A correction after closing asks first and is audited as such.
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, VisitorForm)
        await pilot.press("enter")
        await pilot.press(*["backspace"] * 11)
        await type_text(pilot, "13900002222")
        await save(pilot)

    final = stored(data_folder)
    assert len(final.visitors) == 4
    fourth = final.visitors[-1]
    assert fourth.name == "李四" and fourth.phone == "13900002222"
    corrected = [e for e in final.audit if e.action == "corrected"]
    assert corrected and corrected[-1].entity_id == fourth.id and corrected[-1].fields == ("phone",)
    assert final.session.state is SessionState.CLOSED
    assert DispositionKind.EXPLAINED in {i.disposition.kind for i in final.issues if i.disposition}
