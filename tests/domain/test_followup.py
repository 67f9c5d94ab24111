"""The follow-up lifecycle (domain/followup.py): the journey, the side paths, the refusals, the deadlines
with China's real 2026 calendar (调休 included), and properties over random step sequences."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reception_tui.calendar.workdays import WorkingDays
from reception_tui.domain.errors import StateError, ValidationFailed
from reception_tui.domain.followup import (
    CaseKind,
    CaseState,
    CaseStatus,
    FeedbackChannel,
    Followup,
    FollowupRules,
    Limit,
    LimitKind,
    Outcome,
    Satisfaction,
    Step,
    StepKind,
    add_months,
    add_working_days,
    apply_step,
    initial_followup,
    next_steps,
    replay,
    working_days_between,
)

WD = WorkingDays()
"""China's working days as the installed holidays package knows them: no overrides."""
RULES = FollowupRules()
UNITS = {
    "BSJD": Limit(15, LimitKind.WORKING_DAYS),  # 北山街道办事处
    "ZJJ": Limit(30, LimitKind.CALENDAR_DAYS),  # 区住建局
    "JTJ": Limit(2, LimitKind.MONTHS),  # 区交通局
}
NOW = datetime(2026, 12, 31, 17, 0)
S = StepKind


def weekdays_only(day: date) -> bool:
    return day.weekday() < 5


def go(f: Followup, kind: StepKind, *, at: datetime = NOW, rules: FollowupRules = RULES, **data: Any) -> Followup:
    step = Step(kind, "王文", at, data)
    return apply_step(f, step, rules=rules, unit_limit=UNITS.get, is_working_day=WD)


def refused(f: Followup, kind: StepKind, *, at: datetime = NOW, **data: Any) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        go(f, kind, at=at, **data)
    return caught.value


def keys(error: ValidationFailed) -> list[tuple[str, str]]:
    return [(problem.field, problem.key) for problem in error.errors]


def transferred(kind: CaseKind = CaseKind.TRANSFER, anonymous: bool = False, **data: Any) -> Followup:
    fields = {"unit": "BSJD", "slip_number": "JB-2026-001", "on": date(2026, 3, 2), **data}
    return go(initial_followup(kind, anonymous), S.TRANSFER, **fields)


def replied(anonymous: bool = False, outcome: str = "B") -> Followup:
    return go(transferred(anonymous=anonymous), S.REPLY, on=date(2026, 3, 16), outcome=outcome, summary="已修复路灯")


def informed() -> Followup:
    copied = go(replied(), S.COPY, on=date(2026, 3, 17), deputies=["周建国", "林晓梅"])
    return go(copied, S.INFORM, on=date(2026, 3, 20), deputy="周建国", channel="phone")


def surveyed(satisfaction: str = "satisfied", note: str = "") -> Followup:
    return go(informed(), S.SURVEY, on=date(2026, 3, 25), satisfaction=satisfaction, note=note)


# -- the whole journey -------------------------------------------------------------------------------


def test_the_whole_journey_from_awaiting_transfer_to_closed() -> None:
    f = initial_followup(CaseKind.TRANSFER, anonymous=False)
    assert f == Followup(kind=CaseKind.TRANSFER, anonymous=False, state=CaseState.AWAITING_TRANSFER)
    assert f.status is CaseStatus.OPEN and not f.solved and f.round == 0

    f = go(f, S.TRANSFER, unit="BSJD", slip_number=" JB-2026-001 ", on="2026-03-02")
    assert f == Followup(
        kind=CaseKind.TRANSFER, anonymous=False, state=CaseState.TRANSFERRED, unit="BSJD", slip_number="JB-2026-001",
        transferred_on=date(2026, 3, 2), due_on=date(2026, 3, 23), round=1,
    )  # fmt: skip
    assert f.is_waiting_for_unit()

    f = go(f, S.REPLY, on=date(2026, 3, 16), outcome="A", summary="路灯已修复", document_name="答复.pdf")
    assert f.state is CaseState.REPLIED and f.replied_on == date(2026, 3, 16) and f.outcome is Outcome.A
    assert f.solved and f.status is CaseStatus.OPEN and not f.is_waiting_for_unit()

    f = go(f, S.COPY, on=date(2026, 3, 17), deputies=("周建国", "林晓梅"))
    assert f.state is CaseState.COPIED and f.copied_on == date(2026, 3, 17)

    f = go(f, S.INFORM, on=date(2026, 3, 20), deputy="周建国", channel=FeedbackChannel.VISIT)
    assert f.state is CaseState.INFORMED and f.informed_on == date(2026, 3, 20)
    assert f.is_waiting_for_survey()

    f = go(f, S.SURVEY, on=datetime(2026, 3, 25, 10, 0), satisfaction="basically", note="")
    assert f.state is CaseState.SURVEYED and f.satisfaction is Satisfaction.BASICALLY and f.surveyed_round == 1
    assert not f.is_waiting_for_survey()

    f = go(f, S.CLOSE, on=date(2026, 3, 26), note="")
    assert f == Followup(
        kind=CaseKind.TRANSFER, anonymous=False, state=CaseState.CLOSED, unit="BSJD", slip_number="JB-2026-001",
        transferred_on=date(2026, 3, 2), due_on=date(2026, 3, 23), replied_on=date(2026, 3, 16), outcome=Outcome.A,
        copied_on=date(2026, 3, 17), informed_on=date(2026, 3, 20), satisfaction=Satisfaction.BASICALLY,
        surveyed_round=1, round=1, closed_on=date(2026, 3, 26),
    )  # fmt: skip
    assert f.status is CaseStatus.CLOSED and f.solved
    assert next_steps(f) == (S.REOPEN,)


