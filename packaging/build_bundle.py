"""Build the offline bundle: a folder to copy onto a USB stick and install from with no network.

    python packaging/build_bundle.py --out DIR [--platform all|host|linux_x86_64,linux_aarch64,win_amd64]
                                     [--python 3.11,3.12,3.13,3.14] [--python-installer FILE]... [--find-links DIR]
                                     [--single FILE]

DIR gets ``wheels/`` (the app's wheel and a wheel of every dependency, for every target, one copy each),
``install.sh``, ``install.ps1``, ``install.bat``, ``安装说明.md`` (the note for the person at the laptop),
``manifest.json`` (every file with its sha256 and size; the targets and the wheels each one uses) and, with
``--python-installer``, ``python/`` holding the python.org installers the builder passed, and with ``--single``
the single-file Linux program (``build_single.py``) beside the installers.

Each target is fetched with ``pip download --only-binary=:all: --platform … --python-version … --implementation cp``
and then checked as the target's pip would see it (``wheelcheck.py``: markers evaluated for the target, tags of
the target). A dependency with no wheel for a target stops the build (exit 1) naming both. Python 3.14 is tried
by default but left out, with the reason, when some dependency has no wheel for it yet; a Python given with
``--python`` is required. Needs the network (or a local index/find-links) on the building machine only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import glibc_floor
from wheelcheck import HOST, MANYLINUX_GLIBC, PLATFORMS, Closure, Target, dependency_closure, parse_wheels

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).resolve().parent / "templates"
APP = "reception_tui"
REQUIRED_PYTHONS = ("3.11", "3.12", "3.13")
OPTIONAL_PYTHONS = ("3.14",)
INSTALLER_FILES = ("install.sh", "install.ps1", "install.bat", "安装说明.md")


class BuildError(Exception):
    """A reason the bundle cannot be built: printed as one message, no traceback."""


@dataclass
class TargetResult:
    target: Target
    required: bool
    closure: Closure | None = None
    error: str = ""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def pip(*args: str, quiet: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pip", *args]
    if quiet:
        command.insert(4, "-q")
    return subprocess.run(command, capture_output=True, text=True, check=False)


def build_app_wheel(wheels: Path) -> Path:
    """The app's own wheel, built from a clean copy of this checkout (``pip wheel --no-deps``): setuptools'
    ``build/`` folder in the checkout may hold modules deleted since, which would ship again."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "src"
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
            ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "tests",
            "benchmarks"))
        result = pip("wheel", "--no-deps", "--wheel-dir", scratch, str(source))
        if result.returncode != 0:
            raise BuildError(f"could not build the app's wheel:\n{result.stderr.strip()}")
        (built,) = Path(scratch).glob("*.whl")
        for old in wheels.glob(f"{APP}-*.whl"):
            old.unlink()
        return Path(shutil.copy2(built, wheels / built.name))


def download(target: Target, wheels: Path, requirements: list[str], find_links: list[str]) -> str:
    """``pip download`` of ``requirements`` for ``target`` into ``wheels``; the error text, or ``""``."""
    args = ["download", "--only-binary=:all:", "--dest", str(wheels)]
    if target.platform is not HOST:
        for platform in target.platform.pip_platforms:
            args += ["--platform", platform]
        args += ["--python-version", target.python, "--implementation", "cp"]
    for link in [str(wheels), *find_links]:
        args += ["--find-links", link]
    result = pip(*args, *requirements)
    if result.returncode == 0:
        return ""
    lines = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    return "; ".join(lines) or result.stderr.strip()[-500:]


def fetch_target(target: Target, wheels: Path, app_wheel: Path, find_links: list[str]) -> Closure | str:
    """Fetch what ``target`` needs; the closure (check it for ``missing``), or pip's error."""
    roots = [f"{APP}=={parse_wheels([app_wheel.name])[0].version}"]
    error = download(target, wheels, [str(app_wheel)], find_links)
    if error:
        return error
    # pip evaluated markers as the building machine: fetch what the target's own markers add (tzdata on Windows …)
    for _round in range(5):
        closure = dependency_closure(wheels, roots, target)
        if not closure.missing:
            return closure
        error = download(target, wheels, [m.requirement for m in closure.missing], find_links)
        if error:
            return closure
    return dependency_closure(wheels, roots, target)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(out: Path, app_wheel: Path, results: list[TargetResult], skipped: list[TargetResult]) -> Path:
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.name != "manifest.json")
    manifest = {
        "app": APP,
        "version": parse_wheels([app_wheel.name])[0].version.public,
        "app_wheel": f"wheels/{app_wheel.name}",
        "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "built_with": f"Python {sys.version.split()[0]} on {sys.platform}",
        "install": "pip install --no-index --find-links wheels reception_tui",
        "targets": {
            r.target.name: {
                "platform": r.target.platform.key,
                "platform_label": r.target.platform.label,
                "python": r.target.python,
                "wheels": sorted(f"wheels/{name}" for name in r.closure.used),
            }
            for r in results
            if r.closure is not None
        },
        "left_out": {r.target.name: r.error for r in skipped},
        "files": [
            {"path": p.relative_to(out).as_posix(), "size": p.stat().st_size, "sha256": sha256(p)} for p in files
        ],
    }
    path = out / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def copy_installers(out: Path, installers: list[Path], single: Path | None = None) -> None:
    for name in INSTALLER_FILES:
        data = (TEMPLATES / name).read_bytes()
        if name.endswith(".bat"):  # cmd.exe wants CRLF
            data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        if name.endswith(".ps1"):  # Windows PowerShell 5.1 reads a .ps1 without BOM in the ANSI code page
            data = b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        (out / name).write_bytes(data)
    (out / "install.sh").chmod(0o755)
    if single is not None:
        target = out / "reception-linux-x86_64"
        shutil.copy2(single, target)
        target.chmod(0o755)
    if installers:
        folder = out / "python"
        folder.mkdir(exist_ok=True)
        for installer in installers:
            shutil.copy2(installer, folder / installer.name)


