"""The case list's dialogs: the filters, the batch transfer, and a result report. Compact widgets (one
line each) so every dialog fits a 80x24 terminal."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static

from reception_tui.domain.followup import CaseState
from reception_tui.i18n import t
from reception_tui.office.words import state_label
from reception_tui.ui.office import actions as office_actions
from reception_tui.ui.office.batch import TransferRequest
from reception_tui.ui.office.list_filters import Filters
from reception_tui.ui.office.services import OfficeServices
from reception_tui.ui.shared.actions import Action, bindings, localise
from reception_tui.ui.shared.screens import DIALOGS_TCSS
from reception_tui.ui.shared.text import literal

DIALOG_CSS = """
.wb-dialog { max-width: 76; }
.wb-line { height: 1; }
.wb-label { width: 16; color: $text-muted; }
.wb-line Select, .wb-line Input { width: 1fr; }
.wb-flags { height: 1; margin-top: 1; }
.wb-flags Checkbox { width: auto; margin-right: 1; }
.wb-report { max-height: 16; height: auto; }
"""


def _line(label: str, widget: Widget) -> Horizontal:
    return Horizontal(Static(literal(label), classes="wb-label"), widget, classes="wb-line")


def _value(select: Select[Any]) -> Any:
    """The chosen value, or None when the select is blank."""
    value = select.value
    return None if value is Select.NULL or value is Select.BLANK else value


def _parse_day(text: str) -> date | None:
    """A date typed as ``2026-12-01``; None for an empty field; ValueError otherwise."""
    text = text.strip()
    return date.fromisoformat(text) if text else None


class FilterScreen(ModalScreen[Filters | None]):
    """Choose the list's filters; dismisses with the new :class:`Filters` or None (cancelled)."""

    CSS_PATH = DIALOGS_TCSS
    DEFAULT_CSS = DIALOG_CSS
    ACTIONS: ClassVar[tuple[Action, ...]] = office_actions.FILTERS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, services: OfficeServices, filters: Filters) -> None:
        super().__init__()
        localise(self)
        self.services = services
        self.filters = filters

    def compose(self) -> ComposeResult:
        """One line per filter, the flags, the hint."""
        config, f = self.services.config, self.filters
        any_ = t("workbench.filter.any")

        def select(wid: str, options: list[tuple[str, Any]], value: Any) -> Select[Any]:
            known = {option for _label, option in options}
            chosen = value if value in known else Select.NULL
            return Select([(literal(label), option) for label, option in options], prompt=any_, value=chosen,
                          id=wid, compact=True)  # fmt: skip

        with Vertical(classes="dialog wb-dialog"):
            yield Static(literal(t("workbench.filter.title")), classes="dialog-title")
            labels = self.services.settings.state_labels
            states = [(state_label(s, labels=labels), s) for s in CaseState]
            yield _line(t("workbench.filter.state"), select("f-state", states, f.state))
            units = [(target.name, target.code) for target in config.transfer_targets]
            yield _line(t("workbench.filter.unit"), select("f-unit", units, f.unit))
            districts = [(d.name, d.name) for d in config.districts]
            yield _line(t("workbench.filter.district"), select("f-district", districts, f.district))
            deputies = [(d.name, d.name) for d in config.deputies]
            yield _line(t("workbench.filter.deputy"), select("f-deputy", deputies, f.deputy))
            categories = [(c, c) for c in config.categories]
            yield _line(t("workbench.filter.category"), select("f-category", categories, f.category))
            yield _line(t("workbench.filter.site"), Input(f.site, placeholder=config.site_code, id="f-site",
                                                          compact=True, max_length=32))  # fmt: skip
            for wid, key, day in (("f-from", "day_from", f.day_from), ("f-to", "day_to", f.day_to)):
                text = day.isoformat() if day else ""
                yield _line(t(f"workbench.filter.{key}"),
                            Input(text, placeholder="2026-12-01", id=wid, compact=True, max_length=10))  # fmt: skip
            with Horizontal(classes="wb-flags"):
                yield Checkbox(literal(t("workbench.filters.overdue")), f.overdue, id="f-overdue", compact=True)
                yield Checkbox(literal(t("workbench.filters.due_soon")), f.due_soon, id="f-due-soon", compact=True)
                yield Checkbox(literal(t("workbench.filters.survey")), f.survey, id="f-survey", compact=True)
                yield Checkbox(literal(t("workbench.filters.changed")), f.changed, id="f-changed", compact=True)
            yield Static("", id="f-error", classes="error")
            yield Static(literal(t("workbench.filter.hint")), classes="hint")

    def on_mount(self) -> None:
        """The first filter has the focus."""
        self.query_one("#f-state", Select).focus()

    def action_apply(self) -> None:
        """Close with the filters as set (a date that is not a date stops it, with the reason)."""
        try:
            day_from = _parse_day(self.query_one("#f-from", Input).value)
            day_to = _parse_day(self.query_one("#f-to", Input).value)
        except ValueError:
            self.query_one("#f-error", Static).update(literal(t("workbench.filter.bad_date")))
            return
        state = _value(self.query_one("#f-state", Select))
        filters = Filters(
            state=CaseState(state) if state else None,
            unit=_value(self.query_one("#f-unit", Select)) or "",
            district=_value(self.query_one("#f-district", Select)) or "",
            deputy=_value(self.query_one("#f-deputy", Select)) or "",
            category=_value(self.query_one("#f-category", Select)) or "",
            site=self.query_one("#f-site", Input).value.strip(),
            day_from=day_from, day_to=day_to,
            overdue=self.query_one("#f-overdue", Checkbox).value,
            due_soon=self.query_one("#f-due-soon", Checkbox).value,
            survey=self.query_one("#f-survey", Checkbox).value,
            changed=self.query_one("#f-changed", Checkbox).value,
        )  # fmt: skip
        self.dismiss(filters)

    def action_clear(self) -> None:
        """Close with no filters at all."""
        self.dismiss(Filters())

    def action_cancel(self) -> None:
        """Close, the filters unchanged."""
        self.dismiss(None)


