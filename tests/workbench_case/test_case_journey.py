"""The case screen by keyboard, asserting on the stored records: the whole journey of one case, a refusal
shown inline, two clerks on one case, the reveal and its log, the printed slip and reply letter."""

from __future__ import annotations

import hashlib
import io
import stat
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from textual.widgets import Input, Static

from reception_tui.domain.followup import CaseState, Outcome, Satisfaction, Step, StepKind
from reception_tui.office.model import CaseQuery, RevealField
from reception_tui.ui.office.screens.case import CaseScreen
from reception_tui.ui.office.screens.step_forms import StepForm
from tests.office.conftest import NOW
from tests.workbench_case.conftest import CLERK, OTHER_CLERK, SLIP_UNIT, Office
from tests.workbench_case.keys import choose, save, screen_text, settle, type_text


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages).replace(" ", "")


async def open_step(pilot: Any, key: str) -> StepForm:
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, StepForm), f"{key} opened no step dialog"
    return pilot.app.screen


class TestJourney:
    async def test_transfer_to_closed_with_a_rehandling(self, office: Office, tmp_path: Path) -> None:
        case = office.named_transfer_case()
        visitor = office.visitor(case)
        reply_file = tmp_path / "答复.txt"
        reply_file.write_bytes("北山街道办事处答复：已安排清理。".encode())
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)
            shown = screen_text(pilot)
            assert case.desk.case_number in shown and "待交办" in shown
            assert f"****{case.desk.phone_last4}" in shown

            # 交办: unit chosen from the list, slip number typed, date today
            await open_step(pilot, "t")
            await choose(pilot, 1)
            await type_text(pilot, "ZB-001")
            await save(pilot)
            stored = office.store.get(case.case_id)
            assert stored.state is CaseState.TRANSFERRED and stored.followup.unit == SLIP_UNIT
            assert stored.followup.slip_number == "ZB-001" and stored.followup.transferred_on == NOW.date()

            # 答复 with the unit's reply document
            await open_step(pilot, "r")
            await pilot.press("enter")
            await choose(pilot, 2)
            await type_text(pilot, "first answer")
            await pilot.press("enter")
            await type_text(pilot, str(reply_file))
            await save(pilot)
            stored = office.store.get(case.case_id)
            assert stored.state is CaseState.REPLIED and stored.followup.outcome is Outcome.B
            digest = hashlib.sha256(reply_file.read_bytes()).hexdigest()
            (document,) = office.store.documents(case.case_id)
            assert (document.sha256, document.name, document.added_by) == (digest, "答复.txt", CLERK)
            assert (office.folder / "documents" / digest).read_bytes() == reply_file.read_bytes()
            reply = office.store.timeline(case.case_id)[-1].step
            assert reply.data["document_sha256"] == digest and reply.data["summary"] == "first answer"

            # 抄送代表: the day's deputies are ticked already
            await open_step(pilot, "c")
            await save(pilot)
            copy = office.store.timeline(case.case_id)[-1].step
            assert copy.kind is StepKind.COPY
            assert set(copy.data["deputies"]) == {case.desk.receiving_deputy, *case.desk.deputies_on_duty}

            # 反馈选民: the receiving deputy, by phone
            await open_step(pilot, "f")
            await pilot.press("enter", "tab")
            await choose(pilot, 1)
            await save(pilot)
            inform = office.store.timeline(case.case_id)[-1].step
            assert (inform.data["deputy"], inform.data["channel"]) == (case.desk.receiving_deputy, "phone")

            # 测评 不满意 with a note, then 重办 to the same unit
            await open_step(pilot, "s")
            await pilot.press("enter")
            await choose(pilot, 3)
            await type_text(pilot, "still dirty")
            await save(pilot)
            stored = office.store.get(case.case_id)
            assert stored.followup.satisfaction is Satisfaction.UNSATISFIED
            await open_step(pilot, "h")
            await pilot.press("enter", "tab")
            await type_text(pilot, "voter unsatisfied")
            await save(pilot)
            stored = office.store.get(case.case_id)
            assert stored.state is CaseState.REHANDLING and stored.followup.round == 2
            assert stored.followup.unit == SLIP_UNIT

            # round 2: 答复 A, 抄送, 反馈, 测评 满意, 办结
            await open_step(pilot, "r")
            await pilot.press("enter")
            await choose(pilot, 1)
            await type_text(pilot, "cleaned up")
            await save(pilot)
            await open_step(pilot, "c")
            await save(pilot)
            await open_step(pilot, "f")
            await pilot.press("enter", "tab")
            await choose(pilot, 2)
            await save(pilot)
            await open_step(pilot, "s")
            await pilot.press("enter")
            await choose(pilot, 1)
            await save(pilot)
            await open_step(pilot, "x")
            await save(pilot)

            stored = office.store.get(case.case_id)
            assert stored.state is CaseState.CLOSED and stored.followup.outcome is Outcome.A
            assert stored.followup.satisfaction is Satisfaction.SATISFIED
            kinds = [entry.step.kind for entry in office.store.timeline(case.case_id)]
            assert kinds == [
                StepKind.TRANSFER, StepKind.REPLY, StepKind.COPY, StepKind.INFORM, StepKind.SURVEY,
                StepKind.REHANDLE, StepKind.REPLY, StepKind.COPY, StepKind.INFORM, StepKind.SURVEY, StepKind.CLOSE,
            ]  # fmt: skip
            assert {entry.step.clerk for entry in office.store.timeline(case.case_id)} == {CLERK}
            shown = screen_text(pilot)
            assert "已办结" in shown and "满意" in shown and "cleaned up" in shown
            # the closed case offers reopen, not the steps before
            assert isinstance(app.screen, CaseScreen)
            assert app.screen.check_action("step", ("reopen",)) is True
            assert app.screen.check_action("step", ("transfer",)) is False
            # no full name or phone anywhere on screen, no reveal happened
            assert visitor["name"] not in shown and visitor["phone"] not in shown
            assert office.store.reveal_log(case_id=case.case_id) == []

    async def test_reopen_goes_back_to_the_state_before_closing(self, office: Office) -> None:
        case = office.named_transfer_case()
        store = office.store
        at = NOW
        steps = [
            (StepKind.TRANSFER, {"unit": SLIP_UNIT, "slip_number": "1", "on": at.date()}),
            (StepKind.REPLY, {"on": at.date(), "outcome": "A", "summary": "done"}),
            (StepKind.COPY, {"on": at.date(), "deputies": [case.desk.receiving_deputy]}),
            (StepKind.INFORM, {"on": at.date(), "deputy": case.desk.receiving_deputy, "channel": "phone"}),
            (StepKind.CLOSE, {"on": at.date(), "note": "voter unreachable"}),
        ]
        for kind, data in steps:
            store.apply(case.case_id, Step(kind, CLERK, at, data), revision=store.get(case.case_id).revision)
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            form = await open_step(pilot, "o")
            assert "已反馈选民" in screen_text(pilot)
            await pilot.press("enter")
            await type_text(pilot, "closed by mistake")
            await save(pilot)
            assert not isinstance(app.screen, StepForm), form
        last = store.timeline(case.case_id)[-1]
        assert last.step.kind is StepKind.REOPEN and last.step.data["back_to"] == "informed"
        assert store.get(case.case_id).state is CaseState.INFORMED


