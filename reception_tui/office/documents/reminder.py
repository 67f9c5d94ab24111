"""The reminder (催办通知) to one unit: its overdue cases and the new date by which it is asked to reply."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from reception_tui.office.documents import wording
from reception_tui.office.documents.letterhead import Letterhead
from reception_tui.office.documents.render import FRAME_WIDTH, Styles, build, grid_style, para
from reception_tui.office.model import Case
from reception_tui.pdf.fonts import cjk_font_name


def days_overdue(case: Case, today: date) -> int:
    """Calendar days past the due date on ``today`` (0 when not overdue)."""
    due = case.followup.due_on
    return max((today - due).days, 0) if due is not None and case.followup.is_overdue(today) else 0


def reminder_pdf(
    unit: str,
    cases: Sequence[Case],
    *,
    letterhead: Letterhead,
    today: date,
    new_due: date,
    embed_font: bool = True,
) -> bytes:
    """The reminder to the unit called ``unit``: each of ``cases`` overdue on ``today`` (登记编号, 转办日期,
    应答复日期, days overdue), oldest due date first, and the date it is now asked to reply by.

    Cases not overdue on ``today`` are left out; ``ValueError`` when none is left.
    """
    overdue = sorted(
        (case for case in cases if case.followup.is_overdue(today)),
        key=lambda case: (case.followup.due_on or today, case.desk.case_number),
    )
    if not overdue:
        raise ValueError(f"no case of {unit} is overdue on {today.isoformat()}")
    styles = Styles(cjk_font_name(embed_font))
    rows: list[list[object]] = [[para(text, styles.cell_center) for text in wording.REMINDER_COLUMNS]]
    for number, case in enumerate(overdue, start=1):
        transferred, due = case.followup.transferred_on, case.followup.due_on
        rows.append([
            para(str(number), styles.cell_center),
            para(case.desk.case_number, styles.cell),
            para(wording.cn_date(transferred) if transferred else wording.NOT_GIVEN, styles.cell_center),
            para(wording.cn_date(due) if due else wording.NOT_GIVEN, styles.cell_center),
            para(wording.REMINDER_DAYS.format(days=days_overdue(case, today)), styles.cell_center),
        ])  # fmt: skip
    widths = [1.2 * cm, 0.0, 3.4 * cm, 3.4 * cm, 2.4 * cm]
    widths[1] = FRAME_WIDTH - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle(grid_style(styles.font, header=True)))
    body = wording.REMINDER_BODY.format(unit=unit, today=wording.cn_date(today), new_due=wording.cn_date(new_due))
    intro, _, rest = body.partition("\n")
    story: list[Flowable] = [
        para(letterhead.office_name, styles.subtitle),
        para(wording.REMINDER_TITLE, styles.title),
        para(intro, styles.body),
        para(rest, styles.indented),
        Spacer(1, 6),
        table,
        Spacer(1, 4),
        para(wording.REMINDER_COUNT.format(count=len(overdue)), styles.body),
        para(wording.SLIP_CONTACT.format(contact=letterhead.office_contact), styles.body),
        Spacer(1, 18),
        KeepTogether([para(letterhead.office_name, styles.right), para(wording.cn_date(today), styles.right)]),
    ]
    return build(story, title=f"{wording.REMINDER_TITLE} {unit}", embed_font=embed_font)