def test_closed_is_not_solved() -> None:
    f = go(replied(outcome="C"), S.COPY, on=date(2026, 3, 17), deputies=["周建国"])
    f = go(f, S.INFORM, on=date(2026, 3, 18), deputy="周建国", channel="letter")
    f = go(f, S.SURVEY, on=date(2026, 3, 19), satisfaction="satisfied")
    f = go(f, S.CLOSE, on=date(2026, 3, 19))
    assert f.status is CaseStatus.CLOSED and f.outcome is Outcome.C and not f.solved


def test_replay_gives_the_same_followup() -> None:
    start = initial_followup(CaseKind.TRANSFER, anonymous=False)
    steps = [
        Step(S.TRANSFER, "王文", NOW, {"unit": "BSJD", "slip_number": "1", "on": "2026-03-02"}),
        Step(S.REPLY, "王文", NOW, {"on": "2026-03-10", "outcome": "B", "summary": "列入计划"}),
    ]
    f = replay(start, [(s, CaseState.REPLIED) for s in steps], rules=RULES, unit_limit=UNITS.get, is_working_day=WD)
    assert f == go(go(start, S.TRANSFER, **steps[0].data), S.REPLY, **steps[1].data)


# -- side paths --------------------------------------------------------------------------------------


def test_return_then_transfer_to_another_unit() -> None:
    f = go(transferred(), S.RETURN, on=date(2026, 3, 5), reason="不属于本单位职责")
    assert f.state is CaseState.RETURNED and f.due_on is None and f.unit == "BSJD"
    assert next_steps(f) == (S.TRANSFER,)
    f = go(f, S.TRANSFER, unit="ZJJ", slip_number="JB-2026-002", on=date(2026, 3, 6))
    assert (f.state, f.unit, f.slip_number, f.round) == (CaseState.TRANSFERRED, "ZJJ", "JB-2026-002", 1)
    assert (f.transferred_on, f.due_on) == (date(2026, 3, 6), date(2026, 4, 5))  # 30 calendar days


def test_return_needs_a_reason_and_a_date_after_the_transfer() -> None:
    error = refused(transferred(), S.RETURN, on=date(2026, 3, 1), reason=" ")
    assert keys(error) == [("reason", "followup.error.required")]
    error = refused(transferred(), S.RETURN, on=date(2026, 3, 1), reason="不属于本单位职责")
    assert keys(error) == [("on", "followup.error.before_previous")]
    assert error.errors[0].params == {"day": "2026-03-01", "previous": "2026-03-02"}


def test_re_transfer_not_before_the_first_transfer() -> None:
    f = go(transferred(), S.RETURN, on=date(2026, 3, 5), reason="不属于本单位职责")
    error = refused(f, S.TRANSFER, unit="ZJJ", slip_number="JB-2", on=date(2026, 2, 27))
    assert keys(error) == [("on", "followup.error.before_previous")]


def test_extension_with_reason_and_later_due_date() -> None:
    f = transferred()
    assert f.due_on == date(2026, 3, 23)
    f = go(f, S.EXTEND, on=date(2026, 3, 23), reason="需协调多个部门", due="2026-04-10")
    assert (f.state, f.due_on, f.extensions) == (CaseState.EXTENDED, date(2026, 4, 10), 1)
    assert f.is_waiting_for_unit()
    assert next_steps(f) == (S.RETURN, S.REPLY)  # once per round by default
    with pytest.raises(StateError):
        go(f, S.EXTEND, on=date(2026, 3, 24), reason="再次延期", due=date(2026, 5, 1))
    f = go(f, S.REPLY, on=date(2026, 4, 9), outcome="B", summary="正在施工")
    assert f.state is CaseState.REPLIED


def test_extension_refused_after_the_due_date_or_not_later() -> None:
    late = refused(transferred(), S.EXTEND, on=date(2026, 3, 24), reason="来不及", due=date(2026, 4, 10))
    assert keys(late) == [("on", "followup.error.extend_late")]
    assert late.errors[0].params == {"due": "2026-03-23"}
    same = refused(transferred(), S.EXTEND, on=date(2026, 3, 20), reason="来不及", due=date(2026, 3, 23))
    assert keys(same) == [("due", "followup.error.extend_not_later")]
    both = refused(transferred(), S.EXTEND, on=date(2026, 3, 24), reason="来不及", due=date(2026, 3, 1))
    assert both.fields() == ["on", "due"]
    missing = refused(transferred(), S.EXTEND, on=date(2026, 3, 20))
    assert keys(missing) == [("reason", "followup.error.required"), ("due", "followup.error.required")]
    early = refused(transferred(), S.EXTEND, on=date(2026, 3, 1), reason="来不及", due=date(2026, 4, 1))
    assert keys(early) == [("on", "followup.error.before_previous")]


