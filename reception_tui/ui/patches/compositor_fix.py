"""Keeps Chinese characters whole where a toast, dropdown or dialog lies over the edge of a widget below it.

Textual 8's compositor divides every line it draws at the left and right edge of every widget on
that line, covered or not, and gives each piece to the front-most widget there. A double-width
character that straddles such an edge inside an overlay is split, and Rich replaces both halves
with spaces: at 80 columns the desk's toast "1 号来访人已保存" showed as "1 号来访人  保存", because
its text crosses the border of the visitor card beneath it (Textual issue #6357, open upstream).

The fix: a widget's line is divided only where the widget in front changes. Pieces that the same
widget wins side by side stay one piece, placed at the first of their positions, and the other
positions get an empty strip so that no widget behind can claim them. Partial screen updates write
every piece they touch whole: Textual crops a piece at the end of the changed span, and a double-width
character cut there is written as a space, which a terminal takes as erasing the whole character (a
toast ending at column 78 over a detail line whose "充" filled columns 77-78 took the "充" with it
when it faded; text with an odd-width run such as "[/]" puts Chinese characters on odd columns).

Applied once, when the UI package is imported; :func:`applied` says whether it took.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

_EMPTY = Strip([], 0)
_original_partial: Callable[[Compositor], ChopsUpdate | None] | None = None


def _render_chops(
    self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool]
) -> Sequence[Mapping[int, Strip | None]]:
    """:meth:`Compositor._render_chops`, dividing a widget's lines only where the front widget changes."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for region, clip, strips in self._get_renders(crop):  # front-most first
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            get = line.get
            starts = [cut for cut in cuts[y] if last_cut > cut >= first_cut]
            if not starts:
                continue
            # where the pieces change between free (this widget is in front) and taken (one in front of it)
            free = get(starts[0]) is None
            changes: list[int] = []
            for index in range(1, len(starts)):
                if (get(starts[index]) is None) is not free:
                    changes.append(index)
                    free = not free
            if not changes:
                if free:
                    line[starts[0]] = strip
                    for start in starts[1:]:
                        line[start] = _EMPTY
                continue
            bounds = [0, *changes, len(starts)]
            ends = [starts[index] - render_x for index in changes] + [last_cut - render_x]
            for low, high, piece in zip(bounds, bounds[1:], strip.divide(ends), strict=False):
                if get(starts[low]) is None:
                    line[starts[low]] = piece
                    for start in starts[low + 1 : high]:
                        line[start] = _EMPTY
    return chops


def _render_partial_update(self: Compositor) -> ChopsUpdate | None:
    """:meth:`Compositor.render_partial_update`, writing every piece it touches whole.

    The update writes each piece of a line that meets a changed span, cropped to the span; a crop
    inside a double-width character leaves a space that erases it on the terminal. So each span is
    widened to cover every piece it meets (cells it did not change are redrawn with what they already
    show), and each piece's end is its real end (a joined piece is longer than the space to the next
    position): nothing is cropped inside a piece.
    """
    assert _original_partial is not None
    update = _original_partial(self)
    if update is None:
        return None
    chop_ends: list[list[int]] = []
    for line, ends in zip(update.chops, update.chop_ends, strict=False):
        chop_ends.append(
            [
                x + strip.cell_length if strip is not None else end
                for (x, strip), end in zip(line.items(), ends, strict=False)
            ]
        )
    spans: list[tuple[int, int, int]] = []
    for y, x1, x2 in update.spans:
        pieces = [
            (x, end)
            for (x, strip), end in zip(update.chops[y].items(), chop_ends[y], strict=False)
            if strip is not None
        ]
        widened = True
        while widened:
            widened = False
            for x, end in pieces:
                if x < x2 and end > x1 and (x < x1 or end > x2):
                    x1, x2 = min(x1, x), max(x2, end)
                    widened = True
        spans.append((y, x1, x2))
    update.chop_ends = chop_ends
    update.spans = spans
    return update


def apply() -> bool:
    """Install the fix on Textual's compositor (once); False when this Textual lacks what it replaces."""
    global _original_partial
    if applied():
        return True
    original = getattr(Compositor, "render_partial_update", None)
    if not callable(original) or not callable(getattr(Compositor, "_render_chops", None)):
        return False
    _original_partial = original
    compositor: Any = Compositor
    compositor._render_chops = _render_chops
    compositor.render_partial_update = _render_partial_update
    return True


def applied() -> bool:
    """True when the compositor runs this module's version."""
    return getattr(Compositor, "_render_chops", None) is _render_chops
