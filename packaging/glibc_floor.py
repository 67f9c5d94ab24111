"""Which glibc a program needs: the highest GLIBC_x.y symbol version asked for by any ELF file in it.

    python packaging/glibc_floor.py FILE_OR_FOLDER [...] [--max 2.28] [--verbose]

A PyInstaller one-file program is read without running it: the ELF bootloader itself and every ELF file in
the archive appended to it (the interpreter's libpython, the C extensions, the libraries PyInstaller copied:
libssl, libffi, libz, libsqlite3 …). A folder (an unpacked ``_MEI*`` folder, a venv) is walked for ELF files;
a plain ELF file is read on its own. Standard library only (no objdump, no pyelftools, no PyInstaller).

Prints the floor and the file that needs it, e.g. ``glibc floor: 2.27 (GLIBC_2.27 needed by
libpython3.13.so.1.0)``; ``--verbose`` lists every ELF with its highest GLIBC version; versions asked of
libraries the program does not carry (GLIBCXX_ of a libstdc++ taken from the system …) are listed too.
With ``--max X.Y`` the exit status is 1 when the floor is above X.Y (2.28: UOS 20, Kylin V10, Debian 10).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
SHT_GNU_VERNEED = 0x6FFFFFFE
# the trailer PyInstaller appends to its bootloader: magic, archive length, TOC offset, TOC length, Python
# version, libpython's name (big-endian); each TOC entry: entry length, offset, stored length, unpacked
# length, compressed flag, type code, then the name padded with NULs
ARCHIVE_MAGIC = b"MEI\014\013\012\013\016"
COOKIE = struct.Struct("!8sIIII64s")
TOC_ENTRY = struct.Struct("!IIIIBc")


def version_key(version: str) -> tuple[int, ...]:
    """``GLIBC_2.27`` or ``2.27`` -> (2, 27); what is not a number sorts as 0."""
    text = version.split("_", 1)[1] if "_" in version else version
    return tuple(int(part) if part.isdigit() else 0 for part in text.split("."))


@dataclass
class ElfNeeds:
    """The symbol versions one ELF file asks of each library (``libc.so.6`` -> {"GLIBC_2.2.5", …})."""

    name: str
    needs: dict[str, set[str]] = field(default_factory=dict)

    def glibc(self) -> str:
        """The highest GLIBC_x.y this file needs (from libc, libm, libpthread …), or '' when none."""
        versions = [v for vs in self.needs.values() for v in vs if v.startswith("GLIBC_") and v[6:7].isdigit()]
        return max(versions, key=version_key, default="")


def elf_version_needs(data: bytes) -> dict[str, set[str]]:
    """Read the ``.gnu.version_r`` section (SHT_GNU_verneed) of an ELF image: library -> versions needed.

    Raises ValueError for something that is not an ELF file or is cut short."""
    if data[:4] != ELF_MAGIC or len(data) < 64:
        raise ValueError("not an ELF file")
    is64 = data[4] == 2
    order = "<" if data[5] == 1 else ">"
    if is64:
        shoff, = struct.unpack_from(order + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(order + "HH", data, 0x3A)
        section = struct.Struct(order + "IIQQQQIIQQ")  # name type flags addr offset size link info align entsize
    else:
        shoff, = struct.unpack_from(order + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(order + "HH", data, 0x2E)
        section = struct.Struct(order + "IIIIIIIIII")
    if shoff == 0 or shnum == 0:
        return {}
    if shoff + shnum * shentsize > len(data):
        raise ValueError("section headers beyond the end of the file")
    headers = [section.unpack_from(data, shoff + i * shentsize) for i in range(shnum)]
    verneed = struct.Struct(order + "HHIII")  # version count file aux next
    vernaux = struct.Struct(order + "IHHII")  # hash flags other name next
    needs: dict[str, set[str]] = {}
    for header in headers:
        if header[1] != SHT_GNU_VERNEED:
            continue
        offset, size, link = header[4], header[5], header[6]
        strtab_offset = headers[link][4]

        def string(at: int, base: int = strtab_offset) -> str:
            end = data.index(b"\0", base + at)
            return data[base + at:end].decode("ascii", "replace")

        position = offset
        while position < offset + size:
            _, count, file_name, aux, following = verneed.unpack_from(data, position)
            wanted = needs.setdefault(string(file_name), set())
            aux_position = position + aux
            for _ in range(count):
                _, _, _, name, aux_next = vernaux.unpack_from(data, aux_position)
                wanted.add(string(name))
                if aux_next == 0:
                    break
                aux_position += aux_next
            if following == 0:
                break
            position += following
    return needs


def pyinstaller_entries(path: Path) -> Iterator[tuple[str, bytes]]:
    """The files inside a PyInstaller one-file program (name, unpacked bytes); nothing when it holds no archive."""
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - 8192))
        tail = handle.read()
        at = tail.rfind(ARCHIVE_MAGIC)
        if at < 0:
            return
        cookie_offset = size - len(tail) + at
        _, archive_length, toc_offset, toc_length, _, _ = COOKIE.unpack(tail[at:at + COOKIE.size])
        start = cookie_offset + COOKIE.size - archive_length
        handle.seek(start + toc_offset)
        toc = handle.read(toc_length)
        position = 0
        while position < len(toc):
            entry_length, offset, stored, _, compressed, typecode = TOC_ENTRY.unpack_from(toc, position)
            name = toc[position + TOC_ENTRY.size:position + entry_length].rstrip(b"\0").decode("utf-8", "replace")
            position += entry_length
            if typecode == b"o" or entry_length == 0:  # a runtime option, not a file
                if entry_length == 0:
                    break
                continue
            handle.seek(start + offset)
            data = handle.read(stored)
            if compressed:
                data = zlib.decompress(data)
            yield name, data


def inspect(path: Path) -> list[ElfNeeds]:
    """Every ELF file in ``path`` (a one-file program, a folder or one ELF file) with its version needs."""
    found: list[ElfNeeds] = []
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink()):
            with file.open("rb") as handle:
                if handle.read(4) != ELF_MAGIC:
                    continue
            found.append(ElfNeeds(str(file.relative_to(path)), elf_version_needs(file.read_bytes())))
        return found
    data = path.read_bytes()
    if data[:4] != ELF_MAGIC:
        raise ValueError(f"{path}: not an ELF file or folder")
    found.append(ElfNeeds(path.name, elf_version_needs(data)))
    for name, content in pyinstaller_entries(path):
        if content[:4] == ELF_MAGIC:
            found.append(ElfNeeds(name, elf_version_needs(content)))
    return found


def floor(found: list[ElfNeeds]) -> tuple[str, list[str]]:
    """The highest GLIBC version any file needs and the files that need exactly that one."""
    highest = max((f.glibc() for f in found), key=lambda v: version_key(v) if v else (), default="")
    return highest, [f.name for f in found if highest and f.glibc() == highest]


def external_needs(found: list[ElfNeeds]) -> dict[str, str]:
    """Highest non-GLIBC version asked of each library the program does not carry (e.g. libstdc++.so.6)."""
    carried = {Path(f.name).name for f in found}
    result: dict[str, str] = {}
    for f in found:
        for library, versions in f.needs.items():
            if library in carried:
                continue
            for version in versions:
                if version.startswith("GLIBC_"):
                    continue
                if library not in result or version_key(version) > version_key(result[library]):
                    result[library] = version
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--max", help="exit 1 when the floor is above this glibc version (e.g. 2.28)")
    parser.add_argument("--verbose", "-v", action="store_true", help="every ELF file with its highest GLIBC version")
    args = parser.parse_args(argv)
    status = 0
    for path in args.paths:
        try:
            found = inspect(path)
        except (OSError, ValueError, struct.error, zlib.error) as error:
            print(f"error: {path}: {error}", file=sys.stderr)
            return 2
        if args.verbose:
            for f in sorted(found, key=lambda f: version_key(f.glibc()) if f.glibc() else ()):
                print(f"  {f.glibc() or '-':12} {f.name}")
        highest, needers = floor(found)
        shown = ", ".join(needers[:5]) + (f" and {len(needers) - 5} more" if len(needers) > 5 else "")
        print(f"{path}: {len(found)} ELF files; glibc floor: {highest[6:] or 'none'}"
              + (f" ({highest} needed by {shown})" if highest else ""))
        for library, version in sorted(external_needs(found).items()):
            print(f"  also needs from the system: {library} {version}")
        if args.max and highest and version_key(highest) > version_key(args.max):
            print(f"  above the allowed {args.max}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