def test_extensions_per_round_is_configuration() -> None:
    rules = FollowupRules(extensions_per_round=2)
    f = go(transferred(), S.EXTEND, rules=rules, on=date(2026, 3, 20), reason="一", due=date(2026, 4, 1))
    assert S.EXTEND in next_steps(f, rules) and S.EXTEND not in next_steps(f)
    f = go(f, S.EXTEND, rules=rules, on=date(2026, 3, 30), reason="二", due=date(2026, 4, 20))
    assert (f.extensions, f.due_on) == (2, date(2026, 4, 20))
    assert S.EXTEND not in next_steps(f, rules)
    none = FollowupRules(extensions_per_round=0)
    assert next_steps(transferred(), none) == (S.RETURN, S.REPLY)


def test_suggestion_three_months_extendable_once_to_six_from_transfer() -> None:
    f = transferred(CaseKind.SUGGESTION, unit="JTJ", on=date(2026, 1, 31))
    assert f.due_on == date(2026, 4, 30)  # the rules' 3 months, not the unit's 2; clamped to 30 April
    too_far = refused(f, S.EXTEND, on=date(2026, 4, 1), reason="需列入预算", due=date(2026, 8, 1))
    assert keys(too_far) == [("due", "followup.error.extend_too_far")]
    assert too_far.errors[0].params == {"longest": "2026-07-31"}
    f = go(f, S.EXTEND, on=date(2026, 4, 1), reason="需列入预算", due=date(2026, 7, 31))
    assert (f.due_on, f.extensions) == (date(2026, 7, 31), 1)
    rules = FollowupRules(extensions_per_round=3)
    assert S.EXTEND not in next_steps(f, rules)  # a suggestion: once, whatever the rules allow others
    with pytest.raises(StateError):
        go(f, S.EXTEND, rules=rules, on=date(2026, 5, 1), reason="再延", due=date(2026, 7, 30))


def test_unsatisfied_survey_sends_the_case_back_for_a_second_round() -> None:
    error = refused(informed(), S.SURVEY, on=date(2026, 3, 25), satisfaction="unsatisfied")
    assert keys(error) == [("note", "followup.error.required")]
    f = surveyed("unsatisfied", note="路灯仍不亮，单位未到现场")
    assert next_steps(f) == (S.REHANDLE, S.CLOSE)
    f = go(f, S.REHANDLE, on=date(2026, 3, 31), unit="ZJJ", reason="单位未到现场")
    assert f == Followup(
        kind=CaseKind.TRANSFER, anonymous=False, state=CaseState.REHANDLING, unit="ZJJ", slip_number="JB-2026-001",
        transferred_on=date(2026, 3, 31), due_on=date(2026, 4, 30), surveyed_round=1, round=2,
    )  # fmt: skip
    assert next_steps(f) == (S.RETURN, S.EXTEND, S.REPLY)
    f = go(f, S.REPLY, on=date(2026, 4, 20), outcome="A", summary="已更换灯杆")
    f = go(f, S.COPY, on=date(2026, 4, 21), deputies=["周建国"])
    f = go(f, S.INFORM, on=date(2026, 4, 22), deputy="周建国", channel="reception_day")
    assert f.is_waiting_for_survey()
    f = go(f, S.SURVEY, on=date(2026, 4, 23), satisfaction="satisfied")
    assert (f.surveyed_round, f.round, f.satisfaction) == (2, 2, Satisfaction.SATISFIED)
    assert next_steps(f) == (S.CLOSE,)
    assert go(f, S.CLOSE, on=date(2026, 4, 23)).state is CaseState.CLOSED


def test_rehandle_only_after_unsatisfied_and_not_before_the_last_step() -> None:
    with pytest.raises(StateError):
        go(surveyed("satisfied"), S.REHANDLE, on=date(2026, 3, 31), unit="BSJD", reason="x")
    f = surveyed("unsatisfied", note="未解决")
    error = refused(f, S.REHANDLE, on=date(2026, 3, 19), unit="BSJD", reason="未解决")
    assert keys(error) == [("on", "followup.error.before_previous")]
    error = refused(f, S.REHANDLE, on=date(2026, 3, 31), unit="火星局", reason="")
    assert keys(error) == [("reason", "followup.error.required"), ("unit", "followup.error.unknown_unit")]
    assert error.errors[1].params == {"unit": "火星局"}


def test_closing_despite_unsatisfied_needs_a_note() -> None:
    f = surveyed("unsatisfied", note="未解决")
    assert refused(f, S.CLOSE, on=date(2026, 3, 31)).fields() == ["note"]
    assert go(f, S.CLOSE, on=date(2026, 3, 31), note="单位已尽力，选民理解").state is CaseState.CLOSED


def test_closing_without_a_survey_needs_a_note_and_a_date_after_the_last_step() -> None:
    assert refused(informed(), S.CLOSE, on=date(2026, 3, 21)).fields() == ["note"]
    error = refused(informed(), S.CLOSE, on=date(2026, 3, 19), note="联系不上选民")
    assert keys(error) == [("on", "followup.error.before_previous")]
    assert error.errors[0].params == {"day": "2026-03-19", "previous": "2026-03-20"}
    f = go(informed(), S.CLOSE, on=date(2026, 3, 21), note="联系不上选民")
    assert f.state is CaseState.CLOSED and f.satisfaction is None and f.surveyed_round == 0


