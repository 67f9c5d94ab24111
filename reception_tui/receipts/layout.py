"""The receipt as lines of a fixed width in cells: 32 columns for 58 mm paper, 48 for 80 mm.

Widths are measured with ``rich.cells.cell_len`` (a Chinese character is two cells, as on a
GB18030 thermal printer). Characters whose width is ambiguous (dashes, curly quotes, ellipsis,
middle dot) print two columns wide on Chinese printers but one in most terminals, so they are
replaced first by unambiguous ones: then terminal cells, printer columns and the layout agree.
Lines never start with closing punctuation (，。、：) and ASCII runs such as case numbers and phone
numbers are not broken unless they are wider than the line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from rich.cells import cell_len

from reception_tui.i18n import listing, t
from reception_tui.receipts.content import IssueLine, ReceiptContent

PAPER_COLUMNS: dict[int, int] = {58: 32, 80: 48}

_AMBIGUOUS = {
    "–": "-", "—": "-", "―": "-", "‐": "-", "−": "-", "“": '"', "”": '"', "‘": "'", "’": "'",
    "…": "...", "·": "・", "•": "・", "×": "x", "÷": "/", "※": "*", "°": "度", "℃": "度",
}
_NO_LINE_START = frozenset("，。、；：！？）》」』】〉,.;:!?)]%")
_TOKEN = re.compile(r"[!-~]+| +|.", re.DOTALL)


class LineKind(StrEnum):
    """How a line is printed; a printer may embolden titles, PDF draws the QR code at ``QR``."""

    TITLE = "title"
    HEADING = "heading"
    TEXT = "text"
    RULE = "rule"
    QR = "qr"
    MARK = "mark"
    """The 补打 (reprint) mark: printed bold and large where the output can."""


@dataclass(frozen=True)
class Line:
    """One line of the receipt, already fitted to the width."""

    text: str
    kind: LineKind = LineKind.TEXT


def columns_for_paper(width_mm: int) -> int:
    """Printer columns of a paper width (58 mm: 32, 80 mm: 48; anything else is treated as 80 mm)."""
    return PAPER_COLUMNS.get(width_mm, 48)


def unambiguous(text: str) -> str:
    """``text`` with ambiguous-width characters replaced, so one cell means one printer column."""
    out = []
    for char in text:
        if ord(char) < 0x80 or unicodedata.east_asian_width(char) != "A":
            out.append(char)
            continue
        folded = unicodedata.normalize("NFKC", char)
        if all(ord(c) < 0x80 or unicodedata.east_asian_width(c) != "A" for c in folded):
            out.append(folded)
        else:
            out.append(_AMBIGUOUS.get(char, char))
    return "".join(out)


def wrap(text: str, width: int, *, indent: int = 0) -> list[str]:
    """Break ``text`` into lines of at most ``width`` cells; later lines are indented ``indent`` cells."""
    text = unambiguous(text)
    lines: list[list[str]] = [[]]
    used = 0
    for token in _tokens(text, width - indent):
        size = cell_len(token)
        limit = width if len(lines) == 1 else width - indent
        if used + size > limit and lines[-1]:
            carried: list[str] = []
            # a closing mark does not start a line: the word before it goes down with it, when the two fit
            # the next line (a 22-cell case number and its comma under a 10-cell indent at 32 do not)
            if token[0] in _NO_LINE_START and len(lines[-1]) > 1 and cell_len(lines[-1][-1]) + size <= width - indent:
                carried.append(lines[-1].pop())
            while lines[-1] and lines[-1][-1].isspace():
                lines[-1].pop()
            lines.append(carried)
            used = sum(cell_len(piece) for piece in carried)
            if token.isspace():
                continue
        lines[-1].append(token)
        used += size
    prefix = " " * indent
    return ["".join(parts).rstrip() if number == 0 else prefix + "".join(parts).rstrip()
            for number, parts in enumerate(lines)]  # fmt: skip


def _tokens(text: str, room: int) -> list[str]:
    """Words of ASCII, runs of spaces, single other characters; ASCII words wider than ``room`` are split."""
    out: list[str] = []
    for token in _TOKEN.findall(text.replace("\n", " ")):
        if cell_len(token) <= room or token.isspace():
            out.append(token)
        else:
            out.extend(token[i : i + room] for i in range(0, len(token), room))
    return out


def labelled(label: str, value: str, width: int) -> list[str]:
    """``label：value``, the value wrapped and aligned under itself when there is room for that."""
    head = unambiguous(label) + "："
    indent = cell_len(head) if cell_len(head) <= width // 2 else 0
    return wrap(head + value, width, indent=indent)


def centred(text: str, width: int) -> list[str]:
    """``text`` centred by cell width (wrapped first when too wide)."""
    return [" " * max(0, (width - cell_len(line)) // 2) + line for line in wrap(text, width)]


def _as_lines(texts: list[str], kind: LineKind = LineKind.TEXT) -> list[Line]:
    return [Line(text, kind) for text in texts]


def _weekday(day: date, lang: str) -> str:
    return t("receipts.weekday", lang).split(",")[day.weekday()]


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _issue_lines(line: IssueLine, content: ReceiptContent, width: int) -> list[Line]:
    lang = content.lang
    out = _as_lines(wrap(t("receipts.issue", lang, number=line.number), width), LineKind.HEADING)
    out += _as_lines(labelled(t("receipts.case_number", lang), line.case_number, width))
    if line.confidential:
        out += _as_lines(wrap(t("receipts.confidential_issue", lang), width))
        return out
    out += _as_lines(labelled(t("receipts.category", lang), line.category, width))
    out += _as_lines(labelled(t("receipts.disposition", lang), line.disposition, width))
    if line.target:
        out += _as_lines(labelled(t("receipts.target", lang), line.target, width))
    if line.channel:
        out += _as_lines(labelled(t("receipts.redirect_channel", lang), line.channel, width))
    if line.directed_to:
        out += _as_lines(labelled(t("receipts.directed_to", lang), line.directed_to, width))
    if line.expected_reply is not None:
        due = t("receipts.expected_reply_by", lang, day=line.expected_reply.isoformat())
        out += _as_lines(labelled(t("receipts.expected_reply", lang), due, width))
    return out


def head_lines(content: ReceiptContent, width: int) -> list[Line]:
    """The reprint mark (when reprinted), the studio's name and the receipt's title, centred."""
    lang = content.lang
    lines: list[Line] = []
    if content.reprint:
        lines += _as_lines(centred(t("receipts.reprint", lang), width), LineKind.MARK)
        if content.reprint_of is not None:
            original = _stamp(content.reprint_of)
            lines += _as_lines(centred(f"{t('receipts.original_time', lang)}：{original}", width))
    lines += _as_lines(centred(content.site_name, width), LineKind.TITLE)
    lines += _as_lines(centred(t("receipts.title", lang), width), LineKind.TITLE)
    return lines


def visit_lines(content: ReceiptContent, width: int) -> list[Line]:
    """The reception (date, place, deputies) and the visitor (masked) with their queue number."""
    lang = content.lang
    weekday = _weekday(content.day, lang)
    when = f"{content.day.isoformat()}（{weekday}）{content.start:%H:%M}-{content.end:%H:%M}"
    lines = _as_lines(labelled(t("receipts.date", lang), when, width))
    lines += _as_lines(labelled(t("receipts.place", lang), content.place, width))
    lines += _as_lines(labelled(t("receipts.deputies", lang), listing(content.deputies, lang), width))
    if content.confidential:
        lines += _as_lines(wrap(t("receipts.confidential_visitor", lang), width))
    else:
        who = content.visitor
        if content.phone:
            who += f"  {t('receipts.phone', lang)}：{content.phone}"
        lines += _as_lines(labelled(t("receipts.visitor", lang), who, width))
    lines += _as_lines(labelled(t("receipts.queue", lang), str(content.queue_number), width))
    return lines


def issue_blocks(content: ReceiptContent, width: int) -> list[list[Line]]:
    """One block of lines per issue; a receipt without issues has one block that says so."""
    if not content.issues:
        return [_as_lines(wrap(t("receipts.no_issues", content.lang), width))]
    return [_issue_lines(issue, content, width) for issue in content.issues]


def ref_lines(content: ReceiptContent, width: int) -> list[Line]:
    """The receipt reference printed under the QR code."""
    return _as_lines(centred(f"{t('receipts.ref', content.lang)}：{content.ref}", width))


def foot_lines(content: ReceiptContent, width: int) -> list[Line]:
    """The office phone, the follow-up and privacy texts, and the print time."""
    lang = content.lang
    lines = _as_lines(labelled(t("receipts.office_phone", lang), content.office_phone, width))
    lines += _as_lines(wrap(content.follow_up, width))
    lines += _as_lines(wrap(content.privacy_line, width))
    if content.printed_at is not None:
        lines += _as_lines(labelled(t("receipts.printed_at", lang), _stamp(content.printed_at), width))
    return lines


def receipt_lines(content: ReceiptContent, width: int) -> list[Line]:
    """The whole receipt as lines no wider than ``width`` cells, with a ``QR`` line where the code goes."""
    rule = Line("-" * width, LineKind.RULE)
    lines = [*head_lines(content, width), rule, *visit_lines(content, width), rule]
    for block in issue_blocks(content, width):
        lines += [*block, rule]
    lines += [Line("", LineKind.QR), *ref_lines(content, width), rule, *foot_lines(content, width)]
    return lines


def render_text(content: ReceiptContent, width: int) -> str:
    """The plain-text receipt (the QR code is left out; its reference line stays)."""
    lines = receipt_lines(content, width)
    return "\n".join(line.text for line in lines if line.kind is not LineKind.QR) + "\n"
