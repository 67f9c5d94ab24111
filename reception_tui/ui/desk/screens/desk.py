"""The reception desk: the visitor queue beside the selected visitor's issues, driven by the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from reception_tui.domain.errors import DomainError
from reception_tui.domain.models import Issue, Record, SessionState, Visitor
from reception_tui.i18n import describe, listing, t
from reception_tui.services.desk import Saved
from reception_tui.services.desk_model import closing_summary
from reception_tui.services.drafts import Draft
from reception_tui.storage.errors import StoreError
from reception_tui.ui.desk import actions as desk_actions
from reception_tui.ui.desk.scan import is_scan, lookup
from reception_tui.ui.desk.screens.close_session import CloseSessionScreen
from reception_tui.ui.desk.screens.disposition_form import DispositionForm
from reception_tui.ui.desk.screens.issue_form import IssueForm, IssueFormResult, deputy_choices
from reception_tui.ui.desk.screens.visitor_form import VisitorForm
from reception_tui.ui.desk.session import DeskSession
from reception_tui.ui.desk.widgets.issue_panel import IssueTable, issue_detail, receipt_line, visitor_card
from reception_tui.ui.desk.widgets.queue_table import QueueTable
from reception_tui.ui.shared.actions import Action, bindings, help_rows, localise
from reception_tui.ui.shared.screens.confirm import ConfirmScreen
from reception_tui.ui.shared.screens.help import HelpScreen
from reception_tui.ui.shared.services import AppServices
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.key_footer import KeyFooter


class DeskScreen(Screen[None]):
    """One open (locked) session at the desk; closing the screen releases the lock."""

    ACTIONS: ClassVar[tuple[Action, ...]] = desk_actions.DESK
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, services: AppServices, session: DeskSession) -> None:
        super().__init__()
        localise(self)
        self.services = services
        self.store = session.store
        self.model = session.model
        self.desk = session.desk
        self.drafts = session.drafts
        self.filter_ids: set[str] | None = None
        self._released = False

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header, session line, queue | visitor and issues, find box, footer."""
        yield Header()
        yield Static("", id="session-line")
        with Horizontal(id="desk-main"):
            with Vertical(id="queue-pane"):
                yield Static("", id="filter-line")
                yield QueueTable(id="queue", cursor_type="row", zebra_stripes=True)
            with Vertical(id="detail-pane"):
                yield Static("", id="visitor-card")
                yield IssueTable(id="issues", cursor_type="row")
                yield Static("", id="issue-detail")
        yield Input(placeholder=t("desk.find.placeholder"), id="find", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        """Fill the queue, show the first visitor, and bring back a form left open by a crash."""
        self.show_session_line()
        self.show_filter_line("")
        self.fill_queue()
        self.query_one("#queue", QueueTable).focus()
        self.show_selected()
        self.call_after_refresh(self.restore_draft)

    def on_unmount(self) -> None:
        """Release the session lock (everything is already saved)."""
        self.release()

    def release(self) -> None:
        """Close the store once; called when the screen goes and again, harmlessly, when the app ends."""
        if not self._released:
            self._released = True
            self.store.close()

    # -- state ---------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True once the session is closed (locked)."""
        return self.model.session.state is SessionState.CLOSED

    def show_session_line(self) -> None:
        """Date, window, place, deputies, state."""
        session = self.model.session
        state = t("cli.state." + SessionState(session.state).value)
        line = t(
            "desk.session_line",
            date=session.day.isoformat(),
            start=f"{session.start:%H:%M}",
            end=f"{session.end:%H:%M}",
            deputies=listing(session.deputies),
            officer=session.liaison_officer,
            state=state,
        )
        widget = self.query_one("#session-line", Static)
        widget.update(literal(line))
        widget.set_class(self.closed, "-closed")
        self.sub_title = f"{session.day.isoformat()} · {state}"

    def fill_queue(self) -> None:
        """Every visitor (or the find results) in queue order."""
        table = self.query_one("#queue", QueueTable)
        visitors = self.model.queue()
        if self.filter_ids is not None:
            visitors = [v for v in visitors if v.id in self.filter_ids]
        table.set_rows(self.model.row(v.id) for v in visitors)

    def selected_visitor(self) -> Visitor | None:
        """The visitor under the queue cursor."""
        visitor_id = self.query_one("#queue", QueueTable).selected_id
        return self.model.visitors.get(visitor_id) if visitor_id else None

    def selected_issue(self) -> Issue | None:
        """The issue under the issues cursor (the first issue when the queue has the focus)."""
        visitor = self.selected_visitor()
        if visitor is None:
            return None
        issue_id = self.query_one("#issues", IssueTable).selected_id
        issues = self.model.issues.get(visitor.id, {})
        return issues.get(issue_id) if issue_id else None

    def show_selected(self, keep_issue: str | None = None) -> None:
        """The card and issues of the selected visitor."""
        visitor = self.selected_visitor()
        card = self.query_one("#visitor-card", Static)
        table = self.query_one("#issues", IssueTable)
        if visitor is None:
            card.update(literal(t("desk.empty_queue")))
            table.show([])
        else:
            receipt = receipt_line(
                printed=self.model.receipt_printed(visitor.id),
                saved=self.model.receipt_saved(visitor.id),
                failures=self.model.receipt_failures(visitor.id),
            )
            card.update(literal(visitor_card(visitor, receipt)))
            table.show(self.model.issues_of(visitor.id), keep=keep_issue)
        self.show_issue_detail()

    def show_issue_detail(self) -> None:
        """The details of the issue under the issues cursor."""
        issue = self.selected_issue()
        detail = self.query_one("#issue-detail", Static)
        if issue is None:
            visitor = self.selected_visitor()
            detail.update(
                literal(t("desk.no_issues_hint") if visitor and not self.model.issues_of(visitor.id) else "")
            )
        else:
            detail.update(literal(issue_detail(issue)))

    @on(DataTable.RowHighlighted, "#queue")
    def _visitor_highlighted(self) -> None:
        self.show_selected()

    @on(DataTable.RowHighlighted, "#issues")
    def _issue_highlighted(self) -> None:
        self.show_issue_detail()

    @on(DataTable.RowSelected, "#queue")
    def _visitor_chosen(self) -> None:
        """Enter on a visitor moves to their issues."""
        visitor = self.selected_visitor()
        if visitor is not None and self.model.issues_of(visitor.id):
            self.query_one("#issues", IssueTable).focus()

    def apply(self, record: Record, *, select: bool = False) -> None:
        """Take a saved record into the model and the tables."""
        self.model.apply(record)
        visitor_id = record.visitor_id if isinstance(record, Issue) else record.id
        queue = self.query_one("#queue", QueueTable)
        if isinstance(record, Visitor | Issue) and (self.filter_ids is None or visitor_id in self.filter_ids):
            queue.put_row(self.model.row(visitor_id))
        if select:
            queue.select_visitor(visitor_id)
        self.show_selected(keep_issue=record.id if isinstance(record, Issue) else None)

    def notify_warnings(self, saved: Saved) -> None:
        """Warnings of a save (phone seen before, anonymous, under 14): shown, never blocking."""
        for key in saved.warnings:
            self.notify(t(key), severity="warning", timeout=8, markup=False)

    # -- corrections after closing -------------------------------------------------------------

    def when_writable(self, then: Callable[[bool], None]) -> None:
        """Run ``then(correction)``: at once while open, after a confirmation once closed."""
        if not self.closed:
            then(False)
            return
        self._confirm_correction(then)

    @work(group="desk-correction", exclusive=True)
    async def _confirm_correction(self, then: Callable[[bool], None]) -> None:
        """Ask before correcting a closed session; ``then(True)`` on yes."""
        question = ConfirmScreen(t("desk.correction.question"), title=t("desk.correction.title"))
        if await self.app.push_screen_wait(question):
            then(True)

    # -- visitors ------------------------------------------------------------------------------

    def action_new_visitor(self, restore: dict[str, Any] | None = None) -> None:
        """Register the next visitor."""
        if self.closed:
            self.notify(t("desk.closed_no_new"), severity="warning", markup=False)
            return
        next_number = max((v.queue_number for v in self.model.visitors.values()), default=0) + 1
        form = VisitorForm(
            self.services.config,
            save=self.desk.register_visitor,
            phone_seen=self.desk.phone_seen,
            earlier_cases=self.desk.earlier_cases,
            drafts=self.drafts,
            restore=restore,
            queue_number=next_number,
            day=self.model.session.day,
        )
        self.app.push_screen(form, self._visitor_saved)

    def _visitor_saved(self, saved: Saved | None) -> None:
        if saved is None:
            return
        self.apply(saved.record, select=True)
        self.notify(t("desk.visitor.saved", number=getattr(saved.record, "queue_number", "")), markup=False)
        self.notify_warnings(saved)

    def edit_visitor(self, visitor: Visitor, restore: dict[str, Any] | None = None) -> None:
        """Correct a visitor's details."""

        def open_form(correction: bool) -> None:
            form = VisitorForm(
                self.services.config,
                save=lambda data: self.desk.update_visitor(visitor.id, data, correction=correction),
                phone_seen=self.desk.phone_seen,
                earlier_cases=lambda phone: self.desk.earlier_cases(phone, exclude_id=visitor.id),
                visitor=visitor,
                day=self.model.session.day,
                drafts=self.drafts,
                restore=restore,
            )
            self.app.push_screen(form, self._visitor_saved)

        self.when_writable(open_form)

    # -- issues --------------------------------------------------------------------------------

    def action_new_issue(self, restore: dict[str, Any] | None = None, visitor: Visitor | None = None) -> None:
        """Record a new issue for the selected visitor."""
        visitor = visitor or self.selected_visitor()
        if visitor is None:
            self.notify(t("desk.need_visitor"), severity="warning", markup=False)
            return
        if self.closed:
            self.notify(t("desk.closed_no_new"), severity="warning", markup=False)
            return
        target = visitor
        form = IssueForm(
            self.services.config,
            on_duty=self.model.session.deputies,
            save=lambda data: self.desk.add_issue(target.id, data),
            visitor_id=target.id,
            queue_number=target.queue_number,
            drafts=self.drafts,
            restore=restore,
        )
        self.app.push_screen(form, self._issue_saved)

    def _issue_saved(self, result: IssueFormResult | None) -> None:
        if result is None:
            return
        issue = result.saved.record
        self.apply(issue, select=True)
        self.notify(t("desk.issue.saved", case=getattr(issue, "case_number", "")), markup=False)
        if result.next_disposition and isinstance(issue, Issue):
            self.open_disposition(issue, kind=result.next_disposition, correction=False)

    def edit_issue(self, issue: Issue, restore: dict[str, Any] | None = None) -> None:
        """Correct an issue's content."""
        visitor = self.model.visitors[issue.visitor_id]

        def open_form(correction: bool) -> None:
            form = IssueForm(
                self.services.config,
                on_duty=self.model.session.deputies,
                save=lambda data: self.desk.update_issue(issue.id, data, correction=correction),
                visitor_id=visitor.id,
                queue_number=visitor.queue_number,
                issue=issue,
                drafts=self.drafts,
                restore=restore,
            )
            self.app.push_screen(form, self._issue_saved)

        self.when_writable(open_form)

    def action_edit(self) -> None:
        """Edit the issue when the issues list has the focus, otherwise the visitor."""
        issue = self.selected_issue()
        if issue is not None and self.query_one("#issues", IssueTable).has_focus:
            self.edit_issue(issue)
            return
        visitor = self.selected_visitor()
        if visitor is None:
            self.notify(t("desk.need_visitor"), severity="warning", markup=False)
            return
        self.edit_visitor(visitor)

    # -- dispositions --------------------------------------------------------------------------

    def action_disposition(self) -> None:
        """Set or change the disposition of the selected issue (the first undisposed one from the queue)."""
        issue = self.selected_issue()
        visitor = self.selected_visitor()
        if not self.query_one("#issues", IssueTable).has_focus and visitor is not None:
            pending = [i for i in self.model.issues_of(visitor.id) if i.disposition is None]
            issue = pending[0] if pending else issue
        if issue is None:
            self.notify(t("desk.need_issue"), severity="warning", markup=False)
            return
        target = issue
        self.when_writable(lambda correction: self.open_disposition(target, correction=correction))

    def open_disposition(
        self, issue: Issue, *, kind: str = "", correction: bool, restore: dict[str, Any] | None = None
    ) -> None:
        """The disposition form for ``issue``."""
        config = self.services.config
        session = self.model.session
        deputies = deputy_choices(config, session.deputies)
        officers = (session.liaison_officer, *config.liaison_officers)  # 解释人: a deputy or a liaison officer
        people = list(dict.fromkeys([*deputies, *officers]))
        form = DispositionForm(
            config,
            issue=issue,
            people=people,
            deputies=deputies,
            save=lambda data: self.desk.set_disposition(issue.id, data, correction=correction),
            expected_reply=self.desk.expected_reply,
            kind=kind,
            drafts=self.drafts,
            restore=restore,
        )

        def saved(result: Saved | None) -> None:
            if result is not None:
                self.apply(result.record)
                self.notify(t("desk.disposition.saved", case=issue.case_number), markup=False)

        self.app.push_screen(form, saved)

    # -- drafts --------------------------------------------------------------------------------

    def restore_draft(self) -> None:
        """Reopen the form that was being typed when the app last stopped."""
        draft = self.drafts.load()
        if draft is None:
            return
        if not self._reopen(draft):
            self.drafts.clear()
            return
        self.notify(t("desk.draft.restored"), severity="warning", timeout=10, markup=False)

    def _reopen(self, draft: Draft) -> bool:
        visitor = self.model.visitors.get(draft.visitor_id)
        if draft.form == "visitor":
            if draft.record_id:
                if visitor is None:
                    return False
                self.edit_visitor(visitor, restore=draft.values)
            else:
                self.action_new_visitor(restore=draft.values)
            return True
        if visitor is None:
            return False
        issue = self.model.issues.get(visitor.id, {}).get(draft.record_id) if draft.record_id else None
        if draft.form == "issue":
            if issue is not None:
                self.edit_issue(issue, restore=draft.values)
            else:
                self.action_new_issue(restore=draft.values, visitor=visitor)
            return True
        if draft.form == "disposition" and issue is not None:
            self.open_disposition(
                issue, kind=str(draft.extra.get("kind", "")), correction=self.closed, restore=draft.values
            )
            return True
        return False

    # -- receipts ------------------------------------------------------------------------------

    def action_print_receipt(self) -> None:
        """Print (or show) the selected visitor's receipt through the receipts feature."""
        visitor = self.selected_visitor()
        if visitor is None:
            self.notify(t("desk.need_visitor"), severity="warning", markup=False)
            return
        # imported on first use: start-up needs none of the receipt outputs (PDF, QR, printers)
        from reception_tui.ui.desk.screens.receipt import ReceiptScreen

        visitor_id = visitor.id

        def done(_: object) -> None:
            for receipt in self.store.receipts(visitor_id):
                self.model.apply(receipt)
            self.apply(self.model.visitors[visitor_id])

        self.app.push_screen(ReceiptScreen(self.services, self.store, visitor_id), done)

    # -- find ----------------------------------------------------------------------------------

    def action_find(self) -> None:
        """Put the cursor in the find box (a barcode scanner can type into it too)."""
        self.query_one("#find", Input).focus()

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.clear_filter()
            return
        if is_scan(text) and self.find_scanned(text):
            event.input.value = ""
            return
        matches = self.desk.find(text)
        if not matches:
            self.notify(t("desk.find.none"), severity="warning", markup=False)
            return
        visitor_ids = {visitor.id for visitor, _ in matches}
        issue = next((issue for _, issue in matches if issue is not None), None)
        if len(visitor_ids) == 1:
            self.filter_ids = None
            self.show_filter_line("")
            self.fill_queue()
            self.reveal(next(iter(visitor_ids)), issue.id if issue else None)
        else:
            self.filter_ids = visitor_ids
            self.show_filter_line(text)
            self.fill_queue()
            self.query_one("#queue", QueueTable).focus()
            self.show_selected()
            self.notify(t("desk.find.many", count=len(visitor_ids)), markup=False)
        event.input.value = ""

    def find_scanned(self, payload: str) -> bool:
        """Open the visitor and issue a scanned receipt names; False to fall back to a plain search."""
        try:
            result = lookup(payload, self.services)
        except DomainError as error:
            self.notify(t(error.key, **error.params), severity="error", markup=False)
            return True
        except (ValueError, KeyError, StoreError):
            self.notify(t("desk.scan.unreadable"), severity="error", markup=False)
            return True
        if result is None:
            return False
        if not result.visitor_id:
            self.notify(result.message or t("desk.scan.unreadable"), severity="error", markup=False)
            return True
        if result.visitor_id not in self.model.visitors:
            text = " ".join(part for part in (result.message, t("desk.scan.not_here")) if part)
            self.notify(text, severity="warning", timeout=10, markup=False)
            return True
        self.filter_ids = None
        self.show_filter_line("")
        self.fill_queue()
        self.reveal(result.visitor_id, result.issue_id or None)
        genuine = t("desk.scan.genuine") if result.genuine else t("desk.scan.not_genuine")
        self.notify(
            result.message or genuine, severity="information" if result.genuine else "error", markup=False
        )
        return True

    def show_filter_line(self, query: str) -> None:
        """Above the queue while it is filtered: what was searched, how many match, Esc for everyone."""
        line = self.query_one("#filter-line", Static)
        count = len(self.filter_ids or ())
        line.update(literal(t("desk.find.filtered", query=query, count=count)) if self.filter_ids else "")
        line.display = self.filter_ids is not None

    def reveal(self, visitor_id: str, issue_id: str | None) -> None:
        """Select a visitor (and an issue) and focus where the officer will act next."""
        self.query_one("#queue", QueueTable).select_visitor(visitor_id)
        self.show_selected(keep_issue=issue_id)
        target = "#issues" if issue_id else "#queue"
        self.query_one(target, DataTable).focus()

    def clear_filter(self) -> None:
        """Show the whole queue again."""
        selected = self.selected_visitor()
        self.filter_ids = None
        self.show_filter_line("")
        self.fill_queue()
        if selected is not None:
            self.query_one("#queue", QueueTable).select_visitor(selected.id)
        self.query_one("#queue", QueueTable).focus()
        self.show_selected()

    # -- closing, help, leaving ----------------------------------------------------------------

    def action_close_session(self) -> None:
        """The closing summary; confirming it locks the session."""
        self._close_session()

    @work(group="desk-close", exclusive=True)
    async def _close_session(self) -> None:
        summary = closing_summary(self.model)
        if not await self.app.push_screen_wait(CloseSessionScreen(summary, already_closed=self.closed)):
            return
        try:
            session = self.desk.close_session()
        except StoreError as error:
            self.notify(t("desk.save_failed", message=describe(error)), severity="error", markup=False)
            return
        self.model.apply(session)
        self.show_session_line()
        self.notify(t("desk.close.done"), markup=False)

    def action_help(self) -> None:
        """The keys of the desk."""
        keys = help_rows(self, self.app) + help_rows(self.app, self.app)
        keys.append(("tab", t("desk.help.tab")))
        keys.append(("ctrl+p", t("desk.help.palette")))
        self.app.push_screen(HelpScreen(keys))

    def action_leave(self) -> None:
        """Escape: clear a find filter first, then go back to the sessions list."""
        if self.filter_ids is not None or self.query_one("#find", Input).has_focus:
            self.query_one("#find", Input).value = ""
            self.clear_filter()
            return
        self.dismiss(None)
