"""The Markdown and JSON renderings of a report built by hand (no store): dashes for missing values, pipes
escaped, message keys in words, the JSON valid against its schema."""

from __future__ import annotations

import json
from datetime import date, datetime

from jsonschema import Draft202012Validator, FormatChecker

from reception_tui.config.schemas import schema_path
from reception_tui.reports.model import Chart, Figure, Period, Report, Series, Table
from reception_tui.reports.render_json import report_to_json
from reception_tui.reports.render_text import render_markdown
from tests.exchange.helpers import CST

REPORT = Report(
    period=Period(date(2026, 11, 1), date(2026, 11, 30), "2026-11"),
    previous=Period(date(2026, 10, 1), date(2026, 10, 31), "2026-10"),
    site="BSJD",
    office_name="北山街道人大工委",
    generated_at=datetime(2026, 12, 3, 9, 0, tzinfo=CST),
    figures=(
        Figure("issues", "count", 12, previous=10),
        Figure("solved_rate", "rate", None, 0, 0, previous=0.5),
        Figure("reply_time_median", "days", 3.5, previous=None),
    ),
    tables=(
        Table("units", ("unit", "replied", "solved_rate"), (("A|B 局", 3, None), ("report.value.none", 0, 0.25)),
              (2,)),
        Table("overdue", ("unit", "case_number"), ()),
    ),
    charts=(Chart("units", "bar", ("A|B 局", "report.value.none"), (Series("report.column.replied", (3.0, 0.0)),),
                  "units"),),
    notes=("report.note.overdue_as_of",),
)


def test_markdown() -> None:
    text = render_markdown(REPORT, "zh")
    assert text.startswith("# 北山街道人大工委 接待工作统计（2026-11）")
    assert "站点：BSJD" in text
    assert "| 反映事项 | 12 |  | 10 | +2 |" in text
    assert "| 办成率（A类） | — | 0 / 0 | 50.0% | — |" in text  # zero denominator: a dash, never 0%
    assert "| 答复用时中位数（工作日） | 3.5 |  | — | — |" in text
    assert "| A\\|B 局 | 3 | — |" in text and "| （未填） | 0 | 25.0% |" in text
    assert "### 逾期件（按承办单位）\n\n| 承办单位 | 登记编号 |\n|---|---:|\n| — | — |" in text
    assert "- 按承办单位 → 按承办单位" not in text and "各承办单位交办与答复 → 按承办单位" in text
    assert "逾期件按报表生成日的状态统计。" in text
    english = render_markdown(REPORT, "en")
    assert "| Solved rate (class A) | — | 0 / 0 | 50.0% | — |" in english and "| (none) | 0 | 25.0% |" in english


def test_json_is_valid_and_keeps_keys() -> None:
    document = report_to_json(REPORT)
    schema = json.loads(schema_path("report.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(json.loads(json.dumps(document)))
    solved = document["figures"][1]
    assert solved == {"key": "solved_rate", "label": "report.figure.solved_rate",
                      "definition": "report.definition.solved_rate", "unit": "rate", "value": None, "numerator": 0,
                      "denominator": 0, "previous": 0.5}  # fmt: skip
    assert document["tables"][0]["rows"][1] == ["report.value.none", 0, 0.25]
    bad = dict(document, figures=[dict(solved, value=1.5)])
    assert list(Draft202012Validator(schema).iter_errors(bad))  # a rate above 1 is not a valid report
