"""The office's follow-up of a case (跟踪问效): states, steps, the rules between them, and deadlines.

A *case* is one issue recorded at the desk, followed by the office from transfer (转办) to closure
(办结). This module is the whole lifecycle as plain values and pure functions:

- :class:`CaseState` is the detailed state (待交办 … 已办结); :class:`CaseStatus` the coarse machine
  status (open / closed) kept beside it. Closed is never "solved": that is outcome class A, a field
  of its own (:attr:`Followup.outcome`), and reports count solved cases from it alone.
- :class:`Step` is one thing a clerk did (transfer, reply, survey, …) with its data; :func:`apply_step`
  checks the step against the case's state and the rules and returns the new :class:`Followup`.
  The store writes the new follow-up and the step together, so a case is always the result of its
  steps (each step records the state before and after it).
- Deadlines come from :class:`FollowupRules` (defaults from the domain brief; every value is
  configuration because places differ) and a working-day test (调休 included) from the calendar.
  Overdue is derived from the due date, never stored.

Step data holds no personal values: units, dates, outcome classes, deputies' names and the clerk's
notes about the handling. A visitor's name or phone never goes into a step.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from reception_tui.domain.errors import FieldError, StateError, ValidationFailed

WorkingDayTest = Callable[[date], bool]
E = TypeVar("E", bound=StrEnum)


class CaseState(StrEnum):
    """Where a case stands (the detailed state; wording per language in the message catalogue)."""

    AWAITING_TRANSFER = "awaiting_transfer"  # 待交办
    TRANSFERRED = "transferred"  # 已交办
    RETURNED = "returned"  # 已退回
    EXTENDED = "extended"  # 已延期
    REPLIED = "replied"  # 已答复
    COPIED = "copied"  # 已抄送代表
    INFORMED = "informed"  # 已反馈选民
    SURVEYED = "surveyed"  # 已测评
    REHANDLING = "rehandling"  # 重办
    SETTLED = "settled"  # 待办结: disposed of on the spot or redirected at the desk (the light path)
    CLOSED = "closed"  # 已办结


class CaseStatus(StrEnum):
    """The coarse machine status."""

    OPEN = "open"
    CLOSED = "closed"


class CaseKind(StrEnum):
    """How the desk disposed of the issue: decides the path the case follows."""

    TRANSFER = "transfer"  # 需转办: the full path through a unit's reply
    SUGGESTION = "suggestion"  # 代表建议: the full path, with the suggestion's limits
    EXPLAINED = "explained"  # 当场解释: the light path
    REDIRECTED = "redirected"  # 引导: the light path
    UNDECIDED = "undecided"  # no disposition recorded at the desk: the office transfers it or closes it


class StepKind(StrEnum):
    """What a clerk can do to a case."""

    TRANSFER = "transfer"  # 交办 (also the re-transfer after a return)
    RETURN = "return"  # 退回: the unit says it is not its duty
    EXTEND = "extend"  # 延期
    REPLY = "reply"  # 答复
    COPY = "copy"  # 抄送代表
    INFORM = "inform"  # 反馈选民 (a deputy answered the voter)
    SURVEY = "survey"  # 测评
    REHANDLE = "rehandle"  # 重办 after 不满意
    CLOSE = "close"  # 办结
    REOPEN = "reopen"  # an audited correction of a closure


class Outcome(StrEnum):
    """The outcome class of a reply (办理结果分类). Only A counts as solved."""

    A = "A"  # 已经解决或基本解决
    B = "B"  # 正在解决或已列入计划逐步解决
    C = "C"  # 因条件限制或其他原因需以后解决
    D = "D"  # 留作参考


class Satisfaction(StrEnum):
    """The voter's verdict in a survey (测评)."""

    SATISFIED = "satisfied"  # 满意
    BASICALLY = "basically"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


class FeedbackChannel(StrEnum):
    """How a deputy answered the voter (代表分片区答复选民)."""

    PHONE = "phone"
    VISIT = "visit"
    LETTER = "letter"
    RECEPTION_DAY = "reception_day"


