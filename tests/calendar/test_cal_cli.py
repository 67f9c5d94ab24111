"""``reception schedule`` and ``reception notice``: exit codes, JSON shape, files written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cal_support import UNPUBLISHED_2027
from pypdf import PdfReader

from reception_tui.cli import main

REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(tmp_path / "data"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_schedule_json_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, tmp_path, "schedule", "--year", "2026", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["year"] == 2026 and data["estimated"] is False and data["warning"] is None
    assert data["rule"] == {
        "day_of_month": 20,
        "postponement": "next_working_day",
        "notice_lead_days": 5,
        "notice_on_day_off": "previous_working_day",
        "deputies_per_day": 2,
    }
    assert len(data["days"]) == 12
    february = data["days"][1]
    assert february == {
        "date": "2026-02-24",
        "weekday": "周二",
        "window": "14:30-16:30",
        "shifted_from": "2026-02-20",
        "reason": "春节",
        "notice_date": "2026-02-14",
        "deputies": [{"name": "陈志远", "level": "district"}, {"name": "王秀英", "level": "district"}],
        "missing_deputies": 0,
        "estimated": False,
    }
    assert data["days"][8]["date"] == "2026-09-20" and data["days"][8]["shifted_from"] is None
    assert {d["name"] for d in data["deputies"]} == {
        "周建国",
        "林晓梅",
        "陈志远",
        "王秀英",
        "赵海峰",
        "孙丽华",
        "吴国平",
    }
    assert sum(d["count"] for d in data["deputies"]) == 24
    assert all(
        set(d) == {"name", "level", "count", "quota", "shortfall", "below_quota"} for d in data["deputies"]
    )


@UNPUBLISHED_2027
def test_schedule_of_an_unpublished_year_warns_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, tmp_path, "schedule", "--year", "2027", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["estimated"] is True and data["estimated_years"] == [2027]
    assert all(day["estimated"] for day in data["days"])
    assert "2027" in err and "推算" in err and err.count("\n") == 1


@UNPUBLISHED_2027
def test_schedule_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, tmp_path, "schedule", "--year", "2026")
    assert code == 0 and err == ""
    assert "2026-02-24  周二  14:30-16:30  2026-02-14  陈志远、王秀英" in out
    assert "原定 2026-02-20（春节），顺延至下一个工作日" in out
    assert "2026-09-20  周日  14:30-16:30  2026-09-15  陈志远、王秀英（调休上班日）" in out
    assert "吴国平（市人大代表）：接待 3 天，要求 10 天，还差 7 天" in out
    code, out, err = run(capsys, tmp_path, "--lang", "en", "schedule", "--year", "2027")
    assert code == 0 and "(estimate)" in out and "not known yet" in err


@pytest.mark.parametrize("year", ["20x6", "1949", "12345", "２０２６"])
def test_schedule_rejects_a_bad_year(capsys: pytest.CaptureFixture[str], tmp_path: Path, year: str) -> None:
    code, out, err = run(capsys, tmp_path, "schedule", "--year", year)
    assert code == 2 and out == "" and "--year 2026" in err and "Traceback" not in err


def test_notice_to_stdout_and_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, tmp_path, "notice", "2026-02-24")
    assert code == 0 and "2026年2月24日（星期二）" in out and "陈志远（区人大代表）" in out
    code, out, _ = run(capsys, tmp_path, "notice", "2026-02-24", "--format", "md")
    assert code == 0 and out.startswith("# 人大代表接待日公告")
    target = tmp_path / "公告.pdf"
    code, out, err = run(capsys, tmp_path, "notice", "2026-02-24", "--format", "pdf", "--out", str(target))
    assert code == 0 and out == "" and str(target) in err
    text = "".join(PdfReader(target).pages[0].extract_text().split())
    assert "2026年2月24日（星期二）" in text and "王秀英" in text


def test_notice_for_a_day_that_is_not_a_reception_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, tmp_path, "notice", "2026-02-20")
    assert code == 2 and out == ""
    assert "2026-02-20" in err and "2026-02-24" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("notice", "2026-02-30"), "YYYY-MM-DD"),
        (("notice", "tomorrow"), "YYYY-MM-DD"),
        (("notice", "2026-02-24", "--format", "pdf"), "--out"),
    ],
)
def test_notice_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    code, out, err = run(capsys, tmp_path, *args)
    assert code == 2 and out == "" and expected in err


def test_notice_to_an_unwritable_place_fails_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, tmp_path, "notice", "2026-02-24", "--out", str(tmp_path / "missing" / "n.txt"))
    assert code == 1 and "missing" in err and "Traceback" not in err


@UNPUBLISHED_2027
def test_notice_of_an_estimated_day_warns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, tmp_path, "notice", "2027-01-20")
    assert code == 0 and "2027年1月20日（星期三）" in out and "2027" in err and "推算" in err


def test_commands_run_as_a_module(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reception_tui",
            "--data-dir",
            str(tmp_path),
            "schedule",
            "--year",
            "2025",
            "--json",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    days = json.loads(result.stdout)["days"]
    assert [d["date"] for d in days if d["shifted_from"]] == [
        "2025-04-21",
        "2025-07-21",
        "2025-09-22",
        "2025-12-22",
    ]
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "reception_tui",
            "--data-dir",
            str(tmp_path),
            "--config",
            str(tmp_path / "no.yaml"),
            "schedule",
            "--year",
            "2026",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_config_file_with_overrides_and_unavailable_dates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from reception_tui.config import sample_config_path

    text = sample_config_path().read_text("utf-8")
    text = text.replace(
        "  - {name: 周建国, level: city}", '  - {name: 周建国, level: city, unavailable: ["2026-01-20"]}'
    )
    text = text.replace(
        "official_days: []",
        'official_days:\n  - {date: "2026-03-20", kind: holiday, name: 区人民代表大会会议}\n'
        '  - {date: "2026-12-20", kind: workday, name: 调休上班}',
    )
    config = tmp_path / "site.yaml"
    config.write_text(text, "utf-8")
    code, out, err = run(capsys, tmp_path, "--config", str(config), "schedule", "--year", "2026", "--json")
    assert code == 0, err
    days = json.loads(out)["days"]
    assert "周建国" not in [d["name"] for d in days[0]["deputies"]]
    assert (days[2]["date"], days[2]["reason"]) == ("2026-03-23", "区人民代表大会会议")
    assert (days[11]["date"], days[11]["shifted_from"]) == ("2026-12-20", None)
