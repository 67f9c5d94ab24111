"""Reception calendar: working days in China, the year's reception days, the duty rota and the public notice.

Plain Python plus the ``holidays`` package (statutory holidays and 调休 for CN) and reportlab for
the PDF; no Textual. The desk takes :func:`make_working_day_test` for reply dates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reception_tui.lazy import lazy_exports

if TYPE_CHECKING:
    from reception_tui.calendar.notice import Notice, build_notice, level_label, render_markdown, render_text
    from reception_tui.calendar.notice_files import (
        FORMATS,
        notice_path,
        notice_written,
        render_notice,
        write_notice_files,
    )
    from reception_tui.calendar.plan import YearPlan, duty_for, make_working_day_test, plan_year, working_days
    from reception_tui.calendar.rota import DutyDay, QuotaLine, Rota, assign_rota
    from reception_tui.calendar.schedule import (
        CalendarError,
        ReceptionDay,
        find_reception_day,
        nearest_reception_day,
        reception_days,
        upcoming_reception_days,
        weekday_label,
    )
    from reception_tui.calendar.workdays import DayStatus, WorkingDays

_LAZY = {
    "Notice": "reception_tui.calendar.notice",
    "build_notice": "reception_tui.calendar.notice",
    "level_label": "reception_tui.calendar.notice",
    "render_markdown": "reception_tui.calendar.notice",
    "render_text": "reception_tui.calendar.notice",
    "FORMATS": "reception_tui.calendar.notice_files",
    "notice_path": "reception_tui.calendar.notice_files",
    "notice_written": "reception_tui.calendar.notice_files",
    "render_notice": "reception_tui.calendar.notice_files",
    "write_notice_files": "reception_tui.calendar.notice_files",
    "YearPlan": "reception_tui.calendar.plan",
    "duty_for": "reception_tui.calendar.plan",
    "make_working_day_test": "reception_tui.calendar.plan",
    "plan_year": "reception_tui.calendar.plan",
    "working_days": "reception_tui.calendar.plan",
    "DutyDay": "reception_tui.calendar.rota",
    "QuotaLine": "reception_tui.calendar.rota",
    "Rota": "reception_tui.calendar.rota",
    "assign_rota": "reception_tui.calendar.rota",
    "CalendarError": "reception_tui.calendar.schedule",
    "ReceptionDay": "reception_tui.calendar.schedule",
    "find_reception_day": "reception_tui.calendar.schedule",
    "nearest_reception_day": "reception_tui.calendar.schedule",
    "reception_days": "reception_tui.calendar.schedule",
    "upcoming_reception_days": "reception_tui.calendar.schedule",
    "weekday_label": "reception_tui.calendar.schedule",
    "DayStatus": "reception_tui.calendar.workdays",
    "WorkingDays": "reception_tui.calendar.workdays",
}
"""Names imported from their modules on first use, so that loading the package costs nothing it does not need."""

__all__ = [
    "FORMATS",
    "CalendarError",
    "DayStatus",
    "DutyDay",
    "Notice",
    "QuotaLine",
    "ReceptionDay",
    "Rota",
    "WorkingDays",
    "YearPlan",
    "assign_rota",
    "build_notice",
    "duty_for",
    "find_reception_day",
    "level_label",
    "make_working_day_test",
    "nearest_reception_day",
    "notice_path",
    "notice_written",
    "plan_year",
    "reception_days",
    "render_markdown",
    "render_notice",
    "render_text",
    "upcoming_reception_days",
    "weekday_label",
    "working_days",
    "write_notice_files",
]


__getattr__ = lazy_exports(__name__, _LAZY, globals())