class LimitKind(StrEnum):
    """How a time limit is counted (the same three ways as a transfer target's reply limit)."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"


@dataclass(frozen=True)
class Limit:
    """A time limit: ``amount`` units counted from a start day."""

    amount: int
    kind: LimitKind

    def due(self, start: date, is_working_day: WorkingDayTest) -> date:
        """The last day of the limit counted from ``start`` (the start day itself does not count)."""
        if self.kind is LimitKind.MONTHS:
            return add_months(start, self.amount)
        if self.kind is LimitKind.CALENDAR_DAYS:
            return start + timedelta(days=self.amount)
        return add_working_days(start, self.amount, is_working_day)


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def add_working_days(start: date, count: int, is_working_day: WorkingDayTest) -> date:
    """The ``count``-th working day after ``start`` (weekends and holidays skipped, 调休 days counted).

    A calendar with no working day for a year on end is a broken calendar, not a long holiday:
    ``ValueError`` rather than a search without end."""
    day, counted, idle = start, 0, 0
    while counted < count:
        day += timedelta(days=1)
        if is_working_day(day):
            counted, idle = counted + 1, 0
        else:
            idle += 1
            if idle > 366:
                raise ValueError(f"no working day in the year after {day - timedelta(days=idle)}")
    return day


def working_days_between(start: date, end: date, is_working_day: WorkingDayTest) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``):
    the reply time of a case transferred on ``start`` and answered on ``end``."""
    if end <= start:
        return 0
    return sum(1 for offset in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=offset)))


@dataclass(frozen=True)
class FollowupRules:
    """The follow-up rules of an office: defaults from the domain brief, each one configurable."""

    suggestion_limit: Limit = Limit(3, LimitKind.MONTHS)
    """A deputy's suggestion: 3 months from transfer ..."""
    suggestion_longest: Limit = Limit(6, LimitKind.MONTHS)
    """... extendable once, to at most 6 months from transfer."""
    rehandle_limit: Limit = Limit(1, LimitKind.MONTHS)
    """Re-handling after 不满意."""
    return_limit: Limit = Limit(7, LimitKind.WORKING_DAYS)
    """A unit that is not responsible returns the case within this limit (退办)."""
    due_soon_working_days: int = 3
    """A case due within this many working days is on the "due soon" list."""
    extensions_per_round: int = 1
    """How many times a case may be extended in one handling round."""


@dataclass(frozen=True)
class Followup:
    """The office's follow-up fields of one case: what the steps made of it.

    ``round`` counts handling rounds: 1 for the first transfer, +1 for each re-handling. ``surveyed_round``
    is the round the last survey belongs to (a case is surveyed once per round).
    """

    kind: CaseKind
    anonymous: bool
    state: CaseState
    unit: str = ""
    """The code of the unit that holds the case (承办单位), from the site config's transfer targets."""
    slip_number: str = ""
    transferred_on: date | None = None
    due_on: date | None = None
    extensions: int = 0
    replied_on: date | None = None
    outcome: Outcome | None = None
    copied_on: date | None = None
    informed_on: date | None = None
    satisfaction: Satisfaction | None = None
    surveyed_round: int = 0
    round: int = 0
    closed_on: date | None = None

    @property
    def status(self) -> CaseStatus:
        """The coarse machine status."""
        return CaseStatus.CLOSED if self.state is CaseState.CLOSED else CaseStatus.OPEN

    @property
    def solved(self) -> bool:
        """Solved means outcome class A, whatever the state (a closed case is not a solved one)."""
        return self.outcome is Outcome.A

    def is_waiting_for_unit(self) -> bool:
        """Transferred, extended or re-handled, no reply yet: the states a due date runs in."""
        return self.state in WAITING_FOR_UNIT

    def is_overdue(self, today: date) -> bool:
        """Past its due date while a unit holds it (derived, never stored)."""
        return self.is_waiting_for_unit() and self.due_on is not None and self.due_on < today

    def is_due_soon(self, today: date, rules: FollowupRules, is_working_day: WorkingDayTest) -> bool:
        """Due today or within the rules' "due soon" working days, and not overdue."""
        if not self.is_waiting_for_unit() or self.due_on is None or self.due_on < today:
            return False
        return self.due_on <= add_working_days(today, rules.due_soon_working_days, is_working_day)

    def is_waiting_for_survey(self) -> bool:
        """The voter has been answered (or the case was settled at the desk) and no survey of this
        round exists yet; anonymous visitors are never surveyed."""
        if self.anonymous:
            return False
        return self.state in (CaseState.INFORMED, CaseState.SETTLED) and self.surveyed_round < max(self.round, 1)