def test_anonymous_visitor_is_never_informed_or_surveyed() -> None:
    f = replied(anonymous=True)
    assert next_steps(f) == (S.COPY, S.CLOSE)
    assert not f.is_waiting_for_survey()
    assert go(f, S.CLOSE, on=date(2026, 3, 16)).state is CaseState.CLOSED
    f = go(f, S.COPY, on=date(2026, 3, 17), deputies=["周建国"])
    assert next_steps(f) == (S.CLOSE,)
    with pytest.raises(StateError) as caught:
        go(f, S.INFORM, on=date(2026, 3, 18), deputy="周建国", channel="phone")
    assert caught.value.key == "followup.error.not_now"
    assert caught.value.params == {"step": "inform", "state": "copied"}
    f = go(f, S.CLOSE, on=date(2026, 3, 18))
    assert f.status is CaseStatus.CLOSED and f.informed_on is None


def test_a_named_visitor_cannot_be_closed_before_being_informed() -> None:
    assert next_steps(replied()) == (S.COPY,)
    with pytest.raises(StateError):
        go(replied(), S.CLOSE, on=date(2026, 3, 17), note="x")


@pytest.mark.parametrize("kind", [CaseKind.EXPLAINED, CaseKind.REDIRECTED])
def test_light_path_settled_optional_survey_then_close(kind: CaseKind) -> None:
    f = initial_followup(kind, anonymous=False)
    assert (f.state, f.status, f.round) == (CaseState.SETTLED, CaseStatus.OPEN, 0)
    assert next_steps(f) == (S.SURVEY, S.CLOSE)
    assert f.is_waiting_for_survey() and not f.is_waiting_for_unit()
    closed = go(f, S.CLOSE, on=date(2026, 3, 20))
    assert closed.state is CaseState.CLOSED and closed.outcome is None and not closed.solved
    f = go(f, S.SURVEY, on=date(2026, 3, 20), satisfaction="satisfied")
    assert (f.state, f.surveyed_round) == (CaseState.SURVEYED, 1)
    assert not f.is_waiting_for_survey()
    assert go(f, S.CLOSE, on=date(2026, 3, 21)).state is CaseState.CLOSED
    anonymous = initial_followup(kind, anonymous=True)
    assert next_steps(anonymous) == (S.CLOSE,) and not anonymous.is_waiting_for_survey()


def test_light_path_unsatisfied_can_be_handled_and_surveyed_again() -> None:
    f = go(initial_followup(CaseKind.EXPLAINED, False), S.SURVEY, on=date(2026, 3, 20), satisfaction="unsatisfied",
           note="解释不清")  # fmt: skip
    f = go(f, S.REHANDLE, on=date(2026, 3, 23), unit="BSJD", reason="选民不满意解释")
    assert (f.round, f.surveyed_round, f.due_on) == (2, 1, date(2026, 4, 23))
    f = go(f, S.REPLY, on=date(2026, 4, 1), outcome="A", summary="已解决")
    f = go(f, S.COPY, on=date(2026, 4, 1), deputies=["林晓梅"])
    f = go(f, S.INFORM, on=date(2026, 4, 2), deputy="林晓梅", channel="phone")
    assert S.SURVEY in next_steps(f) and f.is_waiting_for_survey()
    assert go(f, S.SURVEY, on=date(2026, 4, 3), satisfaction="satisfied").surveyed_round == 2


def test_undecided_case_is_closed_with_a_note_or_transferred() -> None:
    f = initial_followup(CaseKind.UNDECIDED, anonymous=False)
    assert f.state is CaseState.AWAITING_TRANSFER
    assert next_steps(f) == (S.TRANSFER, S.CLOSE)
    assert keys(refused(f, S.CLOSE, on=date(2026, 3, 2))) == [("note", "followup.error.required")]
    assert go(f, S.CLOSE, on=date(2026, 3, 2), note="重复反映，已并案").state is CaseState.CLOSED
    assert go(f, S.TRANSFER, unit="BSJD", slip_number="1", on=date(2026, 3, 2)).state is CaseState.TRANSFERRED
    transfer = initial_followup(CaseKind.TRANSFER, anonymous=False)
    assert next_steps(transfer) == (S.TRANSFER,)
    with pytest.raises(StateError):
        go(transfer, S.CLOSE, on=date(2026, 3, 2), note="不转了")


def test_reopen_is_a_correction_back_to_a_given_state() -> None:
    closed = go(surveyed(), S.CLOSE, on=date(2026, 3, 26))
    f = go(closed, S.REOPEN, on=date(2026, 3, 27), reason="误点办结", back_to="surveyed")
    assert f == replace(closed, state=CaseState.SURVEYED, closed_on=None)
    f = go(closed, S.REOPEN, on=date(2026, 3, 27), reason="答复有误", back_to=CaseState.REPLIED)
    assert f.state is CaseState.REPLIED and f.status is CaseStatus.OPEN
    error = refused(closed, S.REOPEN, on=date(2026, 3, 27), reason="x", back_to="closed")
    assert keys(error) == [("back_to", "followup.error.bad_choice")] and error.errors[0].params == {"value": "closed"}
    error = refused(closed, S.REOPEN, on=date(2026, 3, 27), back_to="limbo")
    assert keys(error) == [("reason", "followup.error.required"), ("back_to", "followup.error.bad_choice")]
    error = refused(closed, S.REOPEN, on=date(2026, 3, 25), reason="x", back_to="surveyed")
    assert keys(error) == [("on", "followup.error.before_previous")]
    with pytest.raises(StateError):
        go(surveyed(), S.REOPEN, on=date(2026, 3, 27), reason="x", back_to="replied")


