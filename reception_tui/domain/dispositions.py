"""Building a checked disposition from the form, and the expected reply date of a transfer."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from reception_tui.domain.errors import FieldError, ValidationFailed
from reception_tui.domain.models import (
    DeputySuggestion,
    Disposition,
    DispositionKind,
    ExplainedOnSpot,
    Redirected,
    Transfer,
)
from reception_tui.domain.site import LimitUnit, SiteConfig, TransferTarget
from reception_tui.domain.text import clean_text

WorkingDayTest = Callable[[date], bool]


def weekdays_only(day: date) -> bool:
    """The fallback working-day test: Monday to Friday (the calendar package knows holidays)."""
    return day.weekday() < 5


@dataclass
class DispositionInput:
    """The disposition form as typed; only the fields of the chosen kind are read."""

    kind: DispositionKind
    explanation: str = ""
    explained_by: str = ""
    target_code: str = ""
    deputy: str = ""
    motion: bool = False
    channel: str = ""
    directed_to: str = ""
    note: str = ""


def check_disposition(data: DispositionInput, config: SiteConfig) -> Disposition:
    """Validate the disposition form; raises :class:`ValidationFailed` naming the missing details."""
    errors: list[FieldError] = []
    deputies = {d.name for d in config.deputies}
    note = clean_text(data.note, multiline=True)
    result: Disposition | None = None
    if data.kind is DispositionKind.EXPLAINED:
        explanation = clean_text(data.explanation, multiline=True)
        explained_by = clean_text(data.explained_by)
        if not explanation:
            errors.append(FieldError("explanation", "field.required"))
        if not explained_by:
            errors.append(FieldError("explained_by", "field.required"))
        result = ExplainedOnSpot(explanation=explanation, explained_by=explained_by)
    elif data.kind is DispositionKind.TRANSFER:
        try:
            target = config.target(clean_text(data.target_code))
        except KeyError:
            errors.append(FieldError("target_code", "field.choice_unknown" if data.target_code else "field.required"))
        else:
            result = Transfer(target_code=target.code, target_name=target.name, note=note)
    elif data.kind is DispositionKind.SUGGESTION:
        deputy = clean_text(data.deputy)
        if not deputy:
            errors.append(FieldError("deputy", "field.required"))
        elif deputy not in deputies:
            errors.append(FieldError("deputy", "field.choice_unknown"))
        result = DeputySuggestion(deputy=deputy, motion=data.motion, note=note)
    else:
        channel = clean_text(data.channel)
        directed_to = clean_text(data.directed_to)
        if not channel:
            errors.append(FieldError("channel", "field.required"))
        if not directed_to:
            errors.append(FieldError("directed_to", "field.required"))
        result = Redirected(channel=channel, directed_to=directed_to)
    if errors or result is None:
        raise ValidationFailed(errors)
    return result


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reply_due(start: date, target: TransferTarget, is_working_day: WorkingDayTest = weekdays_only) -> date:
    """The expected reply date: the target's limit counted from the reception day.

    Working days skip every day ``is_working_day`` refuses (weekends, statutory holidays), and
    count adjusted working days (调休); calendar days and months count plainly.
    """
    if target.reply_unit is LimitUnit.MONTHS:
        return add_months(start, target.reply_limit)
    if target.reply_unit is LimitUnit.CALENDAR_DAYS:
        return start + timedelta(days=target.reply_limit)
    day, counted = start, 0
    while counted < target.reply_limit:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