WAITING_FOR_UNIT = frozenset({CaseState.TRANSFERRED, CaseState.EXTENDED, CaseState.REHANDLING})


def initial_followup(kind: CaseKind, anonymous: bool) -> Followup:
    """The follow-up of a case just imported: transfers and suggestions wait for transfer; issues
    settled at the desk wait for closure (with an optional call-back survey)."""
    light = kind in (CaseKind.EXPLAINED, CaseKind.REDIRECTED)
    return Followup(kind=kind, anonymous=anonymous, state=CaseState.SETTLED if light else CaseState.AWAITING_TRANSFER)


@dataclass(frozen=True)
class Step:
    """One thing a clerk did to a case, with its data (no personal values).

    ``data`` keys by kind (dates as ``date``; the store writes them as ISO text):

    - transfer: ``unit`` (code), ``slip_number``, ``on``; ``due`` optional (else computed)
    - return: ``on``, ``reason``
    - extend: ``on``, ``reason``, ``due`` (the new due date)
    - reply: ``on``, ``outcome`` (A-D), ``summary``; ``document_sha256``, ``document_name`` optional
    - copy: ``on``, ``deputies`` (names)
    - inform: ``on``, ``deputy``, ``channel``
    - survey: ``on``, ``satisfaction``, ``note``
    - rehandle: ``on``, ``unit`` (the same or another), ``reason``; ``due`` optional (else the rules' limit)
    - close: ``on``, ``note``
    - reopen: ``on``, ``reason``
    """

    kind: StepKind
    clerk: str
    at: datetime
    data: Mapping[str, Any] = field(default_factory=dict)


ALLOWED_FROM: dict[StepKind, frozenset[CaseState]] = {
    StepKind.TRANSFER: frozenset({CaseState.AWAITING_TRANSFER, CaseState.RETURNED}),
    StepKind.RETURN: frozenset(WAITING_FOR_UNIT),
    StepKind.EXTEND: frozenset(WAITING_FOR_UNIT),
    StepKind.REPLY: frozenset(WAITING_FOR_UNIT),
    StepKind.COPY: frozenset({CaseState.REPLIED}),
    StepKind.INFORM: frozenset({CaseState.COPIED}),
    StepKind.SURVEY: frozenset({CaseState.INFORMED, CaseState.SETTLED}),
    StepKind.REHANDLE: frozenset({CaseState.SURVEYED}),
    StepKind.CLOSE: frozenset(
        {
            CaseState.AWAITING_TRANSFER,  # only an undecided case (nothing to transfer): see _check_close
            CaseState.REPLIED,  # anonymous visitors: no one to copy for or answer
            CaseState.COPIED,  # anonymous visitors
            CaseState.INFORMED,  # the voter cannot be reached for a survey: a note says why
            CaseState.SURVEYED,
            CaseState.SETTLED,
        }
    ),
    StepKind.REOPEN: frozenset({CaseState.CLOSED}),
}
"""The states each step may start from (further conditions in :func:`apply_step`)."""


def next_steps(followup: Followup, rules: FollowupRules | None = None) -> tuple[StepKind, ...]:
    """The steps the case's state allows, in the order a clerk meets them (for menus and keys).

    ``rules`` (default: the brief's defaults) decide how many extensions a round allows."""
    rules = rules or FollowupRules()
    return tuple(kind for kind in StepKind if _allowed(followup, kind, rules))


def _allowed(followup: Followup, kind: StepKind, rules: FollowupRules) -> bool:
    if followup.state not in ALLOWED_FROM[kind]:
        return False
    if kind in (StepKind.INFORM, StepKind.SURVEY) and followup.anonymous:
        return False
    if kind is StepKind.REHANDLE:
        return followup.satisfaction is Satisfaction.UNSATISFIED
    if kind is StepKind.SURVEY:
        return followup.surveyed_round < max(followup.round, 1)
    if kind is StepKind.EXTEND:
        # A suggestion is extendable once (the brief); every case at most rules.extensions_per_round times.
        most = rules.extensions_per_round
        if followup.kind is CaseKind.SUGGESTION:
            most = min(most, 1)
        return followup.extensions < most
    if kind is StepKind.CLOSE:
        return _close_allowed(followup)
    return True