class TestRefusals:
    async def test_a_wrong_date_and_a_missing_slip_number_show_on_their_fields(self, office: Office) -> None:
        case = office.named_transfer_case()
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            form = await open_step(pilot, "t")
            await pilot.press("tab", "tab")  # unit kept, slip number left empty, to the date
            date_input = form.query_one("#f-on", Input)
            assert date_input.has_focus
            date_input.value = ""
            await type_text(pilot, "2026-13-40")
            await save(pilot)
            assert app.screen is form, "a refused step keeps its dialog open"
            errors = {w.id: str(w.render()) for w in form.query(".error") if isinstance(w, Static) and w.display}
            assert set(errors) == {"e-slip_number", "e-on"}
            assert "2026-13-40" in errors["e-on"]
            assert form.query_one("#f-on", Input).value == "2026-13-40"
            assert office.store.get(case.case_id).revision == case.revision
            assert office.store.timeline(case.case_id) == []
            # put right, saved
            date_input.value = NOW.date().isoformat()
            form.query_one("#f-slip_number", Input).focus()
            await type_text(pilot, "ZB-9")
            await save(pilot)
            assert isinstance(app.screen, CaseScreen)
        assert office.store.get(case.case_id).followup.slip_number == "ZB-9"


class TestTwoClerks:
    async def test_a_save_over_a_newer_revision_shows_the_other_step_and_saves_again(self, office: Office) -> None:
        case = office.named_transfer_case()
        transfer = Step(StepKind.TRANSFER, CLERK, NOW, {"unit": SLIP_UNIT, "slip_number": "1", "on": NOW.date()})
        office.store.apply(case.case_id, transfer, revision=case.revision)
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            form = await open_step(pilot, "r")
            await pilot.press("enter")
            await choose(pilot, 1)
            await type_text(pilot, "my reply")
            # meanwhile, at another desk: an extension
            other = office.second_store()
            extend = {"on": NOW.date(), "due": (NOW.date() + timedelta(days=60)).isoformat(), "reason": "busy"}
            seen = other.get(case.case_id)
            other.apply(case.case_id, Step(StepKind.EXTEND, OTHER_CLERK, NOW, extend), revision=seen.revision)
            await save(pilot)
            assert app.screen is form
            shown = screen_text(pilot)
            assert "另一位工作人员已先保存" in shown and OTHER_CLERK in shown and "延期" in shown
            assert "已延期" in shown
            assert form.query_one("#f-summary", Input).value == "my reply"
            assert office.store.get(case.case_id).state is CaseState.EXTENDED
            await save(pilot)  # still allowed from 已延期: saved against the new revision
            assert isinstance(app.screen, CaseScreen)
        timeline = office.store.timeline(case.case_id)
        assert [e.step.kind for e in timeline] == [StepKind.TRANSFER, StepKind.EXTEND, StepKind.REPLY]
        assert timeline[-1].step.data["summary"] == "my reply"

    async def test_a_step_no_longer_allowed_is_not_saved_and_the_input_stays(self, office: Office) -> None:
        case = office.named_transfer_case()
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            form = await open_step(pilot, "t")
            await pilot.press("tab")
            await type_text(pilot, "MINE-1")
            other = office.second_store()
            data = {"unit": "QZF", "slip_number": "THEIRS-1", "on": NOW.date()}
            other.apply(case.case_id, Step(StepKind.TRANSFER, OTHER_CLERK, NOW, data), revision=case.revision)
            await save(pilot)
            assert app.screen is form
            assert "这一步已不能保存" in screen_text(pilot)
            await save(pilot)
            assert app.screen is form
            assert form.query_one("#f-slip_number", Input).value == "MINE-1"
        (only,) = office.store.timeline(case.case_id)
        assert only.step.clerk == OTHER_CLERK and office.store.get(case.case_id).followup.slip_number == "THEIRS-1"


