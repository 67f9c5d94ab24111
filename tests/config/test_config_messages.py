"""A bad configuration is explained in the interface's language: in Chinese, nothing in English is left but
the file, the field and the quoted values; in English, the very text the loader always printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reception_tui.config import ConfigError, parse_config_text
from reception_tui.i18n import describe, t
from reception_tui.i18n.messages import config as config_messages
from tests.conftest import REPO_ROOT, CliRunner

SAMPLE = (REPO_ROOT / "sample_data" / "site.yaml").read_text(encoding="utf-8")
ENUM = SAMPLE.replace("{name: 周建国, level: city}", "{name: 周建国, level: mayor}")


def _line_of(start: str) -> int:
    return next(number for number, line in enumerate(SAMPLE.splitlines(), 1) if line.startswith(start))


def _bad_files(folder: Path) -> dict[str, tuple[Path, str, str]]:
    """name → (file, field, the old English message without the "Configuration error: " prefix)."""
    receipt = _line_of("receipt:") + 1  # a section's line is its first entry's
    day, code, yaml_line = _line_of("  day_of_month"), _line_of("  code:"), _line_of("reception:")
    unknown = len(SAMPLE.splitlines()) + 2
    gbk = next(n for n, line in enumerate(SAMPLE.splitlines(), 1) if not line.isascii())
    cases: dict[str, tuple[bytes | None, str, str]] = {
        "enum": (ENUM.encode(), "deputies[0].level",
                 "{path}:13 [deputies[0].level]: 'mayor' is not one of: national, provincial, city, district, town"),
        "required": (re.sub(r"\n  office_phone:[^\n]*", "", SAMPLE, count=1).encode(), "receipt",
                     f"{{path}}:{receipt} [receipt]: missing required field 'office_phone': add it"),
        "type": (SAMPLE.replace("day_of_month: 20", "day_of_month: twenty").encode(), "reception.day_of_month",
                 f"{{path}}:{day} [reception.day_of_month]: expected integer, got str"),
        "pattern": (re.sub(r"code: (\S+)", "code: bad-code", SAMPLE, count=1).encode(), "site.code",
                    f"{{path}}:{code} [site.code]: 'bad-code' has the wrong form. Short site code used in case"
                    " numbers: 1–12 capital letters or digits."),
        "unknown": ((SAMPLE + "\nfoo: 1\n").encode(), "foo",
                    f"{{path}}:{unknown} [foo]: unknown field ('foo' was unexpected): check the spelling or remove it"),
        "gbk": (SAMPLE.encode("gb18030"), "",
                f"{{path}}:{gbk}: the file is not UTF-8 text: save it as UTF-8 (not GBK)"),
        "empty": (b"", "", "{path}:1: the file is empty or not a mapping of settings"),
        "missing": (None, "", "{path}: file not found: check the path or pass --config"),
        "yaml": (SAMPLE.replace("reception:", "reception: : :\n  x", 1).encode(), "",
                 f"{{path}}:{yaml_line}: YAML syntax error: mapping values are not allowed here"
                 " (check indentation, colons and quotes)"),
    }  # fmt: skip
    files = {}
    for name, (content, field, english) in cases.items():
        path = folder / f"{name}.yaml"
        if content is not None:
            path.write_bytes(content)
        files[name] = (path, field, english.format(path=path))
    return files


CASES = ("enum", "required", "type", "pattern", "unknown", "gbk", "empty", "missing", "yaml")


@pytest.mark.parametrize("name", CASES)
def test_check_config_explains_in_chinese_and_in_the_old_english(
    name: str, run_cli: CliRunner, run_cli_in_process: CliRunner, tmp_path: Path
) -> None:
    """The first case runs ``reception`` as a command; the others call it in this process (the same messages)."""
    run_cli = run_cli if name == CASES[0] else run_cli_in_process
    path, field, english = _bad_files(tmp_path)[name]
    zh = run_cli("check-config", str(path))
    assert zh.returncode == 2 and zh.stderr.count("\n") == 1 and "Traceback" not in zh.stderr
    message = zh.stderr.strip()
    assert message.startswith("配置错误：") and str(path) in message
    if field:
        assert f"[{field}]" in message
    rest = message.replace(str(path), "").replace(f"[{field}]", "")
    rest = re.sub(r"'[^']*'", "", rest)
    assert not re.search(r"[A-Za-z]", rest), message
    en = run_cli("check-config", str(path), "--lang", "en")
    assert en.returncode == 2 and en.stderr.strip() == f"Configuration error: {english}"


def test_the_chinese_message_names_the_line_and_the_value() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config_text(ENUM, "site.yaml")
    error = caught.value
    assert error.key == "config.error.file_line_field" and error.value == "mayor"
    assert dict(error.params)["line"] == 13 and dict(error.params)["field"] == "deputies[0].level"
    chinese = describe(error, "zh")
    assert "第 13 行" in chinese and "'mayor'" in chinese and "'national'" in chinese
    assert describe(error, "en") == str(error)


def test_the_readme_example_is_what_check_config_prints() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config_text(ENUM, "site.yaml")
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    for lang in ("zh", "en"):
        assert t("cli.config_error", lang, message=describe(caught.value, lang)) in readme


def test_every_config_message_is_in_both_languages() -> None:
    """The Chinese hints explain the schema's English descriptions, which English shows as they are."""
    assert set(config_messages.EN) <= set(config_messages.ZH)
    assert {key for key in config_messages.ZH if not key.startswith("config.hint.")} == set(config_messages.EN)


def test_a_problem_with_the_whole_file_names_the_top_level_in_the_interface_language(tmp_path: Path) -> None:
    bad = tmp_path / "site.yaml"
    bad.write_text("deputies:\n  - {name: 周建国, level: city}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        parse_config_text(bad.read_text(encoding="utf-8"), str(bad))
    assert f"{bad}:1 [(top level)]: missing required field" in describe(caught.value, "en")
    zh = describe(caught.value, "zh")
    assert "[顶层]" in zh and "top level" not in zh