def check_single(single: Path) -> None:
    """The single file must start where the bundle's Linux wheels install: glibc 2.28 (UOS 20, Kylin V10)."""
    allowed = f"2.{max(MANYLINUX_GLIBC)}"
    try:
        highest, needers = glibc_floor.floor(glibc_floor.inspect(single))
    except (OSError, ValueError) as error:
        raise BuildError(f"--single {single}: cannot read it as a Linux program: {error}") from error
    if highest and glibc_floor.version_key(highest) > glibc_floor.version_key(allowed):
        raise BuildError(f"--single {single} needs glibc {highest[6:]} ({', '.join(needers[:3])}): UOS 20 and "
                         f"Kylin V10 have {allowed}; build it with packaging/build_single_oldglibc.sh")
    log(f"single file {single.name}: glibc floor {highest[6:] or 'none'} (allowed {allowed})")


def parse_targets(platforms: str, pythons: str | None) -> list[tuple[Target, bool]]:
    if platforms == "host":
        return [(Target(HOST, ".".join(map(str, sys.version_info[:2]))), True)]
    keys = list(PLATFORMS) if platforms == "all" else [key.strip() for key in platforms.split(",")]
    unknown = [key for key in keys if key not in PLATFORMS]
    if unknown:
        raise BuildError(f"unknown platform {', '.join(unknown)} (choose from host, all, {', '.join(PLATFORMS)})")
    if pythons:
        versions = [(v.strip(), True) for v in pythons.split(",")]
    else:
        versions = [(v, True) for v in REQUIRED_PYTHONS] + [(v, False) for v in OPTIONAL_PYTHONS]
    bad = [v for v, _ in versions if not v.startswith("3.") or not v[2:].isdigit() or int(v[2:]) < 11]
    if bad:
        raise BuildError(f"unsupported Python {', '.join(bad)}: the app needs 3.11 or newer (write it as 3.12)")
    return [(Target(PLATFORMS[key], version), required) for key in keys for version, required in versions]


def build(out: Path, platforms: str, pythons: str | None, installers: list[Path], find_links: list[str],
          single: Path | None = None) -> int:
    targets = parse_targets(platforms, pythons)
    for installer in installers:
        if not installer.is_file():
            raise BuildError(f"--python-installer {installer}: no such file")
    if single is not None and not single.is_file():
        raise BuildError(f"--single {single}: no such file (build it with packaging/build_single.py)")
    if single is not None:
        check_single(single)
    wheels = out / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    log(f"building the app's wheel from {ROOT}")
    app_wheel = build_app_wheel(wheels)
    results: list[TargetResult] = []
    for target, required in targets:
        log(f"fetching wheels for {target.name}")
        outcome = fetch_target(target, wheels, app_wheel, find_links)
        result = TargetResult(target, required)
        if isinstance(outcome, str):
            result.error = outcome
        elif outcome.missing:
            result.error = "; ".join(m.describe() for m in outcome.missing)
        else:
            result.closure = outcome
        results.append(result)
    failed = [r for r in results if r.error and r.required]
    skipped = [r for r in results if r.error and not r.required]
    for r in skipped:
        log(f"note: {r.target.name} left out (Python {r.target.python} is optional): {r.error}")
    if failed:
        for r in failed:
            log(f"error: no complete wheel set for {r.target.name} ({r.target.platform.label}, "
                f"Python {r.target.python}): {r.error}")
        log("the bundle is NOT complete: fix or pin the dependencies named above, or leave that target out")
        return 1
    good = [r for r in results if r.closure is not None]
    used = {name for r in good for name in r.closure.used} if good else set()  # type: ignore[union-attr]
    for wheel in wheels.glob("*.whl"):
        if wheel.name not in used:  # fetched for the builder's markers only; no target installs it
            wheel.unlink()
    copy_installers(out, installers, single)
    manifest = write_manifest(out, app_wheel, good, skipped)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    log(f"bundle ready: {out} ({len(used)} wheels, {size / 1e6:.1f} MB; targets: "
        f"{', '.join(r.target.name for r in good)}); manifest {manifest.name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", required=True, type=Path, help="the bundle folder (created; wheels kept between runs)")
    parser.add_argument("--platform", default="all", help="all (default), host, or a comma list of "
                        + ", ".join(PLATFORMS))
    parser.add_argument("--python", default=None, help="comma list, default 3.11,3.12,3.13 and 3.14 if it has wheels")
    parser.add_argument("--python-installer", action="append", default=[], type=Path,
                        help="a python.org installer (python-3.12.x-amd64.exe …) to put in the bundle's python/")
    parser.add_argument("--find-links", action="append", default=[], help="an extra local folder of wheels")
    parser.add_argument("--single", type=Path, default=None,
                        help="the single-file Linux program (build_single.py) to carry in the bundle too")
    args = parser.parse_args(argv)
    try:
        return build(args.out.resolve(), args.platform, args.python, args.python_installer, args.find_links,
                     args.single)
    except BuildError as error:
        log(f"error: {error}")
        return 2 if "unknown platform" in str(error) or "unsupported Python" in str(error) else 1
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except OSError as error:
        log(f"error: {error.strerror or error} ({error.filename or ''})")
        return 1


if __name__ == "__main__":
    os.environ.setdefault("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    sys.exit(main())
