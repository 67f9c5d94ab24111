"""A small ESC/POS reader for tests: commands, GB18030 text lines, QR data and raster images."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image


@dataclass
class Job:
    """What a printer would do with the bytes."""

    commands: list[bytes] = field(default_factory=list)
    """Each command's leading bytes (``b"\\x1b@"``, ``b"\\x1d(k"``, ``b"\\x1dV"``…), in order."""
    text_lines: list[str] = field(default_factory=list)
    qr_data: list[bytes] = field(default_factory=list)
    """Data stored with ``GS ( k`` function 80 (cn 49)."""
    images: list[Image.Image] = field(default_factory=list)
    chinese_mode: list[bool] = field(default_factory=list)
    """Whether Chinese mode (FS &) was on when each text line was printed."""


FIXED = {  # command prefix -> number of parameter bytes after it
    b"\x1b@": 0,
    b"\x1c&": 0,
    b"\x1c.": 0,
    b"\x1bE": 1,
    b"\x1b!": 1,
    b"\x1d!": 1,
    b"\x1ba": 1,
    b"\x1bd": 1,
    b"\x1bt": 1,
    b"\x1bJ": 1,
}


def parse(data: bytes) -> Job:
    """Walk the bytes; an unknown command raises, so stray bytes cannot hide."""
    job = Job()
    text = bytearray()
    chinese = False
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == 0x0A:
            job.text_lines.append(text.decode("gb18030"))
            job.chinese_mode.append(chinese)
            text.clear()
            i += 1
            continue
        if byte not in (0x1B, 0x1C, 0x1D):
            text.append(byte)
            i += 1
            continue
        head = data[i : i + 2]
        if head in FIXED:
            job.commands.append(head)
            chinese = True if head == b"\x1c&" else False if head == b"\x1c." else chinese
            i += 2 + FIXED[head]
        elif data[i : i + 3] == b"\x1d(k":
            length = data[i + 3] + 256 * data[i + 4]
            body = data[i + 5 : i + 5 + length]
            job.commands.append(b"\x1d(k")
            if body[:2] == b"1P":
                job.qr_data.append(body[3:])
            i += 5 + length
        elif data[i : i + 3] == b"\x1dv0":
            width_bytes = data[i + 4] + 256 * data[i + 5]
            height = data[i + 6] + 256 * data[i + 7]
            raster = data[i + 8 : i + 8 + width_bytes * height]
            image = Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in raster))
            job.images.append(image)
            job.commands.append(b"\x1dv0")
            i += 8 + width_bytes * height
        elif head == b"\x1dV":
            mode = data[i + 2]
            job.commands.append(head)
            i += 3 if mode in (0, 1, 48, 49) else 4
        else:
            raise ValueError(f"unknown command at {i}: {data[i : i + 4]!r}")
    assert not text, "text left without a line feed"
    return job
