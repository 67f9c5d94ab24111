"""Writing a day's notice into the data folder (``notices/``), where the screen and the office find it."""

from __future__ import annotations

from pathlib import Path

from reception_tui.calendar.notice import build_notice, render_markdown, render_text
from reception_tui.calendar.rota import DutyDay
from reception_tui.domain.site import SiteConfig
from reception_tui.storage.atomic import ensure_private_dir, write_atomic

NOTICES_DIR = "notices"
FORMATS = ("text", "md", "pdf")
SUFFIXES = {"text": ".txt", "md": ".md", "pdf": ".pdf"}


def render_notice(config: SiteConfig, duty: DutyDay, fmt: str) -> bytes:
    """The notice of ``duty`` in one of :data:`FORMATS`, as the bytes of its file."""
    notice = build_notice(config, duty)
    if fmt == "pdf":
        from reception_tui.calendar.notice_pdf import render_pdf  # reportlab loads only when a PDF is made

        return render_pdf(notice)
    if fmt == "md":
        return render_markdown(notice).encode("utf-8")
    if fmt == "text":
        return render_text(notice).encode("utf-8")
    raise ValueError(fmt)


def notice_path(data_root: Path, config: SiteConfig, duty: DutyDay, fmt: str) -> Path:
    """Where the notice of a day is kept: ``notices/<date>_<site>_notice.<ext>``."""
    return data_root / NOTICES_DIR / f"{duty.reception.day:%Y-%m-%d}_{config.site_code}_notice{SUFFIXES[fmt]}"


def notice_written(data_root: Path, config: SiteConfig, duty: DutyDay) -> bool:
    """Whether a printable notice (PDF) of this day is already in the data folder."""
    return notice_path(data_root, config, duty, "pdf").is_file()


def write_notice_files(data_root: Path, config: SiteConfig, duty: DutyDay,
                       formats: tuple[str, ...] = ("pdf", "text")) -> list[Path]:  # fmt: skip
    """Write the notice in each format durably; returns the files written (``OSError`` propagates)."""
    ensure_private_dir(data_root / NOTICES_DIR)
    written = []
    for fmt in formats:
        path = notice_path(data_root, config, duty, fmt)
        write_atomic(path, render_notice(config, duty, fmt))
        written.append(path)
    return written