# -- refusals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        (CaseState.AWAITING_TRANSFER, S.REPLY),
        (CaseState.TRANSFERRED, S.TRANSFER),
        (CaseState.TRANSFERRED, S.CLOSE),
        (CaseState.RETURNED, S.REPLY),
        (CaseState.REPLIED, S.SURVEY),
        (CaseState.COPIED, S.REPLY),
        (CaseState.INFORMED, S.REHANDLE),
        (CaseState.SETTLED, S.TRANSFER),
        (CaseState.CLOSED, S.CLOSE),
        (CaseState.CLOSED, S.TRANSFER),
    ],
)
def test_a_step_the_state_does_not_allow_is_a_state_error(state: CaseState, kind: StepKind) -> None:
    f = Followup(kind=CaseKind.TRANSFER, anonymous=False, state=state)
    with pytest.raises(StateError) as caught:
        go(f, kind, on=date(2026, 3, 2))
    assert caught.value.key == "followup.error.not_now"
    assert caught.value.params == {"step": kind.value, "state": state.value}


def test_transfer_names_every_missing_field() -> None:
    error = refused(initial_followup(CaseKind.TRANSFER, False), S.TRANSFER)
    assert keys(error) == [
        ("on", "followup.error.required"),
        ("unit", "followup.error.required"),
        ("slip_number", "followup.error.required"),
    ]


def test_transfer_refuses_an_unknown_unit_a_bad_date_and_a_due_date_before_the_transfer() -> None:
    start = initial_followup(CaseKind.TRANSFER, False)
    error = refused(start, S.TRANSFER, unit="火星局", slip_number="1", on="2026-02-30")
    assert keys(error) == [("on", "followup.error.bad_date"), ("unit", "followup.error.unknown_unit")]
    assert error.errors[0].params == {"value": "2026-02-30"}
    error = refused(start, S.TRANSFER, unit="BSJD", slip_number="1", on=20260302)
    assert keys(error) == [("on", "followup.error.bad_date")]
    error = refused(start, S.TRANSFER, unit="BSJD", slip_number="1", on=date(2026, 3, 2), due="2026-03-01")
    assert keys(error) == [("due", "followup.error.due_before")]
    assert error.errors[0].params == {"day": "2026-03-01", "start": "2026-03-02"}
    error = refused(start, S.TRANSFER, unit="BSJD", slip_number="1", on=date(2026, 3, 2), due="next week")
    assert keys(error) == [("due", "followup.error.bad_date")]
    f = go(start, S.TRANSFER, unit="BSJD", slip_number="1", on=date(2026, 3, 2), due="2026-03-13")
    assert f.due_on == date(2026, 3, 13)  # an explicit due date wins over the unit's limit


def test_future_dates_are_refused() -> None:
    start = initial_followup(CaseKind.TRANSFER, False)
    at = datetime(2026, 3, 2, 9, 0)
    error = refused(start, S.TRANSFER, at=at, unit="BSJD", slip_number="1", on=date(2026, 3, 3))
    assert keys(error) == [("on", "followup.error.future")] and error.errors[0].params == {"day": "2026-03-03"}
    f = go(start, S.TRANSFER, at=at, unit="BSJD", slip_number="1", on=date(2026, 3, 2))
    assert f.state is CaseState.TRANSFERRED


def test_reply_copy_inform_survey_check_their_fields() -> None:
    error = refused(transferred(), S.REPLY, on=date(2026, 3, 10), outcome="E")
    assert keys(error) == [("outcome", "followup.error.bad_choice"), ("summary", "followup.error.required")]
    assert error.errors[0].params == {"value": "E"}
    error = refused(transferred(), S.REPLY, on=date(2026, 2, 27), outcome="A", summary="已解决")
    assert keys(error) == [("on", "followup.error.before_previous")]
    assert refused(replied(), S.COPY, on=date(2026, 3, 17), deputies=[]).fields() == ["deputies"]
    assert refused(replied(), S.COPY, on=date(2026, 3, 17), deputies=["周建国", ""]).fields() == ["deputies"]
    assert refused(replied(), S.COPY, on=date(2026, 3, 17), deputies="周建国").fields() == ["deputies"]
    assert refused(replied(), S.COPY, on=date(2026, 3, 15), deputies=["周建国"]).fields() == ["on"]
    copied = go(replied(), S.COPY, on=date(2026, 3, 17), deputies=["周建国"])
    error = refused(copied, S.INFORM, on=date(2026, 3, 18), channel="email")
    assert keys(error) == [("deputy", "followup.error.required"), ("channel", "followup.error.bad_choice")]
    assert refused(copied, S.INFORM, on=date(2026, 3, 16), deputy="周建国", channel="visit").fields() == ["on"]
    error = refused(informed(), S.SURVEY, on=date(2026, 3, 25), satisfaction="很好")
    assert keys(error) == [("satisfaction", "followup.error.bad_choice")]
    assert refused(informed(), S.SURVEY, on=date(2026, 3, 19), satisfaction="satisfied").fields() == ["on"]


