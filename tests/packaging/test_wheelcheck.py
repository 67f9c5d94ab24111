"""The wheel-tag checker: which dependencies a target (Windows amd64, Linux …) would lack, on fabricated wheels."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from .conftest import load

wheelcheck = load("wheelcheck")
Target, PLATFORMS = wheelcheck.Target, wheelcheck.PLATFORMS
WIN312 = Target(PLATFORMS["win_amd64"], "3.12")
LINUX311 = Target(PLATFORMS["linux_x86_64"], "3.11")
ARM313 = Target(PLATFORMS["linux_aarch64"], "3.13")

FOLDER = [
    "textual-8.2.9-py3-none-any.whl",
    "orjson-3.11.0-cp312-cp312-win_amd64.whl",
    "orjson-3.11.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "pynacl-1.6.0-cp38-abi3-win_amd64.whl",
    "pynacl-1.6.0-cp38-abi3-manylinux_2_34_x86_64.whl",  # glibc 2.34: too new for UOS/Kylin (2.28)
    "psycopg_binary-3.2.9-cp312-cp312-macosx_11_0_arm64.whl",
    "pyyaml-6.0.2-cp313-cp313-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
    "pyyaml-6.0.2-cp312-cp312-win32.whl",  # 32-bit Windows: not win_amd64
    "tzdata-2025.2-py2.py3-none-any.whl",
    "README.txt",
]


def names(missing: list) -> list[str]:
    return [m.requirement.split(";")[0].split(">")[0].split("=")[0] for m in missing]


def test_windows_needs_a_win_amd64_or_pure_wheel_of_every_dependency() -> None:
    missing = wheelcheck.missing_wheels(
        FOLDER, ["textual", "orjson>=3.10", "pynacl", "psycopg-binary", "pyyaml", "jsonschema-rs"], WIN312
    )
    assert names(missing) == ["psycopg-binary", "pyyaml", "jsonschema-rs"]
    by_name = {n: m for n, m in zip(names(missing), missing, strict=True)}
    assert by_name["psycopg-binary"].target == "win_amd64-cp312"
    assert "macosx_11_0_arm64" in by_name["psycopg-binary"].describe()  # says what is there instead
    assert "win32" in by_name["pyyaml"].describe()
    assert by_name["jsonschema-rs"].other_wheels == ()
    assert "jsonschema-rs (needed by the app) has no wheel for win_amd64-cp312" == by_name["jsonschema-rs"].describe()


def test_python_version_abi3_and_glibc_are_checked() -> None:
    assert names(wheelcheck.missing_wheels(FOLDER, ["orjson"], Target(PLATFORMS["win_amd64"], "3.13"))) == ["orjson"]
    assert wheelcheck.missing_wheels(FOLDER, ["orjson"], LINUX311) == []
    assert wheelcheck.missing_wheels(FOLDER, ["pynacl"], Target(PLATFORMS["win_amd64"], "3.14")) == []  # abi3
    assert names(wheelcheck.missing_wheels(FOLDER, ["pynacl"], LINUX311)) == ["pynacl"]  # manylinux_2_34 only
    assert wheelcheck.missing_wheels(FOLDER, ["pyyaml"], ARM313) == []
    arm312 = Target(PLATFORMS["linux_aarch64"], "3.12")
    assert names(wheelcheck.missing_wheels(FOLDER, ["pyyaml"], arm312)) == ["pyyaml"]


def test_version_specifiers_and_target_markers() -> None:
    assert names(wheelcheck.missing_wheels(FOLDER, ["textual>=9"], WIN312)) == ["textual"]
    # markers are evaluated for the target, not for the machine running the check
    assert wheelcheck.missing_wheels(FOLDER, ["colorama; sys_platform == 'linux'"], WIN312) == []
    assert names(wheelcheck.missing_wheels(FOLDER, ["colorama; sys_platform == 'win32'"], WIN312)) == ["colorama"]
    assert wheelcheck.missing_wheels(FOLDER, ["colorama; sys_platform == 'win32'"], LINUX311) == []


def fake_wheel(folder: Path, filename: str, requires: list[str]) -> None:
    name, version = filename.split("-")[:2]
    with zipfile.ZipFile(folder / filename, "w") as archive:
        metadata = "".join(f"Requires-Dist: {line}\n" for line in requires)
        archive.writestr(f"{name}-{version}.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {name}\n{metadata}")


def test_closure_follows_metadata_with_extras_and_target_markers(tmp_path: Path) -> None:
    fake_wheel(tmp_path, "app-1.0-py3-none-any.whl",
               ["psycopg[binary]>=3.2", "tzdata; sys_platform == 'win32'", "uvloop; sys_platform == 'linux'"])
    fake_wheel(tmp_path, "psycopg-3.2.9-py3-none-any.whl",
               ["psycopg-binary==3.2.9; extra == 'binary'", "psycopg-c; extra == 'c'",
                "tzdata; sys_platform == 'win32'"])
    fake_wheel(tmp_path, "psycopg_binary-3.2.9-cp312-cp312-manylinux_2_17_x86_64.whl", [])
    fake_wheel(tmp_path, "uvloop-0.21-cp312-cp312-manylinux_2_17_x86_64.whl", [])
    windows = wheelcheck.dependency_closure(tmp_path, ["app"], WIN312)
    assert sorted(m.requirement for m in windows.missing) == ["psycopg-binary==3.2.9", "tzdata"]
    assert {m.required_by for m in windows.missing} == {"app", "psycopg"}
    linux = wheelcheck.dependency_closure(tmp_path, ["app"], Target(PLATFORMS["linux_x86_64"], "3.12"))
    assert linux.missing == []
    assert sorted(linux.used) == [
        "app-1.0-py3-none-any.whl", "psycopg-3.2.9-py3-none-any.whl",
        "psycopg_binary-3.2.9-cp312-cp312-manylinux_2_17_x86_64.whl",
        "uvloop-0.21-cp312-cp312-manylinux_2_17_x86_64.whl",
    ]
    fake_wheel(tmp_path, "tzdata-2025.2-py2.py3-none-any.whl", [])
    fake_wheel(tmp_path, "psycopg_binary-3.2.9-cp312-cp312-win_amd64.whl", [])
    assert wheelcheck.dependency_closure(tmp_path, ["app"], WIN312).missing == []
    assert wheelcheck.main([str(tmp_path), "win_amd64", "3.12", "app"]) == 0
    assert wheelcheck.main([str(tmp_path), "linux_aarch64", "3.12", "app"]) == 1


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_every_platform_accepts_pure_wheels_and_rejects_others(platform: str) -> None:
    target = Target(PLATFORMS[platform], "3.12")
    assert wheelcheck.missing_wheels(["x-1-py3-none-any.whl"], ["x"], target) == []
    assert names(wheelcheck.missing_wheels(["x-1-cp312-cp312-macosx_11_0_x86_64.whl"], ["x"], target)) == ["x"]
