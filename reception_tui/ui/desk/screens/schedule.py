"""The 日程 screen: coming reception days, who is on duty, when each notice goes up, and the notice itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from reception_tui.calendar import (
    CalendarError,
    DutyDay,
    WorkingDays,
    YearPlan,
    notice_written,
    plan_year,
    upcoming_reception_days,
    weekday_label,
    working_days,
    write_notice_files,
)
from reception_tui.i18n import language, t
from reception_tui.ui.desk import actions as desk_actions
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.services import AppServices
from reception_tui.ui.shared.text import literal, literal_cell
from reception_tui.ui.shared.widgets.key_footer import KeyFooter

UPCOMING = 12
DUE_STYLE = "bold black on yellow"
OVERDUE_STYLE = "bold white on red"
DONE_STYLE = "green"


class NoticeWritten(Message):
    """A notice worker finished: the files it wrote, or why it could not."""

    def __init__(self, day: date, paths: list[Path], error: str = "") -> None:
        super().__init__()
        self.day = day
        self.paths = paths
        self.error = error


@dataclass(frozen=True)
class NoticeState:
    """How a day's notice stands today."""

    key: str
    """``written``, ``due`` (goes up today), ``overdue`` or ``""`` (not yet)."""

    @property
    def label(self) -> Text:
        """The note shown in the table; a due or overdue notice stands out."""
        if self.key == "written":
            return Text(t("calendar.ui.notice_written"), style=DONE_STYLE)
        if self.key == "due":
            return Text(t("calendar.ui.notice_today"), style=DUE_STYLE)
        if self.key == "overdue":
            return Text(t("calendar.ui.notice_overdue"), style=OVERDUE_STYLE)
        return Text("")