# -- next steps --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("followup", "expected"),
    [
        (Followup(CaseKind.TRANSFER, False, CaseState.AWAITING_TRANSFER), (S.TRANSFER,)),
        (Followup(CaseKind.UNDECIDED, False, CaseState.AWAITING_TRANSFER), (S.TRANSFER, S.CLOSE)),
        (Followup(CaseKind.TRANSFER, False, CaseState.TRANSFERRED, round=1), (S.RETURN, S.EXTEND, S.REPLY)),
        (Followup(CaseKind.TRANSFER, False, CaseState.RETURNED, round=1), (S.TRANSFER,)),
        (Followup(CaseKind.TRANSFER, False, CaseState.EXTENDED, extensions=1, round=1), (S.RETURN, S.REPLY)),
        (Followup(CaseKind.TRANSFER, False, CaseState.REPLIED, round=1), (S.COPY,)),
        (Followup(CaseKind.TRANSFER, True, CaseState.REPLIED, round=1), (S.COPY, S.CLOSE)),
        (Followup(CaseKind.TRANSFER, False, CaseState.COPIED, round=1), (S.INFORM,)),
        (Followup(CaseKind.TRANSFER, True, CaseState.COPIED, round=1), (S.CLOSE,)),
        (Followup(CaseKind.TRANSFER, False, CaseState.INFORMED, round=1), (S.SURVEY, S.CLOSE)),
        (Followup(CaseKind.TRANSFER, False, CaseState.INFORMED, round=1, surveyed_round=1), (S.CLOSE,)),
        (
            Followup(CaseKind.TRANSFER, False, CaseState.SURVEYED, satisfaction=Satisfaction.SATISFIED, round=1),
            (S.CLOSE,),
        ),
        (
            Followup(CaseKind.TRANSFER, False, CaseState.SURVEYED, satisfaction=Satisfaction.UNSATISFIED, round=1),
            (S.REHANDLE, S.CLOSE),
        ),
        (Followup(CaseKind.TRANSFER, False, CaseState.REHANDLING, round=2), (S.RETURN, S.EXTEND, S.REPLY)),
        (Followup(CaseKind.EXPLAINED, False, CaseState.SETTLED), (S.SURVEY, S.CLOSE)),
        (Followup(CaseKind.REDIRECTED, True, CaseState.SETTLED), (S.CLOSE,)),
        (Followup(CaseKind.TRANSFER, False, CaseState.CLOSED, round=1), (S.REOPEN,)),
        (Followup(CaseKind.SUGGESTION, False, CaseState.EXTENDED, extensions=1, round=1), (S.RETURN, S.REPLY)),
    ],
)
def test_next_steps_for_each_state(followup: Followup, expected: tuple[StepKind, ...]) -> None:
    assert next_steps(followup) == expected


def test_no_state_is_a_dead_end() -> None:
    for state in CaseState:
        for kind in CaseKind:
            for anonymous in (False, True):
                f = Followup(kind, anonymous, state, round=1, extensions=1)
                assert next_steps(f), (state, kind, anonymous)


# -- deadlines with the real 2026 calendar -----------------------------------------------------------


def test_the_2026_schedule_is_published_in_the_installed_package() -> None:
    assert WD.is_published(2026)
    # Spring Festival 2026: 15-23 February off; Saturdays 14 and 28 February are 调休 working days.
    assert all(not WD(date(2026, 2, day)) for day in range(15, 24))
    assert WD(date(2026, 2, 14)) and WD.status(date(2026, 2, 14)).adjusted
    assert WD(date(2026, 2, 28)) and WD.status(date(2026, 2, 28)).adjusted
    # National Day 2026 (with 中秋节 on 25 September): 1-7 October off; Saturday 10 October is worked.
    assert all(not WD(date(2026, 10, day)) for day in range(1, 8))
    assert not WD(date(2026, 9, 25))
    assert WD(date(2026, 10, 10)) and WD.status(date(2026, 10, 10)).adjusted


def test_fifteen_working_days_from_just_before_the_spring_festival() -> None:
    # Friday 13 Feb: Sat 14 (调休, 1), the festival 15-23, Tue 24 - Fri 27 (2-5), Sat 28 (调休, 6),
    # 2-6 March (7-11), 9-12 March (12-15).
    assert add_working_days(date(2026, 2, 13), 15, WD) == date(2026, 3, 12)
    assert add_working_days(date(2026, 2, 13), 15, weekdays_only) == date(2026, 3, 6)
    f = transferred(on=date(2026, 2, 13))
    assert f.due_on == date(2026, 3, 12)
    assert working_days_between(date(2026, 2, 13), date(2026, 3, 12), WD) == 15
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 24), WD) == 2  # Sat 14 and Tue 24
    assert add_working_days(date(2026, 2, 13), 1, WD) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 14), 1, WD) == date(2026, 2, 24)