def _close_allowed(followup: Followup) -> bool:
    if followup.state is CaseState.AWAITING_TRANSFER:
        return followup.kind is CaseKind.UNDECIDED
    if followup.state in (CaseState.REPLIED, CaseState.COPIED):
        return followup.anonymous
    return True


def apply_step(
    followup: Followup,
    step: Step,
    *,
    rules: FollowupRules,
    unit_limit: Callable[[str], Limit | None],
    is_working_day: WorkingDayTest,
) -> Followup:
    """The case's follow-up after ``step``; :class:`StateError` when the state does not allow the step,
    :class:`ValidationFailed` naming each wrong field.

    ``unit_limit(code)``: the reply limit of a unit (from the site config's transfer targets), or None
    for an unknown unit.
    """
    if not _allowed(followup, step.kind, rules):
        raise StateError("followup.error.not_now", step=step.kind.value, state=followup.state.value)
    data = step.data
    errors: list[FieldError] = []
    on = _day(data, "on", errors)
    if on is not None and on > step.at.date():
        errors.append(FieldError("on", "followup.error.future", day=on.isoformat()))
    handler = _HANDLERS[step.kind]
    result = handler(followup, data, on, errors, rules, unit_limit, is_working_day)
    if errors or result is None:
        raise ValidationFailed(errors)
    return result


_Handler = Callable[
    [Followup, Mapping[str, Any], "date | None", list[FieldError], FollowupRules, Callable[[str], "Limit | None"],
     WorkingDayTest],
    "Followup | None",
]  # fmt: skip


def _transfer(
    f: Followup, data: Mapping[str, Any], on: date | None, errors: list[FieldError], rules: FollowupRules,
    unit_limit: Callable[[str], Limit | None], is_working_day: WorkingDayTest,
) -> Followup | None:  # fmt: skip
    unit = _text(data, "unit", errors)
    slip = _text(data, "slip_number", errors)
    limit = unit_limit(unit) if unit else None
    if unit and limit is None:
        errors.append(FieldError("unit", "followup.error.unknown_unit", unit=unit))
    if f.kind is CaseKind.SUGGESTION:
        limit = rules.suggestion_limit
    due = _optional_day(data, "due", errors)
    if errors or on is None or limit is None:
        return None
    _not_before(on, f.transferred_on, errors)  # a re-transfer after a return comes after the first transfer
    if errors:
        return None
    due = due or limit.due(on, is_working_day)
    if due < on:
        errors.append(FieldError("due", "followup.error.due_before", day=due.isoformat(), start=on.isoformat()))
        return None
    return replace(
        f, state=CaseState.TRANSFERRED, unit=unit, slip_number=slip, transferred_on=on, due_on=due,
        round=max(f.round, 1), extensions=0,
    )  # fmt: skip


def _return(
    f: Followup, data: Mapping[str, Any], on: date | None, errors: list[FieldError], rules: FollowupRules,
    unit_limit: Callable[[str], Limit | None], is_working_day: WorkingDayTest,
) -> Followup | None:  # fmt: skip
    _text(data, "reason", errors)
    if errors or on is None:
        return None
    _not_before(on, f.transferred_on, errors)
    return None if errors else replace(f, state=CaseState.RETURNED, due_on=None)


def _extend(
    f: Followup, data: Mapping[str, Any], on: date | None, errors: list[FieldError], rules: FollowupRules,
    unit_limit: Callable[[str], Limit | None], is_working_day: WorkingDayTest,
) -> Followup | None:  # fmt: skip
    _text(data, "reason", errors)
    due = _day(data, "due", errors)
    if errors or on is None or due is None:
        return None
    _not_before(on, f.transferred_on, errors)
    if f.due_on is not None and on > f.due_on:
        errors.append(FieldError("on", "followup.error.extend_late", due=f.due_on.isoformat()))
    if f.due_on is not None and due <= f.due_on:
        errors.append(FieldError("due", "followup.error.extend_not_later", due=f.due_on.isoformat()))
    if f.kind is CaseKind.SUGGESTION and f.transferred_on is not None:
        longest = rules.suggestion_longest.due(f.transferred_on, is_working_day)
        if due > longest:
            errors.append(FieldError("due", "followup.error.extend_too_far", longest=longest.isoformat()))
    return None if errors else replace(f, state=CaseState.EXTENDED, due_on=due, extensions=f.extensions + 1)


