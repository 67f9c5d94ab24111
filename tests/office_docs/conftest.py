"""Cases built directly (desk fields + follow-up), a letterhead, and PDF readers for the document tests."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdfium2
from pypdf import PdfReader

from reception_tui.domain.followup import CaseKind, CaseState, Followup, Outcome
from reception_tui.office.documents import Letterhead
from reception_tui.office.model import Case, DeskFields, Revealed, RevealField

LETTERHEAD = Letterhead(
    office_name="北山街道人大工委", office_contact="李婷 0571-87654321（北山街道人大工委办公室）",
    site_name="北山街道人大代表联络站",
)  # fmt: skip
UNIT = "北山街道办事处"
DAY = date(2026, 11, 20)
TRANSFERRED = date(2026, 11, 23)
DUE = date(2026, 12, 21)
FULL_NAME = "张小明"
PHONE = "13812345678"
ADDRESS = "北山街道黄龙社区青芝坞18幢3单元201室"
REVEALED = Revealed({RevealField.NAME: FULL_NAME, RevealField.PHONE: PHONE, RevealField.ADDRESS: ADDRESS})


def make_case(
    number: int = 7,
    *,
    summary: str = "小区门口道路破损积水，影响老人儿童出行，请求尽快修复。",
    masked: str = "张*明",
    anonymous: bool = False,
    state: CaseState = CaseState.TRANSFERRED,
    transferred: date = TRANSFERRED,
    due: date = DUE,
    outcome: Outcome | None = None,
    category: str = "交通出行",
    place: str = "黄龙社区青芝坞路口",
) -> Case:
    desk = DeskFields(
        case_number=f"BSJD-261120-{number:03d}-1", session_id="S1", issue_id=f"I{number}", visitor_id=f"V{number}",
        site_code="BSJD", day=DAY, category=category, request_type="transfer", district="第一选区",
        summary=summary, own_words="我家门口的路坏了很久了。", place=place, receiving_deputy="周建国",
        desk_target="JDBSC", suggestion_deputy="", visitor_masked="" if anonymous else masked,
        phone_last4="5678", confidential=False, deputies_on_duty=("周建国", "林晓梅"),
    )  # fmt: skip
    followup = Followup(
        kind=CaseKind.TRANSFER, anonymous=anonymous, state=state, unit="JDBSC", slip_number=f"ZB-2026-{number:04d}",
        transferred_on=transferred, due_on=due, round=1, outcome=outcome,
    )  # fmt: skip
    return Case(case_id=f"case-{number}", desk=desk, followup=followup, revision=1)


def replied(case: Case, outcome: Outcome = Outcome.B) -> Case:
    return replace(case, followup=replace(case.followup, state=CaseState.REPLIED, outcome=outcome))


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def body_text(pages: list[str]) -> str:
    """All pages' text without the page numbers (— 2 — would sit in the middle of a text that flows on)."""
    return "".join(re.sub(r"^\s*— \d+ —\s*$", "", page, flags=re.MULTILINE) for page in pages)


def flat(text: str) -> str:
    """Text without any whitespace (wrapping breaks lines anywhere in Chinese text)."""
    return re.sub(r"\s+", "", text)


def render_first_page(data: bytes, png: Path, scale: float = 1.0) -> tuple[int, int, int]:
    """Render page 1 with pdfium to the PNG file ``png``; its size and how many pixels are dark (something drawn)."""
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=scale).to_pil().convert("L")
        image.save(png)
        dark = sum(image.histogram()[:128])
        return image.width, image.height, dark
    finally:
        document.close()
