"""The reply letter to the voter (答复告知书): the issue, the unit's answer, the outcome in plain words and
whom to contact, for the deputy to hand over or read out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from reportlab.platypus import Flowable, KeepTogether, Spacer

from reception_tui.domain.followup import Outcome
from reception_tui.office.documents import wording
from reception_tui.office.documents.letterhead import Letterhead
from reception_tui.office.documents.render import Styles, build, one_line, para
from reception_tui.office.documents.slip import visitor_name
from reception_tui.office.model import Case, Revealed, RevealField
from reception_tui.pdf.fonts import cjk_font_name


def reply_letter_pdf(
    case: Case,
    *,
    unit: str,
    reply_summary: str,
    letterhead: Letterhead,
    on: date,
    revealed: Revealed | None = None,
    outcome: Outcome | None = None,
    outcome_labels: Mapping[Outcome, str] | None = None,
    contact: str | None = None,
    embed_font: bool = True,
) -> bytes:
    """The letter telling the voter how the unit called ``unit`` answered the case's issue.

    ``reply_summary`` is the unit's answer (the reply step's summary); ``outcome`` defaults to the case's
    outcome class and is printed in plain words from ``outcome_labels`` (default :data:`wording.OUTCOME_LABELS`).
    The letter is addressed to the masked name (张*明：) unless ``revealed`` holds the full name; to 来访群众
    for an anonymous visitor. ``contact`` defaults to the office's contact; ``on`` is the letter's date.
    """
    styles = Styles(cjk_font_name(embed_font))
    desk = case.desk
    outcome = outcome or case.followup.outcome
    labels = {**wording.OUTCOME_LABELS, **(outcome_labels or {})}
    name = visitor_name(case, revealed)
    named = name != wording.ANONYMOUS or (revealed is not None and bool(revealed.values.get(RevealField.NAME)))
    greeting = wording.REPLY_TO.format(name=name) if named else wording.REPLY_TO_ANONYMOUS
    intro = wording.REPLY_INTRO.format(
        day=wording.cn_date(desk.day), site=letterhead.site_name, case_number=desk.case_number,
        summary=one_line(desk.summary), unit=unit,
    )  # fmt: skip
    story: list[Flowable] = [
        para(letterhead.office_name, styles.subtitle),
        para(wording.REPLY_TITLE, styles.title),
        para(greeting, styles.body),
        para(intro, styles.indented),
        para(wording.REPLY_FORWARDED, styles.indented),
        Spacer(1, 4),
        para(wording.REPLY_ANSWER, styles.body),
        para(reply_summary, styles.indented),
    ]
    if outcome is not None:
        label = f"{labels[outcome]}（{outcome.value}类）"
        story.append(para(wording.REPLY_OUTCOME.format(label=label), styles.emphasis))
    if desk.receiving_deputy:
        story.append(para(wording.REPLY_DEPUTY.format(deputy=desk.receiving_deputy), styles.body))
    story += [
        para(wording.REPLY_CONTACT.format(contact=contact or letterhead.office_contact), styles.body),
        para(wording.REPLY_THANKS, styles.indented),
        Spacer(1, 18),
        KeepTogether([para(letterhead.office_name, styles.right), para(wording.cn_date(on), styles.right)]),
    ]
    return build(story, title=f"{wording.REPLY_TITLE} {desk.case_number}", embed_font=embed_font)
