"""The visitor queue: one masked line per visitor, updated in place after each save."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from reception_tui.i18n import t
from reception_tui.services.desk_model import QueueRow, ReceiptState
from reception_tui.ui.shared.text import literal_cell

NAME_CELLS = 10
DISTRICT_CELLS = 10
COLUMNS = ("number", "arrived", "name", "district", "issues", "disposed", "receipt")


def short_district(name: str) -> str:
    """A district's name without its bracketed list of communities (fits the queue column)."""
    for bracket in ("（", "("):
        if bracket in name:
            return name.split(bracket, 1)[0]
    return name


def fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` terminal cells (CJK counts two), marking the cut with an ellipsis."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip(" ") + "…"


def yes_no(value: bool) -> Text:
    """A yes/no cell; "no" stands out so open work is seen."""
    return Text(t("desk.yes"), style="") if value else Text(t("desk.no"), style="bold")


def receipt_cell(state: ReceiptState) -> Text:
    """Printed, saved as a file only, failed and waiting, or none: paper and files are different facts."""
    style = "bold" if state in (ReceiptState.NONE, ReceiptState.FAILED) else ""
    return Text(t(f"desk.receipt_state.{state.value}"), style=style)


def row_cells(row: QueueRow) -> list[Text]:
    """The cells of one queue line; names and districts shown literally."""
    if row.anonymous:
        name = Text(t("desk.anonymous_short"), style="italic")
    else:
        name = literal_cell(fit(row.masked_name, NAME_CELLS))
    if row.unit:
        name.append(t("desk.unit_mark"))
    return [
        Text(str(row.queue_number), justify="right"),
        Text(row.arrived),
        name,
        literal_cell(fit(short_district(row.district), DISTRICT_CELLS)),
        Text(str(row.issues), justify="right"),
        yes_no(row.all_disposed),
        receipt_cell(row.receipt),
    ]


class QueueTable(DataTable[Text]):
    """Rows keyed by visitor id."""

    def on_mount(self) -> None:
        """The columns, labelled in the current language."""
        for key in COLUMNS:
            self.add_column(t(f"desk.col.{key}"), key=key)

    def set_rows(self, rows: Iterable[QueueRow]) -> None:
        """Replace every row."""
        self.clear()
        for row in rows:
            self.add_row(*row_cells(row), key=row.visitor_id)

    def put_row(self, row: QueueRow) -> None:
        """Update one visitor's line in place, or add it at the end."""
        try:
            self.get_row_index(row.visitor_id)
        except RowDoesNotExist:
            self.add_row(*row_cells(row), key=row.visitor_id)
            return
        for key, cell in zip(COLUMNS, row_cells(row), strict=True):
            try:
                self.update_cell(row.visitor_id, key, cell, update_width=True)
            except CellDoesNotExist:
                continue

    def select_visitor(self, visitor_id: str) -> bool:
        """Move the cursor to a visitor; False when the row is not shown."""
        try:
            index = self.get_row_index(visitor_id)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index)
        return True

    @property
    def selected_id(self) -> str | None:
        """The visitor id under the cursor."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return key.value
