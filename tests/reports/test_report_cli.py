"""``reception report`` on the hand-built office: Markdown and JSON files on disk (the JSON valid against
schemas/report.schema.json), clear refusals with their exit codes and no traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from reception_tui.cli.commands import _office_store
from reception_tui.config.schemas import schema_path
from tests.reports.conftest import REPORT_NOW, HandOffice

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_office_store, "machine_now", lambda: REPORT_NOW)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    from reception_tui.cli import main

    def run(*args: str, lang: str = "zh") -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--lang", lang, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def validator() -> Draft202012Validator:
    schema = json.loads(schema_path("report.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_json_report_on_disk_is_valid_and_holds_the_figures(hand_office: HandOffice, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "q4.json"
    code, stdout, err = cli("report", "--office-dir", str(hand_office.folder), "--period", "2026Q4",
                            "--format", "json", "--out", str(out))  # fmt: skip
    assert code == 0, err
    assert str(out) in stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    validator().validate(document)
    assert document["period"] == {"label": "2026Q4", "start": "2026-10-01", "end": "2026-12-31"}
    assert document["previous_period"]["label"] == "2026Q3"
    figures = {figure["key"]: figure for figure in document["figures"]}
    assert figures["issues"]["value"] == 9 and figures["issues"]["previous"] == 1
    solved = figures["solved_rate"]
    assert (solved["numerator"], solved["denominator"], solved["value"]) == (3, 4, 0.75)
    assert solved["definition"] == "report.definition.solved_rate"
    assert figures["reply_rate"]["previous"] is None  # no transferred case was due in Q3: "—", not 0%
    assert {chart["table"] for chart in document["charts"]} <= {table["key"] for table in document["tables"]}


def test_markdown_report_on_disk(hand_office: HandOffice, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "q4.md"
    code, _, err = cli("report", "--office-dir", str(hand_office.folder), "--period", "2026Q4", "--out", str(out))
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 西湖区北山街道人大代表工作室 接待工作统计（2026Q4）")
    assert "| 办成率（A类） | 75.0% | 3 / 4 | — | — |" in text
    assert "| 当场解释率 | 22.2% | 2 / 9 | 100.0% | -77.8 个百分点 |" in text
    assert "| 答复用时中位数（工作日） | 11.5 |  | — | — |" in text
    assert "办理结果为A类（已经解决或基本解决）的件数 ÷ 本期收到答复的件数" in text
    assert "| 其他 | 1 | 11.1% |" in text and "report.value" not in text
    assert "| 2026-12-21 | 2026-12-20 | 周日 | 是 |" in text
    english = tmp_path / "q4-en.md"
    code, _, err = cli("report", "--office-dir", str(hand_office.folder), "--period", "2026Q4", "--format", "md",
                       "--out", str(english), lang="en")  # fmt: skip
    assert code == 0, err
    text = english.read_text(encoding="utf-8")
    assert "| Solved rate (class A) | 75.0% | 3 / 4 | — | — |" in text
    assert "Replies with outcome class A" in text and "| Other | 1 | 11.1% |" in text


def test_one_site_only(hand_office: HandOffice, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "site.json"
    code, _, err = cli("report", "--office-dir", str(hand_office.folder), "--period", "2026", "--site", "BSJD",
                       "--out", str(out))  # fmt: skip
    assert code == 0, err
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["site"] == "BSJD"
    assert {f["key"]: f["value"] for f in document["figures"]}["issues"] == 10
    assert "BSJD" not in err
    code, _, err = cli("report", "--office-dir", str(hand_office.folder), "--period", "2026", "--site", "NOPE",
                       "--out", str(out), lang="en")  # fmt: skip
    assert code == 0 and 'the site "NOPE" has no session or issue' in err


@pytest.mark.parametrize(
    ("period", "words"),
    [("2026Q5", "2026Q4"), ("november", "2026-01-01..2026-06-30"), ("2026-13", "1 到 12"),
     ("2026-06-30..2026-01-01", "早于")],
)  # fmt: skip
def test_a_bad_period_is_refused_clearly(hand_office: HandOffice, cli: Cli, tmp_path: Path, period: str,
                                         words: str) -> None:  # fmt: skip
    out = tmp_path / "bad.md"
    code, stdout, err = cli("report", "--office-dir", str(hand_office.folder), "--period", period, "--out", str(out))
    assert code == 2
    assert words in err and "Traceback" not in err + stdout
    assert not out.exists()


def test_other_refusals(hand_office: HandOffice, cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("report", "--office-dir", str(hand_office.folder), "--period", "2026",
                       "--out", str(tmp_path / "report.txt"))  # fmt: skip
    assert code == 2 and "--format" in err
    code, _, err = cli("report", "--office-dir", str(hand_office.folder), "--period", "2026",
                       "--out", str(tmp_path / "missing" / "r.md"))  # fmt: skip
    assert code == 2 and "missing" in err
    code, _, err = cli("report", "--office-dir", str(tmp_path / "nowhere"), "--period", "2026",
                       "--out", str(tmp_path / "r.md"))  # fmt: skip
    assert code == 2 and "Traceback" not in err


def test_pdf_and_xlsx_without_their_renderer_say_so(hand_office: HandOffice, cli: Cli, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import importlib

    real = importlib.import_module

    def missing(name: str, package: str | None = None) -> object:
        if name.startswith("reception_tui.reports.render_pdf") or name.startswith("reception_tui.reports.render_xlsx"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", missing)
    for fmt in ("pdf", "xlsx"):
        out = tmp_path / f"r.{fmt}"
        folder = str(hand_office.folder)
        code, stdout, err = cli("report", "--office-dir", folder, "--period", "2026", "--out", str(out))
        assert code == 2, (fmt, err)
        assert f"render_{fmt}" in err and "md" in err and "Traceback" not in err + stdout
        assert not out.exists()
