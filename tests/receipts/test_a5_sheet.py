"""The A5 receipt fits one page, QR code and office phone included, for a visitor with up to 8 issues."""

from __future__ import annotations

import dataclasses
import io
from datetime import datetime
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from reception_tui.domain.dispositions import DispositionInput
from reception_tui.domain.intake import IssueInput, VisitorInput
from reception_tui.domain.models import DispositionKind
from reception_tui.domain.site import LimitUnit, SiteConfig, TargetKind, TransferTarget
from reception_tui.receipts.content import IssueLine, ReceiptContent, build_receipt
from reception_tui.receipts.payload import load_or_create_secret
from reception_tui.receipts.pdf_receipt import PdfPaper, pdf_bytes
from reception_tui.receipts.pdf_sheet import MARGIN, PAGE_WIDTH
from reception_tui.services.desk import DeskService, open_new_session
from reception_tui.storage.data_folder import DataFolder

from .conftest import DAY, PRINT_TIME, ZONE, ticking

LONG_TARGET = TransferTarget(
    "LONG", "杭州市西湖区住房和城乡建设局房屋安全管理与物业服务监督管理科（北山街道联络点）",
    TargetKind.DEPARTMENT, 20, LimitUnit.WORKING_DAYS,
)  # fmt: skip
OWN_WORDS = "我家住在北山街道黄龙社区，小区门口的道路破损已经有半年多了，下雨天积水很深，老人孩子出行很不方便。" * 12
SUMMARY = "小区门口道路破损积水，影响老人儿童出行，请求尽快修复并加装排水设施。" * 6


def _disposition(number: int) -> DispositionInput:
    kind = list(DispositionKind)[number % 4]
    if kind is DispositionKind.EXPLAINED:
        return DispositionInput(kind, explanation="当场解释了政策。" * 20, explained_by="周建国")
    if kind is DispositionKind.TRANSFER:
        return DispositionInput(kind, target_code=LONG_TARGET.code if number % 2 else "JDBSC")
    if kind is DispositionKind.SUGGESTION:
        return DispositionInput(kind, deputy="林晓梅")
    return DispositionInput(kind, channel="行政复议", directed_to="西湖区人民政府行政复议局" * 4)


def _receipt(tmp_path: Path, config: SiteConfig, issues: int, *, reprint: bool = False) -> ReceiptContent:
    """A visitor with ``issues`` issues, long texts, every third issue confidential."""
    config = dataclasses.replace(config, transfer_targets=(*config.transfer_targets, LONG_TARGET))
    data = DataFolder(tmp_path / "a5").ensure()
    clock = ticking(datetime(2026, 11, 20, 14, 30, tzinfo=ZONE))
    store = open_new_session(
        data, config, day=DAY, deputies=["周建国", "林晓梅"], liaison_officer="李婷", operator="李婷", clock=clock
    )
    try:
        desk = DeskService(store, config, operator="李婷", clock=clock)
        visitor = desk.register_visitor(
            VisitorInput(name="欧阳娜娜", phone="13812341234", district=config.districts[0].name, consent=True)
        ).record
        for number in range(issues):
            desk.add_issue(
                visitor.id,
                IssueInput(
                    category=config.categories[number % len(config.categories)],
                    request_type="建议",
                    own_words=OWN_WORDS,
                    summary=SUMMARY,
                    confidential=number % 3 == 2,
                ),
                _disposition(number),
            )
        snapshot = store.snapshot()
    finally:
        store.close()
    secret = load_or_create_secret(data.root)
    reprint_of = PRINT_TIME if reprint else None
    return build_receipt(snapshot, config, visitor.id, secret=secret, printed_at=PRINT_TIME, reprint_of=reprint_of)



def _decoded_and_extent(data: bytes) -> tuple[list[str], tuple[float, float]]:
    """What zxing-cpp reads from the first page rendered at 216 dpi, and how far left and right its text reaches."""
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        image = page.render(scale=3).to_pil()
        text = page.get_textpage()
        boxes = [text.get_charbox(i) for i in range(text.count_chars())]
    finally:
        document.close()
    extent = (min(box[0] for box in boxes), max(box[2] for box in boxes))
    return [result.text for result in zxingcpp.read_barcodes(image)], extent


@pytest.mark.parametrize(("issues", "reprint"), [(n, False) for n in range(1, 9)] + [(8, True)])
def test_a5_receipt_is_one_page_with_the_qr_code(
    tmp_path: Path, config: SiteConfig, issues: int, reprint: bool
) -> None:
    content = _receipt(tmp_path, config, issues, reprint=reprint)
    assert len(content.issues) == issues
    data = pdf_bytes(content, PdfPaper.A5, embed_font=False)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width) / 72 * 25.4), round(float(page.mediabox.height) / 72 * 25.4)) == (
        148,
        210,
    )
    decoded, (left, right) = _decoded_and_extent(data)
    assert decoded == [content.payload]
    assert MARGIN - 1 <= left and right <= PAGE_WIDTH - MARGIN + 1  # no line runs past the margins
    text = "".join(page.extract_text().split())
    assert "0571-87654321" in text and str(content.ref) in text and "欧**娜" in text
    for line in content.issues:
        assert line.case_number in text
    confidential = [line for line in content.issues if line.confidential]
    assert text.count("保密事项") == len(confidential)
    assert ("补打" in text) is reprint
    assert OWN_WORDS[:20] not in text and SUMMARY[:20] not in text  # the receipt never carries the visitor's words


def test_eight_transfers_to_a_long_named_body_on_a_reprint_still_fit(tmp_path: Path, config: SiteConfig) -> None:
    """The tallest receipt: every issue transferred (long body and category, reply date), reprint mark, long place."""
    content = _receipt(tmp_path, config, 8, reprint=True)
    due = content.issues[1].expected_reply
    issues = tuple(
        IssueLine(f"issue-{n}", n, f"{content.ref}-{n}-25", False, "城乡建设与规划（住房、物业、老旧小区改造）",
                  "需转办", LONG_TARGET.name + "（二次转办）", expected_reply=due)
        for n in range(1, 9)
    )  # fmt: skip
    tallest = dataclasses.replace(content, issues=issues, place=content.place + "（黄龙社区文化家园三楼多功能厅）")
    data = pdf_bytes(tallest, PdfPaper.A5, embed_font=False)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    decoded, (left, right) = _decoded_and_extent(data)
    assert decoded == [tallest.payload]
    assert MARGIN - 1 <= left and right <= PAGE_WIDTH - MARGIN + 1