class TransferScreen(ModalScreen[TransferRequest | None]):
    """The batch transfer: unit, slip number prefix, date; dismisses with the request or None."""

    CSS_PATH = DIALOGS_TCSS
    DEFAULT_CSS = DIALOG_CSS
    ACTIONS: ClassVar[tuple[Action, ...]] = office_actions.TRANSFER
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, services: OfficeServices, count: int, default_unit: str = "") -> None:
        super().__init__()
        localise(self)
        self.services = services
        self.count = count
        self.default_unit = default_unit
        """The unit the desk proposed for the marked cases (chosen at first; the clerk may change it)."""
        self._typed_prefix = False

    def compose(self) -> ComposeResult:
        """Unit, prefix, date, hint, error line."""
        today = self.services.today()
        units = [(literal(target.name), target.code) for target in self.services.config.transfer_targets]
        known = self.default_unit in {code for _, code in units}
        chosen = Select(
            units, prompt="—", id="tr-unit", compact=True, value=self.default_unit if known else Select.NULL
        )
        prefix = f"{self.default_unit}-{today:%Y%m%d}" if known else ""
        with Vertical(classes="dialog wb-dialog"):
            yield Static(literal(t("workbench.transfer.title", count=self.count)), classes="dialog-title")
            yield _line(t("workbench.transfer.unit"), chosen)
            yield _line(t("workbench.transfer.prefix"), Input(prefix, id="tr-prefix", compact=True, max_length=24))
            yield _line(t("workbench.transfer.on"),
                        Input(today.isoformat(), id="tr-on", compact=True, max_length=10))  # fmt: skip
            yield Static("", id="tr-error", classes="error")
            yield Static(literal(t("workbench.transfer.hint")), classes="hint")

    def on_mount(self) -> None:
        """The unit has the focus."""
        self.query_one("#tr-unit", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        """A unit chosen: its code and today's date as the prefix, unless the clerk typed one."""
        value = _value(event.select)
        if value and not self._typed_prefix:
            prefix = self.query_one("#tr-prefix", Input)
            with prefix.prevent(Input.Changed):
                prefix.value = f"{value}-{self.services.today():%Y%m%d}"

    def on_input_changed(self, event: Input.Changed) -> None:
        """Remember that the clerk typed a prefix of their own."""
        if event.input.id == "tr-prefix":
            unit = _value(self.query_one("#tr-unit", Select))
            self._typed_prefix = event.value != (f"{unit}-{self.services.today():%Y%m%d}" if unit else "")

    def action_apply(self) -> None:
        """Close with the request; a missing unit or prefix or a wrong date is said and stops it."""
        error = self.query_one("#tr-error", Static)
        unit = _value(self.query_one("#tr-unit", Select))
        prefix = self.query_one("#tr-prefix", Input).value.strip()
        if not unit:
            error.update(literal(t("workbench.transfer.need_unit")))
            return
        if not prefix:
            error.update(literal(t("workbench.transfer.need_prefix")))
            return
        try:
            on = _parse_day(self.query_one("#tr-on", Input).value)
        except ValueError:
            on = None
        if on is None:
            error.update(literal(t("workbench.filter.bad_date")))
            return
        self.dismiss(TransferRequest(str(unit), prefix, on))

    def action_cancel(self) -> None:
        """Close without transferring."""
        self.dismiss(None)


class RemindUnitScreen(ModalScreen[str | None]):
    """Which unit the reminder is for (when the case under the cursor has none); dismisses with its code."""

    CSS_PATH = DIALOGS_TCSS
    DEFAULT_CSS = DIALOG_CSS
    ACTIONS: ClassVar[tuple[Action, ...]] = office_actions.REMIND
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, services: OfficeServices) -> None:
        super().__init__()
        localise(self)
        self.services = services

    def compose(self) -> ComposeResult:
        """The unit, hint, error line."""
        units = [(literal(target.name), target.code) for target in self.services.config.transfer_targets]
        with Vertical(classes="dialog wb-dialog"):
            yield Static(literal(t("workbench.remind.title")), classes="dialog-title")
            yield _line(t("workbench.remind.unit"), Select(units, prompt="—", id="rm-unit", compact=True))
            yield Static("", id="rm-error", classes="error")
            yield Static(literal(t("workbench.remind.hint")), classes="hint")

    def on_mount(self) -> None:
        """The unit has the focus."""
        self.query_one("#rm-unit", Select).focus()

    def action_apply(self) -> None:
        """Close with the unit's code (none chosen: said, stays open)."""
        unit = _value(self.query_one("#rm-unit", Select))
        if not unit:
            self.query_one("#rm-error", Static).update(literal(t("workbench.remind.need_unit")))
            return
        self.dismiss(str(unit))

    def action_cancel(self) -> None:
        """Close without a reminder."""
        self.dismiss(None)


class ReportScreen(ModalScreen[None]):
    """A result to read (a batch's outcome, the cases refused); Enter or Esc closes it."""

    CSS_PATH = DIALOGS_TCSS
    DEFAULT_CSS = DIALOG_CSS
    ACTIONS: ClassVar[tuple[Action, ...]] = office_actions.REPORT
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        localise(self)
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        """Title and the lines (scrolling when long)."""
        with Vertical(classes="dialog wb-dialog"):
            yield Static(literal(self.title_text), classes="dialog-title")
            with VerticalScroll(classes="wb-report", id="report-body"):
                yield Static(literal("\n".join(self.lines)), id="report-text")

    def on_mount(self) -> None:
        """The text has the focus (arrows scroll it)."""
        self.query_one("#report-body").focus()

    def action_close(self) -> None:
        """Back to the list."""
        self.dismiss(None)
