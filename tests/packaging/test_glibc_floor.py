"""The glibc floor check: the highest GLIBC_x.y an ELF file, a folder or a PyInstaller one-file program needs."""

from __future__ import annotations

import platform
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import load
from .fake_elf import make_elf, make_onefile

glibc_floor = load("glibc_floor")


def test_reads_the_versions_of_a_fabricated_elf() -> None:
    needs = glibc_floor.elf_version_needs(make_elf({"libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.17"],
                                                    "libm.so.6": ["GLIBC_2.29"]}))
    assert needs == {"libc.so.6": {"GLIBC_2.2.5", "GLIBC_2.17"}, "libm.so.6": {"GLIBC_2.29"}}
    assert glibc_floor.ElfNeeds("x", needs).glibc() == "GLIBC_2.29"
    # 2.2.5 < 2.17 < 2.29 as versions, not as strings
    assert glibc_floor.ElfNeeds("x", {"libc.so.6": {"GLIBC_2.2.5", "GLIBC_2.17", "GLIBC_PRIVATE"}}).glibc() \
        == "GLIBC_2.17"
    with pytest.raises(ValueError):
        glibc_floor.elf_version_needs(b"#!/bin/sh\necho not an ELF file\n" + b"\0" * 64)


def test_a_real_system_binary_matches_objdump_and_this_machines_glibc() -> None:
    true = Path(shutil.which("true") or "/bin/true")
    found = glibc_floor.inspect(true)
    assert len(found) == 1  # no archive appended
    needed = found[0].glibc()
    assert glibc_floor.version_key(needed) >= (2, 2, 5)
    libc_name, libc_version = platform.libc_ver()
    if libc_name == "glibc":
        assert glibc_floor.version_key(needed) <= glibc_floor.version_key(libc_version)
    objdump = shutil.which("objdump")
    if objdump:
        out = subprocess.run([objdump, "-T", str(true)], capture_output=True, text=True, check=True).stdout
        versions = {word.strip("()") for word in out.split() if word.strip("()").startswith("GLIBC_2")}
        assert needed == max(versions, key=glibc_floor.version_key)


def test_a_onefile_program_is_read_without_running_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    program = tmp_path / "reception-linux-x86_64"
    program.write_bytes(make_onefile(make_elf({"libc.so.6": ["GLIBC_2.2.5"]}), [
        ("pyi-python-flag", b"", False, b"o"),
        ("libpython3.13.so.1.0", make_elf({"libc.so.6": ["GLIBC_2.17", "GLIBC_2.26"]}), True, b"b"),
        ("lib-dynload/math.so", make_elf({"libm.so.6": ["GLIBC_2.29"], "libc.so.6": ["GLIBC_2.2.5"]}), False, b"b"),
        ("libsqlite3.so.0", make_elf({"libc.so.6": ["GLIBC_2.29"], "libstdc++.so.6": ["GLIBCXX_3.4.25"]}), True,
         b"b"),
        ("base_library.zip", b"PK\x03\x04 not an ELF file", True, b"x"),
    ]))
    found = glibc_floor.inspect(program)
    assert [f.name for f in found] == ["reception-linux-x86_64", "libpython3.13.so.1.0", "lib-dynload/math.so",
                                       "libsqlite3.so.0"]
    assert glibc_floor.floor(found) == ("GLIBC_2.29", ["lib-dynload/math.so", "libsqlite3.so.0"])
    assert glibc_floor.external_needs(found) == {"libstdc++.so.6": "GLIBCXX_3.4.25"}  # not carried

    assert glibc_floor.main([str(program), "--max", "2.28"]) == 1
    out = capsys.readouterr()
    assert "glibc floor: 2.29 (GLIBC_2.29 needed by lib-dynload/math.so, libsqlite3.so.0)" in out.out
    assert "libstdc++.so.6 GLIBCXX_3.4.25" in out.out
    assert "above the allowed 2.28" in out.err
    assert glibc_floor.main([str(program), "--max", "2.29"]) == 0
    assert glibc_floor.main([str(program), "--max", "2.28.1"]) == 1


def test_a_folder_is_walked_for_elf_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "lib-dynload").mkdir()
    (tmp_path / "lib-dynload" / "_ssl.so").write_bytes(make_elf({"libc.so.6": ["GLIBC_2.28"]}))
    (tmp_path / "libz.so.1").write_bytes(make_elf({"libc.so.6": ["GLIBC_2.14"]}))
    (tmp_path / "notes.txt").write_text("not an ELF file", encoding="utf-8")
    assert glibc_floor.main([str(tmp_path), "--max", "2.28", "-v"]) == 0
    out = capsys.readouterr().out
    assert "2 ELF files; glibc floor: 2.28 (GLIBC_2.28 needed by lib-dynload/_ssl.so)" in out


def test_not_an_elf_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "reception"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    assert glibc_floor.main([str(script)]) == 2
    assert "not an ELF file" in capsys.readouterr().err


def test_build_single_refuses_a_program_above_the_allowed_floor(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    build_single = load("build_single")
    program = tmp_path / "reception-linux-x86_64"
    program.write_bytes(make_onefile(make_elf({"libc.so.6": ["GLIBC_2.2.5"]}), [
        ("libpython3.13.so.1.0", make_elf({"libc.so.6": ["GLIBC_2.36"]}), True, b"b"),
    ]))
    assert build_single.check_glibc_floor(program, "2.28") == 1
    out = capsys.readouterr()
    assert "glibc floor: 2.36 (GLIBC_2.36 needed by libpython3.13.so.1.0)" in out.out
    assert "above the allowed 2.28" in out.err
    assert build_single.check_glibc_floor(program, None) == 0
    assert build_single.check_glibc_floor(program, "2.36") == 0