def _reply(
    f: Followup, data: Mapping[str, Any], on: date | None, errors: list[FieldError], rules: FollowupRules,
    unit_limit: Callable[[str], Limit | None], is_working_day: WorkingDayTest,
) -> Followup | None:  # fmt: skip
    outcome = _choice(data, "outcome", Outcome, errors)
    _text(data, "summary", errors)
    if errors or on is None or outcome is None:
        return None
    _not_before(on, f.transferred_on, errors)
    if errors:
        return None
    return replace(f, state=CaseState.REPLIED, replied_on=on, outcome=outcome)


def _copy(
    f: Followup, data: Mapping[str, Any], on: date | None, errors: list[FieldError], rules: FollowupRules,
    unit_limit: Callable[[str], Limit | None], is_working_day: WorkingDayTest,
) -> Followup | None:  # fmt: skip
    deputies = data.get("deputies")
    if not isinstance(deputies, list | tuple) or not deputies or not all(isinstance(d, str) and d for d in deputies):
        errors.append(FieldError("deputies", "followup.error.required"))
    if errors or on is None:
        return None
    _not_before(on, f.replied_on, errors)
    return None if errors else replace(f, state=CaseState.COPIED, copied_on=on)


def _inform(
    f: Followup, data: Mapping[str, Any], on: date | None, errors: list[FieldError], rules: FollowupRules,
    unit_limit: Callable[[str], Limit | None], is_working_day: WorkingDayTest,
) -> Followup | None:  # fmt: skip
    _text(data, "deputy", errors)
    _choice(data, "channel", FeedbackChannel, errors)
    if errors or on is None:
        return None
    _not_before(on, f.copied_on, errors)
    return None if errors else replace(f, state=CaseState.INFORMED, informed_on=on)


def _survey(
    f: Followup, data: Mapping[str, Any], on: date | None, errors: list[FieldError], rules: FollowupRules,
    unit_limit: Callable[[str], Limit | None], is_working_day: WorkingDayTest,
) -> Followup | None:  # fmt: skip
    verdict = _choice(data, "satisfaction", Satisfaction, errors)
    if verdict is Satisfaction.UNSATISFIED:
        _text(data, "note", errors)  # 不满意 says why: it decides whether the case is handled again
    if errors or on is None or verdict is None:
        return None
    _not_before(on, f.informed_on, errors)
    if errors:
        return None
    return replace(f, state=CaseState.SURVEYED, satisfaction=verdict, surveyed_round=max(f.round, 1))


def _rehandle(
    f: Followup, data: Mapping[str, Any], on: date | None, errors: list[FieldError], rules: FollowupRules,
    unit_limit: Callable[[str], Limit | None], is_working_day: WorkingDayTest,
) -> Followup | None:  # fmt: skip
    unit = _text(data, "unit", errors)
    _text(data, "reason", errors)
    if unit and unit_limit(unit) is None:
        errors.append(FieldError("unit", "followup.error.unknown_unit", unit=unit))
    due = _optional_day(data, "due", errors)
    if errors or on is None:
        return None
    _not_before(on, _latest(f), errors)
    if errors:
        return None
    due = due or rules.rehandle_limit.due(on, is_working_day)
    if due < on:
        errors.append(FieldError("due", "followup.error.due_before", day=due.isoformat(), start=on.isoformat()))
        return None
    return replace(
        f, state=CaseState.REHANDLING, unit=unit, transferred_on=on, due_on=due, round=max(f.round, 1) + 1,
        extensions=0, replied_on=None, outcome=None, copied_on=None, informed_on=None, satisfaction=None,
    )  # fmt: skip


