"""The selected visitor: a masked card, their issues, and the selected issue's details."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from reception_tui.domain.masking import mask_address, mask_name, mask_phone
from reception_tui.domain.models import (
    DeputySuggestion,
    ExplainedOnSpot,
    Issue,
    Redirected,
    Transfer,
    Visitor,
    VisitorKind,
)
from reception_tui.i18n import t
from reception_tui.ui.shared.text import literal_cell

ISSUE_COLUMNS = ("number", "disposition", "category", "request_type", "reply")


def disposition_label(issue: Issue) -> str:
    """The short name of an issue's disposition ("not yet" when none)."""
    return t(f"desk.kind.{issue.disposition.kind.value}") if issue.disposition else t("desk.kind.none")


def receipt_line(*, printed: bool, saved: bool, failures: int) -> str:
    """The visitor's receipt as facts apart: on paper, saved as a file, print jobs failed and waiting."""
    parts = [t("desk.card.receipt_printed")] if printed else []
    if saved:
        parts.append(t("desk.card.receipt_saved"))
    if failures:
        parts.append(t("desk.card.receipt_failed", count=failures))
    return t("desk.card.receipt", state="  ".join(parts)) if parts else ""


def visitor_card(visitor: Visitor, receipt: str = "") -> str:
    """Masked lines about a visitor (as on paper: masked name and phone, address cut to the area)."""
    name = mask_name(visitor.name) if visitor.name else t("desk.anonymous")
    first = [t("desk.card.number", number=visitor.queue_number), name]
    if visitor.phone:
        first.append(mask_phone(visitor.phone))
    if visitor.co_visitors:
        first.append(t("desk.card.co_visitors", count=visitor.co_visitors))
    second = [part for part in (visitor.district, mask_address(visitor.address)) if part]
    if visitor.kind is VisitorKind.UNIT:
        second.append(t("desk.card.unit", unit=visitor.unit_name))
    third = [t("desk.card.arrived", time=f"{visitor.arrived_at:%H:%M}")]
    if visitor.confidential:
        third.append(t("desk.card.confidential"))
    if visitor.needs_guardian:
        third.append(t("warn.under_14_guardian"))
    third.append(t("desk.card.consent_yes" if visitor.consent else "desk.card.consent_no"))
    # the district, the address and the unit each on a line of their own: Chinese lines break between any two
    # characters, and a place name cut in two at the end of a line reads as two places
    return "\n".join(["  ".join(first), *second, "  ".join(third), *([receipt] if receipt else [])])


def disposition_detail(issue: Issue) -> str:
    """One line saying how the issue is handled, with its details."""
    d = issue.disposition
    if isinstance(d, ExplainedOnSpot):
        return t("desk.detail.explained", by=d.explained_by, text=d.explanation)
    if isinstance(d, Transfer):
        due = issue.expected_reply_date.isoformat() if issue.expected_reply_date else "-"
        return t("desk.detail.transfer", target=d.target_name, date=due)
    if isinstance(d, DeputySuggestion):
        kind = t("desk.detail.motion" if d.motion else "desk.detail.suggestion_word")
        return t("desk.detail.suggestion", deputy=d.deputy, kind=kind)
    if isinstance(d, Redirected):
        return t("desk.detail.redirected", channel=d.channel, to=d.directed_to)
    return t("desk.detail.none")


def issue_detail(issue: Issue) -> str:
    """The selected issue: case number, category, place, summary (hidden when confidential), disposition."""
    lines = [f"{issue.case_number}  {issue.category} · {issue.request_type}"]
    if issue.confidential:
        lines.append(t("desk.detail.confidential"))
    else:
        if issue.place:
            lines.append(t("desk.detail.place", place=issue.place))
        if issue.summary:
            lines.append(t("desk.detail.summary", text=issue.summary))
        elif issue.own_words:
            lines.append(t("desk.detail.own_words", text=issue.own_words))
        if issue.receiving_deputy:
            lines.append(t("desk.detail.deputy", deputy=issue.receiving_deputy))
    lines.append(disposition_detail(issue))
    return "\n".join(lines)


class IssueTable(DataTable[Text]):
    """One visitor's issues, keyed by issue id."""

    def on_mount(self) -> None:
        """Columns in the current language."""
        for key in ISSUE_COLUMNS:
            self.add_column(t(f"desk.icol.{key}"), key=key)

    def show(self, issues: list[Issue], keep: str | None = None) -> None:
        """Show these issues; keep the cursor on ``keep`` if it is among them."""
        self.clear()
        for issue in issues:
            number = str(issue.number) + (t("desk.confidential_mark") if issue.confidential else "")
            reply = f"{issue.expected_reply_date:%m-%d}" if issue.expected_reply_date else ""
            disposed = Text(disposition_label(issue), style="" if issue.disposition else "bold")
            self.add_row(
                Text(number),
                disposed,
                literal_cell(issue.category),
                literal_cell(issue.request_type),
                Text(reply),
                key=issue.id,
            )
        if keep:
            try:
                self.move_cursor(row=self.get_row_index(keep))
            except RowDoesNotExist:
                pass

    @property
    def selected_id(self) -> str | None:
        """The issue id under the cursor."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None