def test_fifteen_working_days_across_national_day() -> None:
    # Wednesday 30 Sep: 1-7 Oct off, Thu 8 - Fri 9 (1-2), Sat 10 (调休, 3), 12-16 (4-8), 19-23 (9-13), 26-27.
    assert add_working_days(date(2026, 9, 30), 15, WD) == date(2026, 10, 27)
    # Thursday 24 Sep: 中秋节 on Fri 25, then 28-30 Sep (1-3), 8-10 Oct (4-6), 12-16 (7-11), 19-22 (12-15).
    assert transferred(on=date(2026, 9, 24)).due_on == date(2026, 10, 22)
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 8), WD) == 1
    assert working_days_between(date(2026, 9, 24), date(2026, 10, 22), WD) == 15


def test_working_days_between_edges() -> None:
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2), WD) == 0
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 2), WD) == 0
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9), WD) == 1  # Fri to Mon
    assert working_days_between(date(2026, 3, 7), date(2026, 3, 8), WD) == 0  # a weekend
    for start, count in [(date(2026, 2, 10), 7), (date(2026, 9, 28), 20), (date(2026, 12, 28), 5)]:
        assert working_days_between(start, add_working_days(start, count, WD), WD) == count


def test_calendar_day_and_month_limits_with_month_end_clamping() -> None:
    assert Limit(30, LimitKind.CALENDAR_DAYS).due(date(2026, 1, 15), WD) == date(2026, 2, 14)
    assert Limit(1, LimitKind.MONTHS).due(date(2026, 1, 31), WD) == date(2026, 2, 28)
    assert Limit(1, LimitKind.MONTHS).due(date(2028, 1, 31), WD) == date(2028, 2, 29)
    assert add_months(date(2026, 8, 31), 1) == date(2026, 9, 30)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 12) == date(2027, 12, 15)
    assert Limit(3, LimitKind.MONTHS).due(date(2026, 2, 1), WD) == date(2026, 5, 1)  # a holiday: months ignore it
    assert transferred(unit="JTJ", on=date(2026, 12, 31)).due_on == date(2027, 2, 28)
    assert transferred(unit="ZJJ", on=date(2026, 12, 31)).due_on == date(2027, 1, 30)


def test_overdue_and_due_soon_are_derived_from_the_due_date() -> None:
    f = transferred(on=date(2026, 2, 13))  # due 12 March
    assert not f.is_overdue(date(2026, 3, 12)) and f.is_overdue(date(2026, 3, 13))
    assert f.is_due_soon(date(2026, 3, 12), RULES, WD)  # due today
    assert f.is_due_soon(date(2026, 3, 9), RULES, WD)  # 3 working days ahead
    assert not f.is_due_soon(date(2026, 3, 6), RULES, WD)  # 4 working days ahead
    assert not f.is_due_soon(date(2026, 3, 13), RULES, WD)  # overdue, not due soon
    assert f.is_due_soon(date(2026, 3, 6), FollowupRules(due_soon_working_days=4), WD)
    # Across the festival: due on 24 Feb is "due soon" on 13 Feb (Sat 14 and Tue 24 are the next working days).
    g = transferred(on=date(2026, 2, 13), due=date(2026, 2, 24))
    assert g.is_due_soon(date(2026, 2, 13), RULES, WD)
    assert not g.is_due_soon(date(2026, 2, 13), RULES, weekdays_only)  # weekdays alone: 16-18 Feb
    assert not replace(g, due_on=date(2026, 2, 27)).is_due_soon(date(2026, 2, 13), RULES, WD)
    # A reply stops the clock: a replied case is never overdue or due soon.
    done = go(f, S.REPLY, on=date(2026, 3, 16), outcome="B", summary="逾期答复")
    assert not done.is_overdue(date(2026, 12, 31)) and not done.is_due_soon(date(2026, 3, 16), RULES, WD)
    assert go(f, S.EXTEND, on=date(2026, 3, 12), reason="协调", due=date(2026, 3, 31)).is_overdue(date(2026, 4, 1))
    returned = go(f, S.RETURN, on=date(2026, 2, 24), reason="非本单位")
    assert not returned.is_overdue(date(2026, 12, 31))


def test_waiting_for_survey() -> None:
    assert informed().is_waiting_for_survey()
    assert not surveyed().is_waiting_for_survey()
    assert not replied().is_waiting_for_survey()
    assert not replace(informed(), anonymous=True).is_waiting_for_survey()
    assert not replace(informed(), surveyed_round=1).is_waiting_for_survey()
    assert replace(informed(), round=2, surveyed_round=1).is_waiting_for_survey()


# -- properties --------------------------------------------------------------------------------------

_DAYS = st.dates(date(2025, 12, 1), date(2027, 3, 31))
_ODD = st.sampled_from([None, "", " ", "2026-02-30", "soon", 20260302, 3.5, ["2026-03-02"]])
_DATES = st.one_of(_DAYS, _DAYS.map(date.isoformat), _ODD)
_TEXT = st.one_of(st.sampled_from(["", " ", "理由", "x" * 200]), st.none(), st.integers())


def _choices(values: list[str]) -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(values), st.sampled_from(["", "bogus", "a"]), st.none(), st.integers())


