"""Build the single-file Linux program with PyInstaller: one executable that needs no Python on the laptop.

    python packaging/build_single.py --out DIR [--name reception-linux-x86_64] [--keep-build]

Run it with the Python environment the program should carry: the app and its dependencies installed
(``pip install .``) plus ``pip install pyinstaller``. The result is ``DIR/<name>``: the interpreter, the app,
its schemas, sample data, Textual styles (.tcss), reportlab's CJK (CID) font data, the QR code and ESC/POS
printer code, psycopg's bundled libpq and every lazily imported module (subcommands found with pkgutil,
Textual widgets, holidays' countries …). It unpacks itself to a temporary folder at each start.

The program links against the building machine's glibc: build on the oldest Linux it must run on (glibc
2.28 covers UOS 20, Kylin V10 and Debian 10; a build on Debian 12 needs glibc 2.36).
``packaging/build_single_oldglibc.sh`` does that in an Ubuntu 18.04 chroot (glibc 2.27) with a CPython built
there, and runs this script with that interpreter. At the end the program's glibc floor is read from its ELF
files (``packaging/glibc_floor.py``); ``--max-glibc 2.28`` makes a higher floor an error (exit 1).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ENTRY = """\
import sys

from reception_tui.cli import main

if __name__ == "__main__":
    sys.exit(main())
"""

# packages imported lazily (importlib / pkgutil / inside functions) or carrying data files
COLLECT_SUBMODULES = ("reception_tui", "textual", "rich", "holidays", "qrcode", "escpos", "reportlab", "psycopg",
                      "openpyxl", "platformdirs", "jsonschema", "pygments.lexers", "pygments.styles")
COLLECT_DATA = ("reception_tui", "textual", "reportlab", "escpos", "barcode", "jsonschema", "jsonschema_specifications",
                "holidays", "tzdata")
COLLECT_BINARIES = ("psycopg_binary", "nacl", "cffi")
# C extensions imported by other C extensions (PyInstaller's analysis cannot see them)
HIDDEN_IMPORTS = ("_cffi_backend", "psycopg_binary.pq", "psycopg_binary._psycopg")
EXCLUDES = ("tkinter", "pytest", "hypothesis", "mypy", "ruff", "zxingcpp", "pypdfium2", "pypdf", "IPython")


def pyinstaller_args(name: str, entry: Path, work: Path, dist: Path) -> list[str]:
    args = [
        "--onefile", "--noconfirm", "--clean", "--log-level", "WARN", "--name", name,
        "--workpath", str(work), "--distpath", str(dist), "--specpath", str(work),
        "--python-option", "u",
    ]
    for package in COLLECT_SUBMODULES:
        args += ["--collect-submodules", package]
    for package in COLLECT_DATA:
        if _installed(package):
            args += ["--collect-data", package]
    for package in COLLECT_BINARIES:
        if _installed(package):
            args += ["--collect-binaries", package, "--hidden-import", package]
    for module in HIDDEN_IMPORTS:
        args += ["--hidden-import", module]
    for module in EXCLUDES:
        args += ["--exclude-module", module]
    return [*args, str(entry)]


def _installed(package: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(package) is not None


def glibc_built_on() -> str:
    """The glibc of the building machine: every library PyInstaller copied came from it, so the program needs
    that glibc or a newer one (it may run on an older one, but nothing promises it)."""
    name, version = platform.libc_ver()
    return version if name == "glibc" else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--name", default=f"reception-linux-{platform.machine()}")
    parser.add_argument("--keep-build", action="store_true", help="keep PyInstaller's work folder (for debugging)")
    parser.add_argument("--max-glibc", metavar="X.Y",
                        help="fail (exit 1) when the program needs a newer glibc than this, e.g. 2.28 for UOS 20")
    args = parser.parse_args(argv)
    if not _installed("PyInstaller"):
        print("error: PyInstaller is not installed here: pip install pyinstaller", file=sys.stderr)
        return 1
    if not _installed("reception_tui"):
        print("error: install the app into this environment first: pip install .", file=sys.stderr)
        return 1
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="reception-pyinstaller-"))
    try:
        entry = work / "reception_entry.py"
        entry.write_text(ENTRY, encoding="utf-8")
        command = [sys.executable, "-m", "PyInstaller", *pyinstaller_args(args.name, entry, work / "build", out)]
        result = subprocess.run(command, cwd=work, env={**os.environ, "PYTHONHASHSEED": "0"}, check=False)
        if result.returncode != 0:
            print(f"error: PyInstaller failed (exit {result.returncode}); see its messages above", file=sys.stderr)
            return 1
    finally:
        if not args.keep_build:
            shutil.rmtree(work, ignore_errors=True)
    binary = out / args.name
    glibc = glibc_built_on()
    note = f" on glibc {glibc}" if glibc else ""
    print(f"built {binary} ({binary.stat().st_size / 1e6:.1f} MB){note}")
    return check_glibc_floor(binary, args.max_glibc)


def check_glibc_floor(binary: Path, max_glibc: str | None) -> int:
    """Print the highest GLIBC_x.y any ELF file in the program needs (and which); 1 if above ``max_glibc``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import glibc_floor

    found = glibc_floor.inspect(binary)
    highest, needers = glibc_floor.floor(found)
    print(f"glibc floor: {highest[6:] or 'none'} ({highest} needed by {', '.join(needers[:5])}); "
          f"it runs where glibc is {highest[6:]} or newer")
    if max_glibc and highest and glibc_floor.version_key(highest) > glibc_floor.version_key(max_glibc):
        print(f"error: the program needs glibc {highest[6:]}, above the allowed {max_glibc}: build it on an older "
              "system (packaging/build_single_oldglibc.sh)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
