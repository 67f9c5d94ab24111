"""The public notice: its content, the three formats, and that no visitor's data ever reaches it."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

from pypdf import PdfReader

from reception_tui.calendar import build_notice, duty_for, render_markdown, render_text, write_notice_files
from reception_tui.calendar.notice_pdf import render_pdf
from reception_tui.domain.site import SiteConfig
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder

DAY = date(2026, 2, 24)  # the February day, moved from the 20th past the Spring Festival


def _duty(config: SiteConfig, day: date = DAY):  # type: ignore[no-untyped-def]
    duty = duty_for(config, day)
    assert duty is not None
    return duty


def pdf_text(data: bytes) -> tuple[int, str, tuple[float, float]]:
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), "".join(text.split()), (float(box.width), float(box.height))


def test_notice_content(sample_config: SiteConfig) -> None:
    notice = build_notice(sample_config, _duty(sample_config))
    assert notice.title == "人大代表接待日公告"
    assert notice.date_line == "2026年2月24日（星期二）"
    assert notice.time_line == "14:30—16:30"
    assert notice.deputies == (("陈志远", "区人大代表"), ("王秀英", "区人大代表"))
    assert "北山街道党群服务中心二楼" in notice.place_line
    assert len(notice.districts) == 4 and notice.districts[3] == "第四选区（黄龙社区）"
    assert "诉讼、仲裁、行政复议、信访" in notice.redirect and "其他" not in notice.redirect
    assert notice.phone_line == "咨询电话：0571-87654321"
    assert notice.issued == "2026年2月14日"  # 2-19 is in the holiday; 2-14 is a 调休 Saturday


def test_text_and_markdown(sample_config: SiteConfig) -> None:
    notice = build_notice(sample_config, _duty(sample_config))
    text = render_text(notice)
    for line in (
        "人大代表接待日公告",
        "2026年2月24日（星期二）",
        "陈志远（区人大代表）",
        "三、接待代表：",
        "第一选区（保俶社区、松木场社区）",
        "咨询电话：0571-87654321",
        "请携带与反映事项有关的材料",
    ):
        assert line in text
    markdown = render_markdown(notice)
    assert markdown.startswith("# 人大代表接待日公告\n")
    assert "## 三、接待代表" in markdown and "- 王秀英（区人大代表）" in markdown


def test_markdown_escapes_config_text(sample_config: SiteConfig) -> None:
    config = dataclasses.replace(sample_config, place="[二楼](http://x) *会议室*")
    markdown = render_markdown(build_notice(config, _duty(config)))
    assert r"\[二楼\](http://x) \*会议室\*" in markdown


def test_pdf_is_one_a4_page_with_the_chinese_lines(sample_config: SiteConfig) -> None:
    notice = build_notice(sample_config, _duty(sample_config))
    for embed in (False, True):
        data = render_pdf(notice, embed_font=embed)
        assert data.startswith(b"%PDF-")
        pages, text, size = pdf_text(data)
        assert pages == 1
        assert abs(size[0] - 595.28) < 0.5 and abs(size[1] - 841.89) < 0.5
        for line in (
            "人大代表接待日公告",
            "西湖区北山街道人大代表工作室",
            "2026年2月24日（星期二）",
            "14:30—16:30",
            "陈志远",
            "王秀英",
            "区人大代表",
            "第四选区（黄龙社区）",
            "咨询电话：0571-87654321",
            "2026年2月14日",
        ):
            assert line in text, line


def test_pdf_survives_markup_characters_in_the_config(sample_config: SiteConfig) -> None:
    config = dataclasses.replace(sample_config, place="<b>二楼</b> & 会议室")
    _, text, _ = pdf_text(render_pdf(build_notice(config, _duty(config)), embed_font=False))
    assert "<b>二楼</b>&会议室" in text


def test_no_visitor_data_in_any_notice(sample_config: SiteConfig, data_folder: DataFolder) -> None:
    folder = data_folder
    demo = make_demo_session(folder, sample_config, visitors=12, day=DAY, seed=7)
    snapshot = folder.read(folder.session_folders()[0])
    assert demo is not None and len(snapshot.visitors) == 12
    paths = write_notice_files(
        folder.root, sample_config, _duty(sample_config), formats=("pdf", "text", "md")
    )
    assert [p.suffix for p in paths] == [".pdf", ".txt", ".md"]
    texts = [pdf_text(paths[0].read_bytes())[1], paths[1].read_text("utf-8"), paths[2].read_text("utf-8")]
    for visitor in snapshot.visitors:
        for text in texts:
            if visitor.name:
                assert visitor.name not in text
            if visitor.phone:
                assert visitor.phone not in text
    assert all(p.parent == folder.root / "notices" for p in paths)
