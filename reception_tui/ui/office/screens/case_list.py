"""The case list: every imported issue, one page at a time, filtered and searched in the database.

Every store call runs in a thread worker that posts a message; a generation counter drops the result
of a read that a newer one (a key press, a new filter) superseded. A timer asks the store every two
seconds whether anything changed (an import in another process, another clerk's save); only then it
syncs and reads the page again, keeping the cursor on the same case where it can.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from reception_tui.domain.followup import WAITING_FOR_UNIT, CaseState
from reception_tui.i18n import describe, language, t
from reception_tui.office.model import Case, CasePage, CaseQuery, Counts, PageCursor, Seek
from reception_tui.office.words import outcome_label
from reception_tui.ui.office import actions as office_actions
from reception_tui.ui.office.batch import BatchResult, TransferRequest, transfer_batch
from reception_tui.ui.office.list_filters import Filters
from reception_tui.ui.office.services import OfficeServices
from reception_tui.ui.shared.actions import Action, bindings, help_rows, localise
from reception_tui.ui.shared.screens.help import HelpScreen
from reception_tui.ui.shared.text import literal, literal_cell
from reception_tui.ui.shared.widgets.key_footer import KeyFooter

POLL_SECONDS = 2.0
FIXED_ROWS = 5
"""Rows that are not cases: the header, the filter line, the table's header, the page line, the footer."""
SEARCH_COUNT_CAP = 1000
"""A text search stops counting past this many matches (the page line says "1,000+"): counting them all would
mean reading every case again."""
WIDE = 100
"""From this width on, the list shows full due dates and wider unit and category columns."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int


class PageRead(Message):
    """A page and the header counts, read by a worker (``generation`` tells a stale read from the latest)."""

    def __init__(
        self, generation: int, page: CasePage, counts: Counts, version: int, counts_key: tuple[int, date]
    ) -> None:
        super().__init__()
        self.generation = generation
        self.page = page
        self.counts = counts
        self.version = version
        self.counts_key = counts_key


class PollDone(Message):
    """A poll found nothing new (or failed): the next one may start."""

    def __init__(self, error: str = "") -> None:
        super().__init__()
        self.error = error


class ReadFailed(Message):
    """A read failed (the database went away, say): said in one line, the list stays as it was."""

    def __init__(self, generation: int, error: str) -> None:
        super().__init__()
        self.generation = generation
        self.error = error


class TransferDone(Message):
    """A batch transfer finished."""

    def __init__(self, request: TransferRequest, result: BatchResult) -> None:
        super().__init__()
        self.request = request
        self.result = result


class RemindDone(Message):
    """A reminder was written (``path``) or not (``error``: the reason in words)."""

    def __init__(self, path: str = "", error: str = "", *, unit: str = "", count: int = 0, new_due: str = "") -> None:
        super().__init__()
        self.path, self.error, self.unit, self.count, self.new_due = path, error, unit, count, new_due


def fit(text: str, width: int, style: str = "") -> Text:
    """User text for a cell, cut to ``width`` cells with an ellipsis (CJK counted as two, never split)."""
    if cell_len(text) > width:
        kept = ""
        for char in text:
            if cell_len(kept + char) > width - 1:
                break
            kept += char
        text = kept + "…"
    cell = literal_cell(text)
    if style:
        cell.stylize(style)
    return cell


class CaseTable(DataTable[Text], inherit_bindings=False):
    """The cases table: Enter and PgUp/PgDn are the screen's (open a case, turn the page), not the table's."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding
        for binding in DataTable.BINDINGS
        if not (isinstance(binding, Binding) and binding.key in ("enter", "pageup", "pagedown"))
    ]


