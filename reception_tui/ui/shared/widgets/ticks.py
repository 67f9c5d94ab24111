"""Tick boxes that show their state without colour: ``[x]`` ticked, ``[ ]`` not.

Textual draws every toggle as ``▐X▌`` and tells ticked from unticked by colour alone; its half blocks
are also double width in many CJK terminals. These draw three ASCII cells (the width Textual lays
out), keeping Textual's colours on top.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "x"
UNTICKED = " "


def mark(ticked: bool) -> str:
    """The inside of the box."""
    return TICKED if ticked else UNTICKED


class TickBox(Checkbox):
    """A checkbox drawn ``[x]`` / ``[ ]``."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble("[", (mark(self.value), style), "]")


class TickList(SelectionList[str]):
    """A selection list whose options start with ``[x]`` / ``[ ]``."""

    def render_line(self, y: int) -> Strip:
        """Textual's line with its ``▐X▌`` replaced by the box of the option's state."""
        line = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 4:
            return line
        left, inner, _, *rest = segments
        # the brackets in the option's own colours (Textual's halves are drawn in the button's colour),
        # keeping the option index that a mouse click reads
        side = (rest[0].style or Style()) + Style(meta=left.style.meta if left.style else None)
        box = [
            Segment("[", side),
            Segment(mark(selection.value in self._selected), inner.style),
            Segment("]", side),
        ]
        return Strip([*box, *rest], line.cell_length)