def _close(
    f: Followup, data: Mapping[str, Any], on: date | None, errors: list[FieldError], rules: FollowupRules,
    unit_limit: Callable[[str], Limit | None], is_working_day: WorkingDayTest,
) -> Followup | None:  # fmt: skip
    if f.state in (CaseState.INFORMED, CaseState.AWAITING_TRANSFER) or (
        f.state is CaseState.SURVEYED and f.satisfaction is Satisfaction.UNSATISFIED
    ):
        _text(data, "note", errors)  # closing without a survey, or despite 不满意, says why
    if errors or on is None:
        return None
    _not_before(on, _latest(f), errors)
    return None if errors else replace(f, state=CaseState.CLOSED, closed_on=on)


def _reopen(
    f: Followup, data: Mapping[str, Any], on: date | None, errors: list[FieldError], rules: FollowupRules,
    unit_limit: Callable[[str], Limit | None], is_working_day: WorkingDayTest,
) -> Followup | None:  # fmt: skip
    _text(data, "reason", errors)
    previous = _choice(data, "back_to", CaseState, errors)
    if previous is CaseState.CLOSED:
        errors.append(FieldError("back_to", "followup.error.bad_choice", value=previous.value))
    if errors or previous is None or on is None:
        return None
    _not_before(on, f.closed_on, errors)
    return None if errors else replace(f, state=previous, closed_on=None)


_HANDLERS: dict[StepKind, _Handler] = {
    StepKind.TRANSFER: _transfer,
    StepKind.RETURN: _return,
    StepKind.EXTEND: _extend,
    StepKind.REPLY: _reply,
    StepKind.COPY: _copy,
    StepKind.INFORM: _inform,
    StepKind.SURVEY: _survey,
    StepKind.REHANDLE: _rehandle,
    StepKind.CLOSE: _close,
    StepKind.REOPEN: _reopen,
}


def replay(
    start: Followup,
    steps: list[tuple[Step, CaseState]],
    *,
    rules: FollowupRules,
    unit_limit: Callable[[str], Limit | None],
    is_working_day: WorkingDayTest,
) -> Followup:
    """Apply stored steps again from the initial follow-up (a check that a case is its steps).

    Each stored step carries the state it led to; a reopen's ``back_to`` is that state's predecessor
    and is in its data, so replay needs nothing else."""
    current = start
    for step, _after in steps:
        current = apply_step(current, step, rules=rules, unit_limit=unit_limit, is_working_day=is_working_day)
    return current


def _latest(f: Followup) -> date | None:
    """The last date the follow-up records (a closure or a re-handling comes after it)."""
    days = [day for day in (f.transferred_on, f.replied_on, f.copied_on, f.informed_on) if day is not None]
    return max(days, default=None)


# -- field readers ---------------------------------------------------------------------------------


def _text(data: Mapping[str, Any], name: str, errors: list[FieldError]) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        errors.append(FieldError(name, "followup.error.required"))
        return ""
    return value.strip()


def _day(data: Mapping[str, Any], name: str, errors: list[FieldError]) -> date | None:
    value = data.get(name)
    if value is None or value == "":
        errors.append(FieldError(name, "followup.error.required"))
        return None
    return _parse_day(value, name, errors)


def _optional_day(data: Mapping[str, Any], name: str, errors: list[FieldError]) -> date | None:
    value = data.get(name)
    return None if value is None or value == "" else _parse_day(value, name, errors)


def _parse_day(value: Any, name: str, errors: list[FieldError]) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    errors.append(FieldError(name, "followup.error.bad_date", value=str(value)[:40]))
    return None


def _choice(data: Mapping[str, Any], name: str, kind: type[E], errors: list[FieldError]) -> E | None:
    value = data.get(name)
    if value is None or value == "":
        errors.append(FieldError(name, "followup.error.required"))
        return None
    try:
        return kind(value)
    except ValueError:
        errors.append(FieldError(name, "followup.error.bad_choice", value=str(value)[:40]))
        return None


def _not_before(on: date, earlier: date | None, errors: list[FieldError]) -> None:
    if earlier is not None and on < earlier:
        problem = FieldError("on", "followup.error.before_previous", day=on.isoformat(), previous=earlier.isoformat())
        errors.append(problem)
