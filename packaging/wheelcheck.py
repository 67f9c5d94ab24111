"""Which wheels a target (platform x Python) can install, and which dependencies it would lack.

Used by ``build_bundle.py`` after each ``pip download`` and by the tests on fabricated wheels: a bundle is
only good when, for every target, every requirement of the app (followed through the wheels' own
``Requires-Dist``, with markers evaluated for the *target*, not for the machine that builds) is met by a
wheel whose tags the target accepts: a ``win_amd64`` wheel for Windows, a ``manylinux`` wheel for Linux, or
a pure-Python ``none-any`` wheel. Standard library only, plus ``packaging`` (or the copy inside pip).
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path

try:  # the real library (present with pip's test extras); else the copy pip carries
    from packaging.markers import default_environment
    from packaging.requirements import Requirement
    from packaging.tags import Tag, compatible_tags, cpython_tags, sys_tags
    from packaging.utils import NormalizedName, canonicalize_name, parse_wheel_filename
    from packaging.version import Version
except ImportError:  # pragma: no cover - only where packaging is not installed
    from pip._vendor.packaging.markers import default_environment  # type: ignore[no-redef]
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef, assignment]
    from pip._vendor.packaging.tags import (  # type: ignore[no-redef, assignment]
        Tag,
        compatible_tags,
        cpython_tags,
        sys_tags,
    )
    from pip._vendor.packaging.utils import (  # type: ignore[no-redef, assignment]
        NormalizedName,
        canonicalize_name,
        parse_wheel_filename,
    )
    from pip._vendor.packaging.version import Version  # type: ignore[no-redef, assignment]

# glibc 2.28 is what UOS 20, Kylin V10 and Debian 10 ship: a wheel needing a newer glibc would not load there.
MANYLINUX_GLIBC = range(17, 29)


def _manylinux(arch: str) -> tuple[str, ...]:
    newest_first = [f"manylinux_2_{minor}_{arch}" for minor in reversed(MANYLINUX_GLIBC)]
    legacy = [f"manylinux2014_{arch}"] + ([f"manylinux2010_{arch}", f"manylinux1_{arch}"] if arch == "x86_64" else [])
    return (*newest_first, *legacy)


@dataclass(frozen=True)
class Platform:
    """One operating system and CPU the bundle serves."""

    key: str
    label: str
    pip_platforms: tuple[str, ...]
    """``pip download --platform`` values, most specific first; empty for the host (pip's own tags)."""
    markers: Mapping[str, str] = field(default_factory=dict)
    """Environment-marker values of this platform (``sys_platform`` …)."""


PLATFORMS: dict[str, Platform] = {
    "linux_x86_64": Platform(
        "linux_x86_64", "Linux x86_64 (manylinux, glibc 2.28+)", _manylinux("x86_64"),
        {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64"},
    ),
    "linux_aarch64": Platform(
        "linux_aarch64", "Linux aarch64 (manylinux, glibc 2.28+)", _manylinux("aarch64"),
        {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "aarch64"},
    ),
    "win_amd64": Platform(
        "win_amd64", "Windows 10/11 x64", ("win_amd64",),
        {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64"},
    ),
}
HOST = Platform("host", "this machine", ())


@dataclass(frozen=True)
class Target:
    """A platform and a CPython version (``"3.12"``)."""

    platform: Platform
    python: str

    @property
    def name(self) -> str:
        return f"{self.platform.key}-cp{self.python.replace('.', '')}"

    def tags(self) -> frozenset[Tag]:
        """Every wheel tag this target installs (pip's own rule for ``--platform``/``--python-version``)."""
        if self.platform is HOST:
            return frozenset(sys_tags())
        version = tuple(int(part) for part in self.python.split("."))
        platforms = list(self.platform.pip_platforms)
        interpreter = f"cp{version[0]}{version[1]}"
        tags = [*cpython_tags(version, platforms=platforms), *compatible_tags(version, interpreter, platforms)]
        return frozenset(tags)

    def environment(self) -> dict[str, str]:
        """Marker values for this target: evaluated as the target, never as the building machine."""
        env = dict(default_environment())
        if self.platform is not HOST:
            env.update(self.platform.markers)
            env.update(
                python_version=self.python, python_full_version=f"{self.python}.0", implementation_name="cpython",
                platform_python_implementation="CPython", implementation_version=f"{self.python}.0",
                platform_release="", platform_version="",
            )
        return env


@dataclass(frozen=True)
class WheelFile:
    filename: str
    name: NormalizedName
    version: Version
    tags: frozenset[Tag]

    @property
    def pure(self) -> bool:
        return all(tag.platform == "any" and tag.abi == "none" for tag in self.tags)


def parse_wheels(filenames: Iterable[str]) -> list[WheelFile]:
    """The wheels among ``filenames`` (other files are ignored)."""
    wheels = []
    for filename in filenames:
        if filename.endswith(".whl"):
            name, version, _build, tags = parse_wheel_filename(filename)
            wheels.append(WheelFile(filename, name, version, frozenset(tags)))
    return wheels


def best_wheel(wheels: Iterable[WheelFile], requirement: Requirement, target: Target) -> WheelFile | None:
    """The newest wheel of ``requirement`` that the target installs, or ``None``."""
    name = canonicalize_name(requirement.name)
    accepted = target.tags()
    fitting = [
        wheel for wheel in wheels
        if wheel.name == name and wheel.tags & accepted
        and requirement.specifier.contains(wheel.version, prereleases=True)
    ]
    return max(fitting, key=lambda wheel: wheel.version, default=None)


@dataclass(frozen=True)
class Missing:
    """A requirement with no wheel for a target."""

    requirement: str
    target: str
    required_by: str
    other_wheels: tuple[str, ...]
    """Wheels of that project that are in the folder but do not fit the target (tells *why*)."""

    def describe(self) -> str:
        have = f"; only {', '.join(self.other_wheels)}" if self.other_wheels else ""
        return f"{self.requirement} (needed by {self.required_by}) has no wheel for {self.target}{have}"


def missing_wheels(filenames: Iterable[str], requirements: Iterable[str], target: Target,
                   required_by: str = "the app") -> list[Missing]:
    """Every requirement (``"name>=1"`` strings, markers honoured for the target) without a fitting wheel."""
    wheels = parse_wheels(filenames)
    env = target.environment()
    missing = []
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate(env):
            continue
        if best_wheel(wheels, requirement, target) is None:
            others = tuple(w.filename for w in wheels if w.name == canonicalize_name(requirement.name))
            missing.append(Missing(str(requirement), target.name, required_by, others))
    return missing


def wheel_requirements(path: Path) -> list[str]:
    """The ``Requires-Dist`` lines of a wheel's METADATA."""
    with zipfile.ZipFile(path) as archive:
        (metadata,) = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
        headers = HeaderParser().parsestr(archive.read(metadata).decode("utf-8"))
    return headers.get_all("Requires-Dist") or []


@dataclass
class Closure:
    """What one target installs from a folder: the wheels used, and what is missing."""

    target: Target
    used: dict[str, WheelFile] = field(default_factory=dict)
    missing: list[Missing] = field(default_factory=list)


def dependency_closure(folder: Path, roots: Iterable[str], target: Target) -> Closure:
    """Follow ``roots`` through the wheels in ``folder`` (their METADATA), as the target's pip would."""
    wheels = parse_wheels(sorted(p.name for p in folder.iterdir()))
    env = target.environment()
    closure = Closure(target)
    queue: list[tuple[str, frozenset[str], str]] = [(root, frozenset(), "the request") for root in roots]
    seen: set[tuple[NormalizedName, frozenset[str]]] = set()
    while queue:
        text, _parent_extras, parent = queue.pop(0)
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        wheel = best_wheel(wheels, requirement, target)
        if wheel is None:
            others = tuple(w.filename for w in wheels if w.name == name)
            closure.missing.append(Missing(str(requirement), target.name, parent, others))
            seen.add(key)
            continue
        seen.add(key)
        closure.used[wheel.filename] = wheel
        for line in wheel_requirements(folder / wheel.filename):
            child = Requirement(line)
            wanted = [{**env, "extra": extra} for extra in (requirement.extras or {""})]
            if child.marker is None or any(child.marker.evaluate(e) for e in wanted):
                child.marker = None
                queue.append((str(child), frozenset(requirement.extras), wheel.name))
    return closure


def main(argv: list[str]) -> int:
    """``python wheelcheck.py FOLDER PLATFORM PYTHON REQUIREMENT...``: print what is missing (exit 1 if any)."""
    folder, platform, python, *roots = argv
    target = Target(PLATFORMS[platform] if platform != "host" else HOST, python)
    closure = dependency_closure(Path(folder), roots, target)
    for missing in closure.missing:
        print(missing.describe())
    return 1 if closure.missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