class TestReveal:
    async def test_reveal_is_logged_without_values_and_gone_on_a_fresh_open(self, office: Office) -> None:
        case = office.named_transfer_case()
        visitor = office.visitor(case)
        name, phone = str(visitor["name"]), str(visitor["phone"])
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert name not in screen_text(pilot) and phone not in screen_text(pilot)
            await pilot.press("v")
            await settle(pilot)
            await pilot.press("space", "down", "space", "tab")
            await choose(pilot, 1)
            await save(pilot)
            assert isinstance(app.screen, CaseScreen)
            shown = screen_text(pilot)
            assert name in shown and phone in shown
            await pilot.press("l")
            await settle(pilot)
            assert "回访" in screen_text(pilot) and CLERK in screen_text(pilot)
            assert phone not in str(app.screen.query_one("#log-lines", Static).render())
        (entry,) = office.store.reveal_log(case_id=case.case_id)
        assert (entry.clerk, entry.fields, entry.reason, entry.purpose) == (
            CLERK, (RevealField.NAME, RevealField.PHONE), "回访", "screen",
        )  # fmt: skip
        assert name not in repr(entry) and phone not in repr(entry)
        fresh = office.app(case.case_id)
        async with fresh.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            shown = screen_text(pilot)
            assert name not in shown and phone not in shown and case.desk.visitor_masked in shown

    async def test_other_needs_a_note_and_nothing_is_logged_without_it(self, office: Office) -> None:
        case = office.named_transfer_case()
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("v")
            await settle(pilot)
            await pilot.press("space", "tab")
            await choose(pilot, len(office.services().settings.reveal_reasons))
            await save(pilot)
            assert "其他" in screen_text(pilot) and office.store.reveal_log(case_id=case.case_id) == []
            await type_text(pilot, "subject access")
            await save(pilot)
        (entry,) = office.store.reveal_log(case_id=case.case_id)
        assert (entry.reason, entry.note) == ("其他", "subject access")

    def test_the_log_entry_is_written_before_the_values_are_read(self, office: Office) -> None:
        case = office.named_transfer_case()
        store = office.store
        read = store._visitor
        seen: list[int] = []

        def visitor(found: Any) -> dict[str, Any]:
            seen.append(int(store.db.scalar("SELECT COUNT(*) FROM reveals WHERE case_id = ?", (case.case_id,))))
            return read(found)

        store._visitor = visitor  # type: ignore[method-assign]
        store.reveal(case.case_id, [RevealField.PHONE], clerk=CLERK, reason="回访")
        assert seen == [1]


