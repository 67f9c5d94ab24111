"""The transfer slip (转办单) for one case, and a batch for one unit: a cover list, then one slip per case.

A slip names the unit, the case and its issue, the due date ("请于 2026年12月24日前书面答复") and the office,
and ends in a tear-off receipt (签收) the unit signs and returns. The visitor appears masked (张*明, or 匿名);
the full name, phone and address only when the caller passes a :class:`Revealed` (the unit's config says it
needs them, and the caller has logged the reveal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from reception_tui.office.documents import wording
from reception_tui.office.documents.letterhead import Letterhead
from reception_tui.office.documents.render import FRAME_WIDTH, Styles, build, cut, grid_style, para, row
from reception_tui.office.model import Case, Revealed, RevealField
from reception_tui.pdf.fonts import cjk_font_name


def visitor_name(case: Case, revealed: Revealed | None) -> str:
    """The name a document prints: the revealed full name, else the masked one, else 匿名."""
    if revealed is not None and revealed.values.get(RevealField.NAME):
        return revealed.values[RevealField.NAME]
    if case.followup.anonymous or not case.desk.visitor_masked:
        return wording.ANONYMOUS
    return case.desk.visitor_masked


def _revealed(revealed: Revealed | None, field: RevealField) -> str:
    return revealed.values.get(field, "") if revealed is not None else ""


def _transfer_dates(case: Case) -> tuple[date, date]:
    followup = case.followup
    if followup.transferred_on is None or followup.due_on is None:
        raise ValueError(f"case {case.desk.case_number} has no transfer date or due date: transfer it first")
    return followup.transferred_on, followup.due_on


def _slip_story(
    case: Case, unit: str, letterhead: Letterhead, revealed: Revealed | None, styles: Styles
) -> list[Flowable]:
    desk, followup = case.desk, case.followup
    transferred_on, due_on = _transfer_dates(case)
    cell = styles.cell
    heading = row([
        para(wording.SLIP_NUMBER.format(number=followup.slip_number or wording.NOT_GIVEN), styles.body),
        para(wording.SLIP_DATE.format(date=wording.cn_date(transferred_on)), styles.right),
    ])  # fmt: skip
    phone = _revealed(revealed, RevealField.PHONE) or wording.NOT_GIVEN
    rows = [
        [wording.SLIP_CASE_NUMBER, desk.case_number, wording.SLIP_DAY, wording.cn_date(desk.day)],
        [wording.SLIP_DEPUTY, desk.receiving_deputy or wording.NOT_GIVEN, wording.SLIP_CATEGORY, desk.category],
        [wording.SLIP_VISITOR, visitor_name(case, revealed), wording.SLIP_PHONE, phone],
    ]
    grid = [[para(text, cell) for text in row] for row in rows]
    label, value = 2.4 * cm, FRAME_WIDTH / 2 - 2.4 * cm
    table = Table(grid, colWidths=[label, value, label, value], splitInRow=1)
    table.setStyle(TableStyle(grid_style(styles.font, header=False)))
    address = _revealed(revealed, RevealField.ADDRESS)
    story: list[Flowable] = [
        para(letterhead.office_name, styles.subtitle),
        para(wording.SLIP_TITLE, styles.title),
        heading,
        Spacer(1, 6),
        para(wording.SLIP_INTRO.format(unit=unit), styles.body),
        Spacer(1, 4),
        table,
        Spacer(1, 8),
        *([para(f"{wording.SLIP_ADDRESS}：{address}", styles.body)] if address else []),
        para(f"{wording.SLIP_PLACE}：{desk.place or wording.NOT_GIVEN}", styles.body),
        para(f"{wording.SLIP_SUMMARY}：", styles.body),
        para(desk.summary, styles.indented),
        para(wording.SLIP_DUE.format(due=wording.cn_date(due_on)), styles.emphasis),
        para(wording.SLIP_CONTACT.format(contact=letterhead.office_contact), styles.body),
        Spacer(1, 12),
        KeepTogether([para(letterhead.office_name, styles.right),
                      para(wording.cn_date(transferred_on), styles.right)]),
        Spacer(1, 18),
        KeepTogether(_receipt(case, unit, due_on, styles)),
    ]  # fmt: skip
    return story


def _receipt(case: Case, unit: str, due_on: date, styles: Styles) -> list[Flowable]:
    """The tear-off part: a dashed cut line, then what the unit fills in and signs."""
    number = case.followup.slip_number or wording.NOT_GIVEN
    signer = row([para(wording.RECEIPT_SIGNER, styles.body), para(wording.RECEIPT_SIGN_DATE, styles.body)])
    return [
        HRFlowable(width="100%", thickness=0.6, dash=(4, 3), spaceBefore=0, spaceAfter=2),
        para(wording.CUT_LINE, styles.center),
        Spacer(1, 6),
        para(wording.RECEIPT_TITLE, styles.subtitle),
        row([para(wording.RECEIPT_SLIP.format(number=number), styles.body),
             para(wording.RECEIPT_CASE.format(case_number=case.desk.case_number), styles.body)]),
        para(wording.RECEIPT_UNIT.format(unit=unit), styles.body),
        para(wording.RECEIPT_DUE.format(due=wording.cn_date(due_on)), styles.body),
        Spacer(1, 10),
        para(wording.RECEIPT_SIGN_UNIT, styles.body),
        Spacer(1, 6),
        signer,
    ]


def transfer_slip_pdf(
    case: Case, *, unit: str, letterhead: Letterhead, revealed: Revealed | None = None, embed_font: bool = True
) -> bytes:
    """The transfer slip of one transferred case, for the unit called ``unit`` (its printed name).

    ``revealed``: the visitor's full values the unit needs (name, phone, address), if any; without it only the
    masked name (or 匿名) is printed, never a phone. ``ValueError`` when the case has no transfer or due date.
    """
    styles = Styles(cjk_font_name(embed_font))
    story = _slip_story(case, unit, letterhead, revealed, styles)
    return build(story, title=f"{wording.SLIP_TITLE} {case.followup.slip_number}", embed_font=embed_font)


def transfer_batch_pdf(
    unit: str,
    cases: Sequence[Case],
    *,
    letterhead: Letterhead,
    on: date | None = None,
    revealed: Mapping[str, Revealed] | None = None,
    embed_font: bool = True,
) -> bytes:
    """A unit's batch: the cover list (序号, 登记编号, 类别, 摘要, 应答复日期), then one slip per case, each
    starting on a new page.

    ``on`` is the cover list's date (default: the latest transfer date among ``cases``); ``revealed`` maps a
    case id to the full values its slip may print. ``ValueError`` for no cases or an untransferred one.
    """
    if not cases:
        raise ValueError("a batch needs at least one case")
    dates = [_transfer_dates(case) for case in cases]
    day = on or max(transferred for transferred, _due in dates)
    styles = Styles(cjk_font_name(embed_font))
    header = [para(text, styles.cell_center) for text in wording.COVER_COLUMNS]
    rows: list[list[object]] = [header]
    for number, (case, (_transferred, due)) in enumerate(zip(cases, dates, strict=True), start=1):
        rows.append([
            para(str(number), styles.cell_center),
            para(case.desk.case_number, styles.cell),
            para(cut(case.desk.category, wording.COVER_CATEGORY_CHARS), styles.cell),
            para(cut(case.desk.summary, wording.COVER_SUMMARY_CHARS), styles.cell),
            para(wording.cn_date(due), styles.cell_center),
        ])  # fmt: skip
    widths = [1.2 * cm, 3.8 * cm, 2.4 * cm, 0.0, 3.0 * cm]
    widths[3] = FRAME_WIDTH - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle(grid_style(styles.font, header=True)))
    story: list[Flowable] = [
        para(letterhead.office_name, styles.subtitle),
        para(wording.COVER_TITLE, styles.title),
        row(
            [para(wording.COVER_UNIT.format(unit=unit), styles.body),
             para(wording.COVER_DATE.format(date=wording.cn_date(day)), styles.body),
             para(wording.COVER_COUNT.format(count=len(cases)), styles.right)],
            [FRAME_WIDTH * 0.5, FRAME_WIDTH * 0.35, FRAME_WIDTH * 0.15],
        ),
        Spacer(1, 6),
        table,
        Spacer(1, 8),
        para(wording.COVER_NOTE, styles.body),
        para(wording.SLIP_CONTACT.format(contact=letterhead.office_contact), styles.body),
        Spacer(1, 12),
        KeepTogether([para(letterhead.office_name, styles.right), para(wording.cn_date(day), styles.right)]),
    ]
    for case in cases:
        story.append(PageBreak())
        story.extend(_slip_story(case, unit, letterhead, (revealed or {}).get(case.case_id), styles))
    return build(story, title=f"{wording.COVER_TITLE} {unit}", embed_font=embed_font)