_RANDOM_DATA = st.fixed_dictionaries(
    {},
    optional={
        "on": _DATES,
        "due": _DATES,
        "unit": st.sampled_from(["BSJD", "ZJJ", "JTJ", "火星局", "", None]),
        "slip_number": _TEXT,
        "reason": _TEXT,
        "note": _TEXT,
        "summary": _TEXT,
        "deputy": _TEXT,
        "deputies": st.one_of(st.lists(st.sampled_from(["周建国", "", "林晓梅"]), max_size=3), _TEXT),
        "outcome": _choices([o.value for o in Outcome]),
        "satisfaction": _choices([s.value for s in Satisfaction]),
        "channel": _choices([c.value for c in FeedbackChannel]),
        "back_to": _choices([s.value for s in CaseState]),
    },
)
_GOOD_DATA = st.fixed_dictionaries(
    {
        "on": st.dates(date(2026, 1, 1), date(2026, 12, 31)),
        "unit": st.sampled_from(list(UNITS)),
        "slip_number": st.just("JB-2026-001"),
        "reason": st.just("理由"),
        "note": st.just("说明"),
        "summary": st.just("答复摘要"),
        "deputy": st.just("周建国"),
        "deputies": st.just(["周建国", "林晓梅"]),
        "outcome": st.sampled_from(list(Outcome)),
        "satisfaction": st.sampled_from(list(Satisfaction)),
        "channel": st.sampled_from(list(FeedbackChannel)),
        "back_to": st.sampled_from(list(CaseState)),
    },
    optional={"due": st.dates(date(2026, 1, 1), date(2027, 12, 31))},
)
_DATA = st.one_of(_GOOD_DATA, _RANDOM_DATA)
_AT = st.one_of(st.just(NOW), st.datetimes(datetime(2026, 1, 1), datetime(2027, 3, 31)))
_MAYBE_DAY = st.none() | _DAYS
_FOLLOWUPS = st.builds(
    Followup,
    kind=st.sampled_from(list(CaseKind)),
    anonymous=st.booleans(),
    state=st.sampled_from(list(CaseState)),
    unit=st.sampled_from(["", "BSJD", "ZJJ"]),
    transferred_on=_MAYBE_DAY,
    due_on=_MAYBE_DAY,
    extensions=st.integers(0, 2),
    replied_on=_MAYBE_DAY,
    outcome=st.none() | st.sampled_from(list(Outcome)),
    copied_on=_MAYBE_DAY,
    informed_on=_MAYBE_DAY,
    satisfaction=st.none() | st.sampled_from(list(Satisfaction)),
    surveyed_round=st.integers(0, 3),
    round=st.integers(0, 3),
    closed_on=_MAYBE_DAY,
)
_STARTS = st.one_of(
    st.builds(initial_followup, st.sampled_from(list(CaseKind)), st.booleans()),
    _FOLLOWUPS,
)


def _check(f: Followup) -> None:
    assert (f.status is CaseStatus.CLOSED) == (f.state is CaseState.CLOSED)
    assert f.solved == (f.outcome is Outcome.A)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=_STARTS, extensions=st.integers(0, 3), data=st.data())
def test_random_steps_raise_only_domain_refusals_and_keep_the_invariants(
    start: Followup, extensions: int, data: st.DataObject
) -> None:
    rules = FollowupRules(extensions_per_round=extensions)
    current = start
    _check(current)
    for _ in range(data.draw(st.integers(0, 12), label="steps")):
        menu = next_steps(current, rules)
        # Mostly a step the menu offers (so long journeys happen), sometimes any step at all.
        kinds = st.sampled_from(menu) if menu else st.sampled_from(list(StepKind))
        kind = data.draw(st.one_of(kinds, kinds, kinds, st.sampled_from(list(StepKind))), label="kind")
        step = Step(kind, "王文", data.draw(_AT, label="at"), data.draw(_DATA, label="data"))
        allowed = step.kind in menu
        try:
            after = apply_step(current, step, rules=rules, unit_limit=UNITS.get, is_working_day=WD)
        except StateError as error:
            assert not allowed and error.key == "followup.error.not_now"
            event("refused: state")
            continue
        except ValidationFailed as error:
            assert allowed and error.errors, "a refusal names at least one field"
            assert all(problem.key.startswith("followup.error.") for problem in error.errors)
            event("refused: fields")
            continue
        assert allowed
        event(f"applied: {step.kind.value}")
        _check(after)
        # Closing never changes the outcome: a closed case is solved only if class A was replied.
        if step.kind is StepKind.CLOSE:
            assert after.state is CaseState.CLOSED and after.outcome == current.outcome
            assert after.solved == current.solved
        else:
            assert after.state is not CaseState.CLOSED
        if after.state is CaseState.CLOSED:
            assert after.closed_on is not None
        if step.kind in (StepKind.INFORM, StepKind.SURVEY):
            assert not after.anonymous
        current = after


@settings(max_examples=200, deadline=None)
@given(
    start=_DAYS,
    count=st.integers(0, 40),
)
def test_add_working_days_and_working_days_between_agree(start: date, count: int) -> None:
    due = add_working_days(start, count, WD)
    assert working_days_between(start, due, WD) == count
    assert due >= start and (count == 0 or WD(due))


def test_a_calendar_without_working_days_is_refused_not_searched_for_ever() -> None:
    from reception_tui.domain.followup import add_working_days

    with pytest.raises(ValueError, match="no working day"):
        add_working_days(date(2026, 1, 1), 3, lambda _day: False)