class ScheduleScreen(Screen[None]):
    """Coming reception days with their rota and notice dates; writes notices and opens the desk."""

    DEFAULT_CSS = """
    ScheduleScreen #calendar-estimate { color: $warning; padding: 0 1; }
    ScheduleScreen #calendar-quota { color: $text-muted; padding: 0 1; }
    ScheduleScreen #calendar-days { height: 1fr; }
    ScheduleScreen .hidden { display: none; }
    """

    ACTIONS: ClassVar[tuple[Action, ...]] = desk_actions.SCHEDULE
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, services: AppServices, today: date | None = None) -> None:
        super().__init__()
        localise(self)
        self.services = services
        self._today = today
        self.duties: dict[str, DutyDay] = {}

    @property
    def today(self) -> date:
        """The date in the site's time zone (fixed when the screen was given one, as in tests)."""
        return self._today or self.services.today()

    def compose(self) -> ComposeResult:
        """Header, estimate warning, the days table, the quota line, footer."""
        yield Header()
        yield Static(id="calendar-estimate", classes="hidden")
        yield DataTable(id="calendar-days", cursor_type="row", zebra_stripes=True)
        yield Static(id="calendar-quota")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Build the table's columns and fill it."""
        self.sub_title = t("calendar.ui.title")
        table = self.query_one("#calendar-days", DataTable)
        for key in ("date", "weekday", "time", "deputies", "notice", "note"):
            table.add_column(t(f"calendar.ui.col.{key}"), key=key)
        self.action_refresh()
        table.focus()

    # -- filling -------------------------------------------------------------------------------

    def notice_state(self, duty: DutyDay) -> NoticeState:
        """Whether the day's notice is written, goes up today, or is overdue."""
        if notice_written(self.services.data_folder.root, self.services.config, duty):
            return NoticeState("written")
        notice_date, today = duty.reception.notice_date, self.today
        if notice_date == today:
            return NoticeState("due")
        if notice_date < today:
            return NoticeState("overdue")
        return NoticeState("")

    def _note(self, duty: DutyDay, calendar: WorkingDays) -> Text:
        reception = duty.reception
        parts: list[Text] = []
        state = self.notice_state(duty).label
        if state.plain:
            parts.append(state)
        if calendar.status(reception.day).adjusted:
            parts.append(Text(t("calendar.ui.adjusted_workday")))
        if duty.missing:
            parts.append(Text(t("calendar.ui.missing", count=duty.missing), style="bold red"))
        if reception.estimated:
            parts.append(Text(t("calendar.ui.estimated"), style="italic"))
        if reception.shifted_from:
            nominal = f"{reception.shifted_from:%m-%d}"
            parts.append(literal_cell(t("calendar.ui.shifted", nominal=nominal, reason=reception.reason)))
        return Text(" · ").join(parts)

    def action_refresh(self) -> None:
        """Recompute the coming days, their rota and notice states."""
        config = self.services.config
        table = self.query_one("#calendar-days", DataTable)
        selected = self.selected_day()
        table.clear()
        self.duties.clear()
        calendar = working_days(config)
        try:
            coming = upcoming_reception_days(config.reception, self.today, calendar, UPCOMING)
            years = sorted({r.nominal.year for r in coming})
            plans = {year: plan_year(config, year, calendar) for year in years}
        except CalendarError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        lang = language()
        for reception in coming:
            duty = plans[reception.nominal.year].rota.on(reception.day) or DutyDay(reception, ())
            key = reception.day.isoformat()
            self.duties[key] = duty
            names = "、".join(deputy.name for deputy in duty.deputies)
            table.add_row(
                literal_cell(key), literal_cell(weekday_label(reception.day, lang)),
                f"{reception.start:%H:%M}-{reception.end:%H:%M}", literal_cell(names),
                literal_cell(reception.notice_date.isoformat()), self._note(duty, calendar), key=key,
            )
        if not coming:
            self.notify(t("calendar.ui.none"), severity="warning", markup=False)
        if selected is not None and selected.isoformat() in self.duties:
            table.move_cursor(row=table.get_row_index(selected.isoformat()))
        self._show_estimate(list(plans.values()))
        self._show_quota(plans.get(self.today.year) or next(iter(plans.values()), None))

    def _show_estimate(self, plans: list[YearPlan]) -> None:
        warning = self.query_one("#calendar-estimate", Static)
        years = sorted({year for plan in plans for year in plan.estimated_years})
        if not years:
            warning.add_class("hidden")
            return
        warning.update(literal(t("calendar.estimate.warning", years="、".join(map(str, years)))))
        warning.remove_class("hidden")

    def _show_quota(self, plan: YearPlan | None) -> None:
        line = self.query_one("#calendar-quota", Static)
        if plan is None:
            line.update("")
            return
        below = [f"{q.deputy.name}({q.count}/{q.quota})" for q in plan.quota_lines if q.below_quota]
        key = "calendar.ui.quota_line" if below else "calendar.ui.quota_ok"
        line.update(literal(t(key, year=plan.year, names="、".join(below))))

    # -- actions -------------------------------------------------------------------------------

    def selected_day(self) -> date | None:
        """The reception day under the cursor."""
        table = self.query_one("#calendar-days", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return date.fromisoformat(str(row_key.value)) if row_key.value else None

    def action_write_notice(self) -> None:
        """Write the selected day's notice (PDF and text) to the data folder, in a worker."""
        day = self.selected_day()
        if day is None:
            self.notify(t("calendar.ui.no_selection"), severity="warning", markup=False)
            return
        self.notify(t("calendar.ui.writing", day=day.isoformat()), markup=False)
        self._write_notice(self.duties[day.isoformat()])

    @work(thread=True, exclusive=True, group="calendar-notice")
    def _write_notice(self, duty: DutyDay) -> None:
        """Render and write the files off the UI thread; report back by message only."""
        try:
            paths = write_notice_files(self.services.data_folder.root, self.services.config, duty)
        except OSError as error:
            self.post_message(NoticeWritten(duty.reception.day, [], error.strerror or type(error).__name__))
            return
        self.post_message(NoticeWritten(duty.reception.day, paths))

    @on(NoticeWritten)
    def _notice_written(self, message: NoticeWritten) -> None:
        if message.error:
            self.notify(t("calendar.ui.write_failed", reason=message.error), severity="error", markup=False)
            return
        self.notify(t("calendar.ui.written", path=message.paths[0]), markup=False)
        self.action_refresh()

    def action_open_desk(self) -> None:
        """Open the desk for the selected reception day, when the desk is installed."""
        day = self.selected_day()
        if day is None:
            self.notify(t("calendar.ui.no_selection"), severity="warning", markup=False)
            return
        open_desk = getattr(self.app, "action_open_desk", None)
        if open_desk is None:
            self.notify(t("calendar.ui.desk_unavailable"), severity="warning", markup=False)
            return
        open_desk(day)

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()