class TestPrint:
    async def test_slip_carries_the_phone_as_a_logged_reveal_and_the_reply_letter_the_answer(
        self, office: Office
    ) -> None:
        case = office.named_transfer_case()
        visitor = office.visitor(case)
        store = office.store
        data = {"unit": SLIP_UNIT, "slip_number": "ZB-7", "on": NOW.date()}
        store.apply(case.case_id, Step(StepKind.TRANSFER, CLERK, NOW, data), revision=case.revision)
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            slip = office.folder / "out" / f"{case.desk.case_number}-slip.pdf"
            assert f"已保存到 {slip}" in screen_text(pilot)
            assert "打印了" not in screen_text(pilot)
            assert stat.S_IMODE(slip.stat().st_mode) == 0o600
            text = pdf_text(slip)
            assert str(visitor["phone"]) in text and "ZB-7" in text and "北山街道办事处" in text
            # the phone went onto paper, not onto the screen
            assert str(visitor["phone"]) not in screen_text(pilot)
        (entry,) = store.reveal_log(case_id=case.case_id)
        assert (entry.purpose, entry.reason, entry.clerk) == ("slip", "转办单位需要联系", CLERK)
        assert RevealField.PHONE in entry.fields

        reply = {"on": NOW.date(), "outcome": "B", "summary": "计划下月完成路灯维修"}
        store.apply(case.case_id, Step(StepKind.REPLY, CLERK, NOW, reply), revision=store.get(case.case_id).revision)
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
        letter = pdf_text(office.folder / "out" / f"{case.desk.case_number}-reply.pdf")
        assert "计划下月完成路灯维修" in letter and case.desk.case_number in letter
        assert str(visitor["phone"]) not in letter and str(visitor["name"]) not in letter
        assert len(store.reveal_log(case_id=case.case_id)) == 1, "the letter reveals nothing"

    async def test_no_print_before_a_transfer(self, office: Office) -> None:
        case = office.named_transfer_case()
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)
            assert app.screen.check_action("print", ()) is False
            await pilot.press("p")
            await settle(pilot)
        assert not (office.folder / "out").exists()


class TestSourceChanged:
    async def test_the_mark_shows_until_acknowledged(self, office: Office) -> None:
        case = office.named_transfer_case()
        office.store.db.execute("UPDATE cases SET source_changed = 1 WHERE case_id = ?", (case.case_id,))
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "来源已变更" in str(app.screen.query_one("#case-head", Static).render())
            await pilot.press("a")
            await settle(pilot)
            assert "来源已变更" not in str(app.screen.query_one("#case-head", Static).render())
        assert office.store.get(case.case_id).source_changed is False
        assert replace(case, source_changed=False).source_changed is False

    async def test_own_words_on_request(self, office: Office) -> None:
        case = office.named_transfer_case()
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert case.desk.own_words not in screen_text(pilot)
            await pilot.press("w")
            await pilot.pause()
            assert case.desk.own_words in screen_text(pilot)


class TestAnonymous:
    async def test_an_anonymous_visitor_is_shown_as_such_and_offers_no_reveal(self, office: Office) -> None:
        anonymous = [c for c in office.store.query(CaseQuery(), limit=500).cases if c.followup.anonymous]
        if not anonymous:
            pytest.skip("the sample laptop has no anonymous visitor")
        case = anonymous[0]
        app = office.app(case.case_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)
            assert "来访人：匿名" in screen_text(pilot)
            assert app.screen.check_action("reveal", ()) is False
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, CaseScreen)
        assert office.store.reveal_log(case_id=case.case_id) == []