class CaseListScreen(Screen[None]):
    """The clerk's list of cases."""

    ACTIONS: ClassVar[tuple[Action, ...]] = office_actions.CASE_LIST
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings(ACTIONS),
        ("escape", "leave_search", ""),  # out of the search box, back to the list
    ]

    def __init__(self, services: OfficeServices) -> None:
        super().__init__()
        localise(self)
        self.services = services
        self.filters = Filters()
        self.text = ""
        self.start = 0
        """The position of the page's first case (for "page 3 of 20"; the page itself is read by ``cursor``)."""
        self.cursor: PageCursor | None = None
        """Where the page is read from (keyset paging: its first case, or the case next to it when moving a
        page); None: the first page."""
        self.page_size = 10
        self.page: CasePage | None = None
        self.counts: Counts | None = None
        self.counts_key: tuple[int, date] | None = None
        """(data version, day) the header counts were read at: they do not depend on the filter or the page, so a
        filter change or a page move reads them again only when the store or the day changed."""
        self.marks: dict[str, str] = {}
        """Marked cases: case id -> case number (survive paging and filtering)."""
        self.suggested: dict[str, str] = {}
        """Marked cases still 待交办: case id -> the unit the desk proposed (the batch dialog's default)."""
        self.generation = 0
        self.version: int | None = None
        self.polling = False
        self.poll_timer: Timer | None = None
        self._columns: list[Column] = []
        self._want_case: str | None = None

    # -- layout ------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header line, filter line with the search box, the table, the page line, the keys."""
        yield Static(literal(t("workbench.loading")), id="wb-header")
        with Horizontal(id="wb-filter-line"):
            yield Static(literal(self.filters.summary(self.services)), id="wb-filters")
            yield Input(placeholder=t("workbench.search.placeholder"), id="wb-search", max_length=64, compact=True)
        yield CaseTable(id="wb-cases", cursor_type="row", zebra_stripes=True)
        yield Static("", id="wb-page")
        yield KeyFooter()

    def on_mount(self) -> None:
        """The table has the focus; the first page is read; the poll starts."""
        self.query_one("#wb-cases", DataTable).focus()
        self.page_size = max(1, self.app.size.height - FIXED_ROWS)
        self._set_columns(self.app.size.width)
        self.poll_timer = self.set_interval(POLL_SECONDS, self._poll)
        self.load(sync=True)

    def on_resize(self) -> None:
        """A new size: the page holds as many cases as there are rows; the columns fit the width."""
        size = max(1, self.size.height - FIXED_ROWS)
        width_changed = self._set_columns(self.size.width)
        if size != self.page_size:  # the page keeps its first case (the cursor) and shows more or fewer after it
            self.page_size = size
            self.load()
        elif width_changed and self.page is not None:
            self._render_page()

    def on_screen_resume(self) -> None:
        """Back from a case or a dialog: read again (a step may have changed the case)."""
        if self.page is not None:
            self.load(sync=True)

    def _set_columns(self, width: int) -> bool:
        wide = width >= WIDE
        english = language() == "en"
        extra = max(0, width - WIDE) if wide else 0
        columns = [
            Column("number", t("workbench.col.case_number"), 22),
            Column("visitor", t("workbench.col.visitor"), 7),
            Column("category", t("workbench.col.category"), (14 if wide else 10) + extra // 3),
            Column("unit", t("workbench.col.unit"), (22 if wide else 8 if english else 10) + extra // 3),
            Column("state", t("workbench.col.state"), 8 if english or wide else 6),
            Column("due", t("workbench.col.due" if wide else "workbench.col.due_short"), 11 if wide else 6),
            Column("days", t("workbench.col.days"), 4),
        ]
        if columns == self._columns:
            return False
        self._columns = columns
        table = self.query_one("#wb-cases", DataTable)
        table.clear(columns=True)
        for column in columns:
            table.add_column(fit(column.label, column.width), width=column.width, key=column.key)
        return True

    # -- reading -----------------------------------------------------------------------------------

    def load(self, *, sync: bool = False) -> None:
        """Read the current page (and the counts) in a worker; a newer read supersedes this one."""
        self.generation += 1
        query = self.filters.query(self.services, self.text)
        self._read(self.generation, query, self.start, self.cursor, self.page_size, sync, poll=False)

    def _poll(self) -> None:
        if self.polling or not self.is_current:
            return
        self.polling = True
        query = self.filters.query(self.services, self.text)
        self._read(self.generation, query, self.start, self.cursor, self.page_size, True, poll=True)

    @work(thread=True, group="case-list")
    def _read(
        self, generation: int, query: CaseQuery, offset: int, cursor: PageCursor | None, limit: int, sync: bool,
        *, poll: bool,
    ) -> None:  # fmt: skip
        """In a thread: (when asked, and only when the store changed) sync; then the page (a keyset page from
        ``cursor``, its count capped) and, when the store or the day changed, the header counts."""
        store = self.services.store
        try:
            version = store.data_version()
            if poll and version == self.version:
                self.post_message(PollDone())
                return
            if sync and version != self.version:
                store.sync()
                version = store.data_version()
            page = store.query(query, offset=offset, limit=limit, count_cap=SEARCH_COUNT_CAP, cursor=cursor)
            short = cursor is not None and cursor.seek is Seek.BEFORE and len(page.cases) < limit
            if cursor is not None and (short or not page.cases):
                # nothing left from the cursor (the list got shorter under this page) or fewer than a page
                # before it (the position was off): the first page
                page = store.query(query, offset=0, limit=limit, count_cap=SEARCH_COUNT_CAP)
            elif cursor is None and page.total and offset >= page.total:  # the list got shorter under this page
                offset = ((page.total - 1) // limit) * limit
                page = store.query(query, offset=offset, limit=limit, count_cap=SEARCH_COUNT_CAP)
            today = self.services.today()
            counts_key = (version, today)
            counts = self.counts if counts_key == self.counts_key and self.counts else store.counts(today)
        except Exception as error:  # any failure of a read is said, never a crash
            self.post_message(ReadFailed(generation, describe(error)))
            if poll:
                self.post_message(PollDone(describe(error)))
            return
        self.post_message(PageRead(generation, page, counts, version, counts_key))
        if poll:
            self.post_message(PollDone())

    def on_page_read(self, message: PageRead) -> None:
        """Show the latest read (a stale one is dropped)."""
        if message.generation != self.generation:
            return
        self.version = message.version
        self.page = message.page
        self.counts = message.counts
        self.counts_key = message.counts_key
        self.start = message.page.offset
        self.cursor = PageCursor(message.page.cases[0], Seek.FROM) if message.page.cases else None
        self._render_page()

    def on_poll_done(self, message: PollDone) -> None:
        self.polling = False

    def on_read_failed(self, message: ReadFailed) -> None:
        if message.generation == self.generation:
            self.notify(t("workbench.read_failed", error=message.error), severity="error", markup=False)

    # -- showing -----------------------------------------------------------------------------------

    def _render_page(self) -> None:
        page = self.page
        if page is None:
            return
        table = self.query_one("#wb-cases", DataTable)
        keep = self._want_case or self._cursor_case()
        row_before = table.cursor_row
        self._want_case = None
        table.clear()
        today = self.services.today()
        for case in page.cases:
            table.add_row(*self._cells(case, today), key=case.case_id)
        if page.cases:
            ids = [case.case_id for case in page.cases]
            row = ids.index(keep) if keep in ids else min(max(row_before, 0), len(ids) - 1)
            table.move_cursor(row=row, animate=False)
        self._render_header()
        self._render_page_line()

    def _cells(self, case: Case, today: date) -> list[Text]:
        widths = {column.key: column.width for column in self._columns}
        f = case.followup
        overdue = f.state in WAITING_FOR_UNIT and f.due_on is not None and f.due_on < today
        days = ""
        if f.state in WAITING_FOR_UNIT and f.due_on is not None:
            left = (f.due_on - today).days
            days = t("workbench.overdue_days", days=-left) if left < 0 else str(left)
        if f.outcome is not None:
            due = outcome_label(f.outcome, short=True)
        elif f.due_on is not None:
            due = f.due_on.isoformat() if widths["due"] >= 10 else f.due_on.strftime("%m-%d")
        else:
            due = ""
        warn = "bold red" if overdue else ""
        state = self.services.settings.state_labels.get(f.state, "") or t(f"workbench.state.{f.state.value}")
        return [
            fit(case.desk.case_number + ("*" if case.source_changed else ""), widths["number"]),
            self._visitor_cell(case, widths["visitor"]),
            fit(case.desk.category, widths["category"]),
            self._unit_cell(case, widths["unit"]),
            fit(state, widths["state"], warn),
            fit(due, widths["due"]),
            fit(days, widths["days"], warn),
        ]

    def _unit_cell(self, case: Case, width: int) -> Text:
        """The unit holding the case; for a case still 待交办, the unit the desk proposed, dimmed in brackets."""
        f = case.followup
        if f.unit:
            return fit(self.services.unit_name(f.unit), width)
        if f.state is CaseState.AWAITING_TRANSFER and case.desk.desk_target:
            return fit(t("workbench.suggested", unit=self.services.unit_name(case.desk.desk_target)), width, "dim")
        return fit("", width)

    def _visitor_cell(self, case: Case, width: int) -> Text:
        """The masked name (匿名 when there is none), after a ✓ when the case is marked."""
        name = case.desk.visitor_masked or t("workbench.anonymous")
        if case.case_id in self.marks:
            cell = Text("✓", style="bold reverse")
            cell.append_text(fit(name, width - 1))
            return cell
        return fit(name, width)

    def _render_header(self) -> None:
        counts = self.counts
        if counts is None:
            return
        rules = self.services.settings.followup
        due_soon = (
            t("workbench.header.due_soon", count=f"{counts.due_soon:,}")
            if rules.due_soon_working_days == 3
            else t("workbench.header.due_soon_n", days=rules.due_soon_working_days, count=f"{counts.due_soon:,}")
        )
        parts = [
            t("workbench.header.total", count=f"{counts.total:,}"),
            t("workbench.header.overdue", count=f"{counts.overdue:,}"),
            due_soon,
            t("workbench.header.survey", count=f"{counts.waiting_for_survey:,}"),
        ]
        if counts.source_changed:
            parts.append(t("workbench.header.changed", count=f"{counts.source_changed:,}"))
        if self.marks:
            parts.append(t("workbench.header.marked", count=len(self.marks)))
        room = self.size.width - 2
        title = [self.services.config.site_name, t("workbench.title")]
        line = " · ".join([*title, *parts])
        if cell_len(line) > room:
            line = " · ".join([t("workbench.title"), *parts])
        if cell_len(line) > room:
            line = " · ".join(parts)
        self.query_one("#wb-header", Static).update(literal(line))

    def _render_page_line(self) -> None:
        page = self.page
        if page is None:
            return
        filters = self.query_one("#wb-filters", Static)
        filters.update(literal(self.filters.summary(self.services)))
        filters.set_class(self.filters.active, "-active")
        if not page.total:
            self.query_one("#wb-page", Static).update(literal(t("workbench.empty")))
            return
        size = max(page.limit, 1)
        pages = f"{(page.total + size - 1) // size:,}" + ("+" if page.total_capped else "")
        text = t("workbench.page", page=f"{page.offset // size + 1:,}", pages=pages,
                 total=f"{page.total:,}+" if page.total_capped else f"{page.total:,}")  # fmt: skip
        clerk = t("workbench.header.clerk", clerk=self.services.clerk) if self.services.clerk else ""
        self.query_one("#wb-page", Static).update(literal(f"{clerk}   {text}" if clerk else text))

    def _cursor_case(self) -> str | None:
        table = self.query_one("#wb-cases", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _case_on_page(self, case_id: str) -> Case | None:
        for case in self.page.cases if self.page else ():
            if case.case_id == case_id:
                return case
        return None

    # -- actions -----------------------------------------------------------------------------------

    def action_page(self, delta: int) -> None:
        """The next (``1``) or previous (``-1``) page."""
        page = self.page
        if page is None or not page.cases:
            return
        if delta > 0:
            more = page.total_capped or self.start + len(page.cases) < page.total
            if len(page.cases) < self.page_size or not more:
                return
            self.cursor = PageCursor(page.cases[-1], Seek.AFTER)
            self.start += self.page_size
        else:
            if self.start <= 0:
                return
            self.cursor = PageCursor(page.cases[0], Seek.BEFORE)
            self.start = max(0, self.start - self.page_size)
        self.load()

    def action_refresh(self) -> None:
        """Read again (with a sync)."""
        self.version = None
        self.load(sync=True)

    def action_search(self) -> None:
        """Into the search box."""
        self.query_one("#wb-search", Input).focus()

    def action_leave_search(self) -> None:
        """Out of the search box (its text stays), back to the list."""
        self.query_one("#wb-cases", DataTable).focus()

    @on(Input.Changed, "#wb-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.text = event.value
        self.start, self.cursor = 0, None
        self.load()

    @on(Input.Submitted, "#wb-search")
    def _search_submitted(self) -> None:
        self.query_one("#wb-cases", DataTable).focus()

    def action_toggle_overdue(self) -> None:
        """Overdue cases only, or all again."""
        self.filters = replace(self.filters, overdue=not self.filters.overdue)
        self.start, self.cursor = 0, None
        self.load()

    def action_filters(self) -> None:
        """The filter dialog."""
        from reception_tui.ui.office.screens.dialogs import FilterScreen

        def chosen(filters: Filters | None) -> None:
            if filters is not None and filters != self.filters:
                self.filters = filters
                self.start, self.cursor = 0, None
                self.load()

        self.app.push_screen(FilterScreen(self.services, self.filters), chosen)

    def action_stats(self) -> None:
        """The 统计 screen: figures and charts by month, quarter or year."""
        from reception_tui.ui.office.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.services))

    def action_help(self) -> None:
        """The keys of this screen."""
        keys = help_rows(self, self.app) + help_rows(self.app, self.app)
        self.app.push_screen(HelpScreen(keys, title=t("workbench.help.title"), intro=t("workbench.help.intro")))

    def action_mark(self) -> None:
        """Mark or unmark the case under the cursor (for a batch), then move down."""
        case_id = self._cursor_case()
        case = self._case_on_page(case_id) if case_id else None
        if case is None:
            return
        if case.case_id in self.marks:
            del self.marks[case.case_id]
            self.suggested.pop(case.case_id, None)
        else:
            self.marks[case.case_id] = case.desk.case_number
            if case.state is CaseState.AWAITING_TRANSFER and case.desk.desk_target:
                self.suggested[case.case_id] = case.desk.desk_target
        table = self.query_one("#wb-cases", DataTable)
        row = table.cursor_row
        width = next(column.width for column in self._columns if column.key == "visitor")
        table.update_cell(case.case_id, "visitor", self._visitor_cell(case, width))
        table.move_cursor(row=min(row + 1, table.row_count - 1), animate=False)
        self._render_header()

    @on(DataTable.RowSelected, "#wb-cases")
    def action_open_selected(self) -> None:
        """Open the case under the cursor on the case screen."""
        case_id = self._cursor_case()
        if not case_id:
            return
        try:
            from reception_tui.ui.office.screens.case import CaseScreen  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            self.notify(t("workbench.no_case_screen"), markup=False)
            return
        self._want_case = case_id
        self.app.push_screen(CaseScreen(self.services, case_id))

    def action_transfer(self) -> None:
        """Transfer the marked cases to one unit (a dialog asks which, the slip prefix and the date)."""
        from reception_tui.ui.office.screens.dialogs import TransferScreen

        if not self.services.clerk:
            self.notify(t("workbench.need_clerk"), severity="warning", markup=False)
            return
        if not self.marks:
            self.notify(t("workbench.nothing_marked"), severity="warning", markup=False)
            return
        ids = sorted(self.marks, key=lambda case_id: (self.marks[case_id], case_id))

        def chosen(request: TransferRequest | None) -> None:
            if request is not None:
                self.notify(t("workbench.transfer.working", count=len(ids)), markup=False)
                self._transfer(ids, request)

        proposed = {self.suggested.get(case_id, "") for case_id in ids}
        default = proposed.pop() if len(proposed) == 1 else ""
        self.app.push_screen(TransferScreen(self.services, len(ids), default), chosen)

    @work(thread=True, group="case-transfer")
    def _transfer(self, ids: list[str], request: TransferRequest) -> None:
        """In a thread: one step per case, then the PDF."""
        self.post_message(TransferDone(request, transfer_batch(self.services, ids, request)))

    def on_transfer_done(self, message: TransferDone) -> None:
        """Unmark what was transferred, say what happened, read the page again."""
        from reception_tui.ui.office.screens.dialogs import ReportScreen

        result = message.result
        for case in result.done:
            self.marks.pop(case.case_id, None)
            self.suggested.pop(case.case_id, None)
        unit = self.services.unit_name(message.request.unit)
        lines = [t("workbench.transfer.done", count=len(result.done), unit=unit)]
        if result.pdf is not None:
            lines.append(t("workbench.transfer.pdf", count=len(result.done), path=result.pdf))
        if result.pdf_error:
            lines.append(t("workbench.transfer.pdf_failed", error=result.pdf_error))
        if result.failed:
            lines.append("")
            lines.append(t("workbench.transfer.failed_title", count=len(result.failed)))
            lines.extend(t("workbench.transfer.failed_line", case_number=number, reason=reason)
                         for number, reason in result.failed)  # fmt: skip
        self.app.push_screen(ReportScreen(t("workbench.transfer.result_title"), lines))
        self.load(sync=True)

    def action_remind(self) -> None:
        """The reminder (催办通知) for the unit holding the case under the cursor (a dialog asks when it has
        none), written in a worker into the office folder's ``out``."""
        from reception_tui.ui.office.screens.dialogs import RemindUnitScreen

        case_id = self._cursor_case()
        case = self._case_on_page(case_id) if case_id else None
        if case is not None and case.followup.unit:
            self._start_remind(case.followup.unit)
            return

        def chosen(unit: str | None) -> None:
            if unit:
                self._start_remind(unit)

        self.app.push_screen(RemindUnitScreen(self.services), chosen)

    def _start_remind(self, unit: str) -> None:
        self.notify(t("workbench.remind.working", unit=self.services.unit_name(unit)), markup=False)
        self._remind(unit)

    @work(thread=True, group="case-remind")
    def _remind(self, unit: str) -> None:
        """In a thread: the unit's overdue cases from the store, the PDF, the file."""
        from reception_tui.office.remind import NothingOverdue, default_new_due, write_reminder

        services = self.services
        name = services.unit_name(unit)
        known = any(target.code == unit for target in services.config.transfer_targets)
        today = services.today()
        try:
            reminder = write_reminder(
                services.store, unit_code=unit, unit_name=name if known else None, letterhead=services.letterhead(),
                today=today, new_due=default_new_due(today, services.working_days), office_dir=services.office_dir,
            )  # fmt: skip
        except NothingOverdue:
            self.post_message(RemindDone(error=t("workbench.remind.nothing", unit=name)))
            return
        except Exception as error:  # said on the screen, never a crash
            self.post_message(RemindDone(error=t("workbench.remind.failed", error=describe(error))))
            return
        self.post_message(RemindDone(str(reminder.path), unit=name, count=reminder.count,
                                     new_due=reminder.new_due.isoformat()))  # fmt: skip

    def on_remind_done(self, message: RemindDone) -> None:
        """Say where the reminder was saved (or why not)."""
        if message.error:
            self.notify(message.error, severity="warning", markup=False)
            return
        text = t("workbench.remind.saved", unit=message.unit, count=message.count, new_due=message.new_due,
                 path=message.path)  # fmt: skip
        self.notify(text, markup=False, timeout=15)
