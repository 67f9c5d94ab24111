"""office.yaml: defaults when absent, every field read, a wrong file named with its line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from reception_tui.domain.followup import FollowupRules, Limit, LimitKind, Outcome
from reception_tui.i18n import describe
from reception_tui.office.settings import DEFAULT_REVEAL_REASONS, OfficeSettingsError, load_settings, parse_settings


def test_no_file_gives_the_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.reveal_reasons == DEFAULT_REVEAL_REASONS == ("回访", "转办单位需要联系", "核实身份", "其他")
    assert settings.retention_years == 3 and settings.office_db is None and settings.clerks == ()
    assert settings.followup == FollowupRules() and settings.slip_fields("QZF") == ()


def test_every_field_is_read(tmp_path: Path) -> None:
    (tmp_path / "office.yaml").write_text(
        """
office_name: 西湖区人大常委会代表联络室
office_contact: "0571-12345678"
clerks: [王芳, 李强]
reveal_reasons: [回访, 其他]
retention_years: 5
office_db: postgresql://office:secret@db.example/reception
followup:
  suggestion_limit: {amount: 2, unit: months}
  return_limit: {amount: 5, unit: calendar_days}
  due_soon_working_days: 5
outcome_labels: {A: 已办好}
slip_personal_fields:
  QZF: [name, phone]
""",
        encoding="utf-8",
    )
    settings = load_settings(tmp_path)
    assert settings.clerks == ("王芳", "李强") and settings.reveal_reasons == ("回访", "其他")
    assert settings.retention_years == 5 and settings.office_db == "postgresql://office:secret@db.example/reception"
    assert settings.office_name == "西湖区人大常委会代表联络室" and settings.office_contact == "0571-12345678"
    assert settings.followup.suggestion_limit == Limit(2, LimitKind.MONTHS)
    assert settings.followup.return_limit == Limit(5, LimitKind.CALENDAR_DAYS)
    assert settings.followup.due_soon_working_days == 5
    assert settings.followup.rehandle_limit == FollowupRules().rehandle_limit
    assert settings.outcome_labels == {Outcome.A: "已办好"} and settings.slip_fields("QZF") == ("name", "phone")


@pytest.mark.parametrize(
    ("text", "line", "field", "key"),
    [
        ("clerks: [王芳\nretention_years: 3\n", 2, "-", "syntax"),
        ("retention_years: 0\n", 1, "retention_years", "positive"),
        ("clerks: 王芳\n", 1, "clerks", "text_list"),
        ("followup:\n  rehandle_limit: {amount: 1, unit: weeks}\n", 2, "followup.rehandle_limit.unit", "limit_unit"),
        ("office_db: mysql://x\n", 1, "office_db", "db_url"),
        ("clerk: [王芳]\n", 1, "clerk", "unknown"),
        ("slip_personal_fields:\n  QZF: [name, id_number]\n", 2, "slip_personal_fields.QZF.1", "slip_field"),
        ("outcome_labels: {E: 别的}\n", 1, "outcome_labels.E", "outcome"),
    ],
)
def test_a_wrong_file_names_its_line_and_field(text: str, line: int, field: str, key: str) -> None:
    with pytest.raises(OfficeSettingsError) as caught:
        parse_settings(text, "/office/office.yaml")
    error = caught.value
    assert (error.line, error.field, error.problem.key) == (line, field, f"office.settings.problem.{key}")
    assert error.key == "office.settings.error_line" and "/office/office.yaml" in str(error)
    chinese = describe(error, "zh")
    assert f"第 {line} 行" in chinese and field in chinese and "office.settings" not in chinese
