"""Reception calendar: working days in China, the year's reception days, the duty rota and the public notice.

Plain Python plus the ``holidays`` package (statutory holidays and 调休 for CN) and reportlab for
the PDF; no Textual. The desk takes :func:`make_working_day_test` for reply dates.
"""

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
