"""The case screen: one case as the desk recorded it (masked), its follow-up, its timeline, and the steps its
state allows.

Everything is read and written in thread workers that post their outcome back as messages; the widgets
are touched on the UI thread only. The keys of the steps the rules do not allow now are hidden (and do
nothing). A visitor's full name, phone or address is shown only after a logged reveal, kept in this
screen's memory only and gone when the screen is left.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from reception_tui.domain.followup import WAITING_FOR_UNIT, CaseState, StepKind
from reception_tui.domain.followup import next_steps as allowed_steps
from reception_tui.i18n import describe, t
from reception_tui.office.documents import Letterhead, reply_letter_pdf, transfer_slip_pdf
from reception_tui.office.model import Case, Document, Revealed, RevealField, TimelineEntry
from reception_tui.office.words import (
    kind_label,
    outcome_label,
    satisfaction_label,
    state_label,
    status_label,
    step_label,
)
from reception_tui.storage.atomic import ensure_private_dir, write_atomic
from reception_tui.ui.office.screens.reveal import RevealForm, RevealLogScreen
from reception_tui.ui.office.screens.step_forms import StepForm, paren, step_words
from reception_tui.ui.office.services import OfficeServices
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.key_footer import KeyFooter

SLIP_REASON = "转办单位需要联系"
"""The reveal reason a transfer slip that carries personal data is logged with."""
OUT_DIR = "out"
"""The folder in the office folder the case screen writes its PDFs to."""
LETTER_STATES = frozenset(
    {CaseState.REPLIED, CaseState.COPIED, CaseState.INFORMED, CaseState.SURVEYED, CaseState.CLOSED}
)

STEP_KEYS: tuple[tuple[StepKind, str], ...] = (
    (StepKind.TRANSFER, "t"),
    (StepKind.RETURN, "b"),
    (StepKind.EXTEND, "e"),
    (StepKind.REPLY, "r"),
    (StepKind.COPY, "c"),
    (StepKind.INFORM, "f"),
    (StepKind.SURVEY, "s"),
    (StepKind.REHANDLE, "h"),
    (StepKind.CLOSE, "x"),
    (StepKind.REOPEN, "o"),
)


def last_reply_summary(timeline: list[TimelineEntry]) -> str:
    """The summary of the case's latest reply step ("" when it has none)."""
    for entry in reversed(timeline):
        if entry.step.kind is StepKind.REPLY:
            return str(entry.step.data.get("summary", ""))
    return ""


