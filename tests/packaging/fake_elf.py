"""Fabricated ELF files and PyInstaller one-file programs for the glibc floor tests (no compiler needed)."""

from __future__ import annotations

import struct
import zlib

from .conftest import load

glibc_floor = load("glibc_floor")


def make_elf(needs: dict[str, list[str]]) -> bytes:
    """A minimal little-endian ELF64 image with section headers: null, .dynstr and .gnu.version_r (verneed)."""
    strings = b"\0"
    offsets: dict[str, int] = {}
    for name in [*needs, *(v for vs in needs.values() for v in vs)]:
        if name not in offsets:
            offsets[name] = len(strings)
            strings += name.encode() + b"\0"
    verneed = b""
    libraries = list(needs.items())
    for index, (library, versions) in enumerate(libraries):
        entry_size = 16 + 16 * len(versions)
        following = entry_size if index < len(libraries) - 1 else 0
        verneed += struct.pack("<HHIII", 1, len(versions), offsets[library], 16, following)
        for position, version in enumerate(versions):
            aux_next = 16 if position < len(versions) - 1 else 0
            verneed += struct.pack("<IHHII", 0, 0, 0, offsets[version], aux_next)
    strtab_offset = 64
    verneed_offset = strtab_offset + len(strings)
    shoff = verneed_offset + len(verneed)
    header = bytearray(64)
    header[:6] = b"\x7fELF\x02\x01"
    struct.pack_into("<Q", header, 0x28, shoff)
    struct.pack_into("<HH", header, 0x3A, 64, 3)
    section = struct.Struct("<IIQQQQIIQQ")
    sections = (section.pack(*[0] * 10)
                + section.pack(0, 3, 0, 0, strtab_offset, len(strings), 0, 0, 1, 0)
                + section.pack(0, glibc_floor.SHT_GNU_VERNEED, 0, 0, verneed_offset, len(verneed), 1, len(needs), 8, 0))
    return bytes(header) + strings + verneed + sections


def make_onefile(bootloader: bytes, entries: list[tuple[str, bytes, bool, bytes]]) -> bytes:
    """Bootloader + a CArchive laid out as PyInstaller 6 writes it: data, TOC, cookie. Entries: name, data,
    compress?, type code."""
    blob = b""
    toc = b""
    for name, data, compress, typecode in entries:
        stored = zlib.compress(data) if compress else data
        raw = name.encode() + b"\0"
        raw += b"\0" * (-(glibc_floor.TOC_ENTRY.size + len(raw)) % 16)
        toc += glibc_floor.TOC_ENTRY.pack(glibc_floor.TOC_ENTRY.size + len(raw), len(blob), len(stored), len(data),
                                          int(compress), typecode) + raw
        blob += stored
    archive_length = len(blob) + len(toc) + glibc_floor.COOKIE.size
    cookie = glibc_floor.COOKIE.pack(glibc_floor.ARCHIVE_MAGIC, archive_length, len(blob), len(toc), 313,
                                     b"libpython3.13.so.1.0")
    return bootloader + blob + toc + cookie