class CaseScreen(Screen[None]):
    """One case, its timeline and its steps."""

    DEFAULT_CSS = """
    CaseScreen #case-head { height: auto; background: $boost; text-style: bold; padding: 0 1; }
    CaseScreen #case-head.-changed { color: $warning; }
    CaseScreen #case-body { height: 1fr; padding: 0 1; }
    CaseScreen #case-facts { height: auto; }
    CaseScreen #case-timeline-title { height: auto; margin-top: 1; text-style: bold; color: $primary; }
    CaseScreen #case-timeline { height: auto; }
    CaseScreen #case-message { height: auto; padding: 0 1; color: $success; }
    CaseScreen #case-message.-error { color: $error; }
    """

    ACTIONS: ClassVar[tuple[Action, ...]] = (
        *(
            Action(f"office_case_{kind.value}", key, f"step('{kind.value}')", f"case.key.{kind.value}")
            for kind, key in STEP_KEYS
        ),
        Action("office_case_reveal", "v", "reveal", "case.key.reveal"),
        Action("office_case_print", "p", "print", "case.key.print"),
        Action("office_case_acknowledge", "a", "acknowledge", "case.key.acknowledge"),
        Action("office_case_own_words", "w", "own_words", "case.key.own_words"),
        Action("office_case_reveal_log", "l", "reveal_log", "case.key.reveal_log"),
        Action("office_case_back", "escape", "back", "case.key.back"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    class Loaded(Message):
        def __init__(self, case: Case, timeline: list[TimelineEntry], documents: list[Document]) -> None:
            super().__init__()
            self.case, self.timeline, self.documents = case, timeline, documents

    class Said(Message):
        """A worker's outcome in words (an error or where a file was written)."""

        def __init__(self, text: str, *, error: bool = False, reload: bool = False) -> None:
            super().__init__()
            self.text, self.error, self.reload = text, error, reload

    def __init__(self, services: OfficeServices, case_id: str) -> None:
        super().__init__()
        localise(self)
        self.services = services
        self.case_id = case_id
        self.case: Case | None = None
        self.timeline: list[TimelineEntry] = []
        self.documents: list[Document] = []
        self.revealed: dict[RevealField, str] = {}
        self.show_own_words = False

    def compose(self) -> ComposeResult:
        yield Static(literal(t("case.loading")), id="case-head")
        with VerticalScroll(id="case-body"):
            yield Static("", id="case-facts")
            yield Static(literal(t("case.timeline")), id="case-timeline-title")
            yield Static("", id="case-timeline")
        yield Static("", id="case-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#case-message", Static).display = False
        self.load()

    def on_unmount(self) -> None:
        self.revealed.clear()

    # -- reading ---------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the case, its timeline and documents in a worker."""
        self.run_worker(self._load, thread=True, exit_on_error=False, group="case-load")

    def _load(self) -> None:
        store = self.services.store
        try:
            case = store.get(self.case_id)
            self.post_message(self.Loaded(case, store.timeline(self.case_id), store.documents(self.case_id)))
        except LookupError:
            self.post_message(self.Said(t("case.not_found", case_id=self.case_id), error=True))
        except Exception as error:  # shown on the screen
            self.post_message(self.Said(t("case.load_failed", message=describe(error)), error=True))

    def on_case_screen_loaded(self, event: CaseScreen.Loaded) -> None:
        self.case, self.timeline, self.documents = event.case, event.timeline, event.documents
        self.render_case()
        self.refresh_bindings()

    def on_case_screen_said(self, event: CaseScreen.Said) -> None:
        self.say(event.text, error=event.error)
        if event.reload:
            self.load()

    def say(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#case-message", Static)
        line.update(literal(text))
        line.set_class(error, "-error")
        line.display = bool(text)

    # -- showing ---------------------------------------------------------------------------------

    def render_case(self) -> None:
        case = self.case
        if case is None:
            return
        head = self.query_one("#case-head", Static)
        parts = [
            case.desk.case_number,
            paren(
                state_label(case.state, labels=self.services.settings.state_labels), status_label(case.followup.status)
            ),
        ]
        if case.source_changed:
            parts.append(f"⚠ {t('case.source_changed')}")
        head.update(literal("  ".join(parts)))
        head.set_class(case.source_changed, "-changed")
        facts_text = "\n".join(self.fact_lines(case))
        facts = literal(facts_text)
        suggestion = self.suggestion(case)
        if suggestion and suggestion in facts_text:  # the desk's proposal, dimmed: not yet a decision
            start = facts_text.index(suggestion)
            facts = facts.stylize("dim", start, start + len(suggestion))
        self.query_one("#case-facts", Static).update(facts)
        lines = [self.timeline_line(entry) for entry in self.timeline] or [t("case.timeline.empty")]
        self.query_one("#case-timeline", Static).update(literal("\n".join(lines)))

    def suggestion(self, case: Case) -> str:
        """``建议：西湖区民政局``: the unit the desk proposed, for a case still awaiting transfer ("" otherwise)."""
        if case.state is not CaseState.AWAITING_TRANSFER or not case.desk.desk_target or case.followup.unit:
            return ""
        return t("case.suggested_unit", unit=self.services.unit_name(case.desk.desk_target))

    def fact_lines(self, case: Case) -> list[str]:
        """The case's facts, one line each (user text shown literally by the caller)."""
        f, desk, none = case.followup, case.desk, t("case.none")
        labels = {k.value: v for k, v in self.services.settings.outcome_labels.items()}

        outcome = f"{f.outcome.value} {outcome_label(f.outcome, labels)}" if f.outcome else ""

        def pair(key: str, value: str) -> str:
            return t("case.pair", label=t(key), value=value or none)

        lines = [
            "  ".join([pair("case.field.kind", kind_label(f.kind)), pair("case.field.round", str(f.round or none))]),
            "  ".join(
                [
                    pair("case.field.unit", self.services.unit_name(f.unit) if f.unit else self.suggestion(case)),
                    pair("case.field.slip", f.slip_number),
                ]
            ),
            pair("case.field.due", self.due_text(case)),
            "  ".join(
                [
                    pair("case.field.outcome", outcome),
                    pair("case.field.satisfaction", satisfaction_label(f.satisfaction) if f.satisfaction else ""),
                ]
            ),
            "  ".join([pair("case.field.day", desk.day.isoformat()), pair("case.field.site", self.site_text())]),
            "  ".join(
                [
                    pair("case.field.category", desk.category),
                    pair("case.field.request_type", desk.request_type),
                    pair("case.field.district", self.district_text(desk.district)),
                ]
            ),
            pair("case.field.place", desk.place),
            pair("case.field.summary", desk.summary),
            pair("case.field.own_words", desk.own_words if self.show_own_words else t("case.field.own_words_hidden")),
            "  ".join(
                [
                    pair("case.field.receiving", desk.receiving_deputy),
                    pair("case.field.on_duty", t("case.list_sep").join(desk.deputies_on_duty)),
                ]
            ),
            self.visitor_line(case),
        ]
        if RevealField.ADDRESS in self.revealed:
            lines.append(pair("case.field.address", self.revealed[RevealField.ADDRESS]))
        if desk.desk_note:
            lines.append(pair("case.field.desk_note", desk.desk_note))
        if self.documents:
            kept = t("case.list_sep").join(paren(d.name, f"{d.sha256[:12]}…") for d in self.documents)
            lines.append(pair("case.field.documents", kept))
        return lines

    def visitor_line(self, case: Case) -> str:
        desk, none = case.desk, t("case.none")
        name = self.revealed.get(RevealField.NAME) or (
            t("case.anonymous") if case.followup.anonymous or not desk.visitor_masked else desk.visitor_masked
        )
        phone = self.revealed.get(RevealField.PHONE) or (f"****{desk.phone_last4}" if desk.phone_last4 else none)
        line = f"{t('case.pair', label=t('case.field.visitor'), value=name)}  "
        line += t("case.pair", label=t("case.field.phone"), value=phone)
        if self.revealed:
            line += f"  {t('case.revealed_mark')}"
        return line

    def due_text(self, case: Case) -> str:
        due = case.followup.due_on
        if due is None:
            return ""
        today = self.services.today()
        if not case.followup.is_waiting_for_unit():
            return due.isoformat()
        days = (due - today).days
        if days < 0:
            return f"{due.isoformat()}  ⚠ {t('case.overdue', days=-days)}"
        return paren(due.isoformat(), t("case.due_today") if days == 0 else t("case.days_left", days=days))

    def site_text(self) -> str:
        config = self.services.config
        return (
            config.site_name
            if self.case and self.case.desk.site_code == config.site_code
            else (self.case.desk.site_code if self.case else "")
        )

    def district_text(self, code: str) -> str:
        for district in self.services.config.districts:
            if district.code == code:
                return district.name
        return code

    def timeline_line(self, entry: TimelineEntry) -> str:
        step = entry.step
        on = step.data.get("on")
        day = str(on) if on else step.at.date().isoformat()
        words = t("case.words_sep").join(self.data_words(step.kind, step.data))
        after = state_label(entry.state_after, labels=self.services.settings.state_labels)
        text = f"{day}  {step_label(step.kind)}  {step.clerk}  → {after}"
        return f"{text}  {words}" if words else text

    def data_words(self, kind: StepKind, data: Any) -> list[str]:
        """A step's data in words."""
        return step_words(self.services, data)

    # -- which keys now --------------------------------------------------------------------------

    def allowed(self) -> tuple[StepKind, ...]:
        if self.case is None:
            return ()
        return allowed_steps(self.case.followup, self.services.settings.followup)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return True
        if self.case is None:
            return False
        if action == "step":
            return StepKind(str(parameters[0])) in self.allowed()
        if action == "acknowledge":
            return self.case.source_changed
        if action == "reveal":
            return not self.case.followup.anonymous
        if action == "print":
            return self.printable() is not None
        return True

    def printable(self) -> str | None:
        """ "slip", "letter" or None: what the print key makes now."""
        case = self.case
        if case is None:
            return None
        f = case.followup
        if f.state in WAITING_FOR_UNIT and f.transferred_on is not None and f.due_on is not None:
            return "slip"
        if f.state in LETTER_STATES and any(e.step.kind is StepKind.REPLY for e in self.timeline):
            return "letter"
        return None

    # -- actions ---------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.revealed.clear()
        self.dismiss(None)

    def action_own_words(self) -> None:
        self.show_own_words = not self.show_own_words
        self.render_case()

    def action_step(self, kind: str) -> None:
        step = StepKind(kind)
        if self.case is None or step not in self.allowed():
            return

        def saved(case: Case | None) -> None:
            if case is not None:
                self.say(t("case.saved", step=step_label(step)))
            self.load()  # after a cancel too: another clerk may have saved meanwhile

        self.app.push_screen(StepForm(self.services, self.case, list(self.timeline), step), saved)

    def action_reveal(self) -> None:
        if self.case is None or self.case.followup.anonymous:  # nothing to show (the palette runs it too)
            return

        def shown(revealed: Revealed | None) -> None:
            if revealed is not None:
                self.revealed.update(revealed.values)
                self.render_case()
                self.say(t("case.reveal.shown"))

        self.app.push_screen(RevealForm(self.services, self.case), shown)

    def action_reveal_log(self) -> None:
        if self.case is not None:
            self.app.push_screen(RevealLogScreen(self.services, self.case))

    def action_acknowledge(self) -> None:
        if self.case is None or not self.case.source_changed:
            return
        case_id, clerk = self.case.case_id, self.services.clerk

        def work() -> None:
            try:
                self.services.store.acknowledge(case_id, clerk)
            except Exception as error:  # shown on the screen
                self.post_message(self.Said(t("case.acknowledge_failed", message=describe(error)), error=True))
            else:
                self.post_message(self.Said(t("case.source_acknowledged"), reload=True))

        self.run_worker(work, thread=True, exit_on_error=False)

    def action_print(self) -> None:
        what = self.printable()
        if self.case is None or what is None:
            self.say(t("case.print.nothing"), error=True)
            return
        case, timeline = self.case, list(self.timeline)
        today, clerk = self.services.today(), self.services.clerk
        self.run_worker(lambda: self._print(what, case, timeline, today, clerk), thread=True, exit_on_error=False)

    def letterhead(self) -> Letterhead:
        settings, config = self.services.settings, self.services.config
        return Letterhead(
            settings.office_name or config.site_name, settings.office_contact or config.receipt.office_phone,
            config.site_name,
        )  # fmt: skip

    def _print(self, what: str, case: Case, timeline: list[TimelineEntry], today: date, clerk: str) -> None:
        """In the worker thread: make the PDF (a slip's personal fields revealed and logged first), write it."""
        services = self.services
        unit = services.unit_name(case.followup.unit)
        try:
            if what == "slip":
                fields = [RevealField(name) for name in services.settings.slip_fields(case.followup.unit)]
                revealed = (
                    services.store.reveal(case.case_id, fields, clerk=clerk, reason=SLIP_REASON, purpose="slip")
                    if fields and not case.followup.anonymous
                    else None
                )
                data = transfer_slip_pdf(case, unit=unit, letterhead=self.letterhead(), revealed=revealed)
                name = f"{case.desk.case_number}-slip.pdf"
            else:
                data = reply_letter_pdf(
                    case, unit=unit, reply_summary=last_reply_summary(timeline), letterhead=self.letterhead(),
                    on=today, outcome=case.followup.outcome, outcome_labels=services.settings.outcome_labels,
                )  # fmt: skip
                name = f"{case.desk.case_number}-reply.pdf"
            path = ensure_private_dir(services.office_dir / OUT_DIR) / _safe_name(name)
            write_atomic(path, data)
        except Exception as error:  # shown on the screen; nothing half-written
            self.post_message(self.Said(t("case.print.failed", message=describe(error)), error=True))
            return
        self.post_message(self.Said(t("case.print.saved", path=str(path))))


def _safe_name(name: str) -> str:
    """A file name without path separators (a case number is the desk's, but never trusted as a path)."""
    return Path(name.replace("/", "_").replace("\\", "_")).name
