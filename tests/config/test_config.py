"""The site configuration: the sample, the schema and the code agree; bad files name file, line and field."""

import dataclasses
from pathlib import Path

import jsonschema
import pytest

from reception_tui.config import ConfigError, load_config, parse_config_text, sample_config_path
from reception_tui.config.loader import DEFAULT_CATEGORIES, DEFAULT_REQUEST_TYPES
from reception_tui.config.schemas import load_schema
from reception_tui.config.yaml_source import load_yaml
from reception_tui.domain.site import FieldMode, PrinterSettings, ReceptionRule, SiteConfig

SAMPLE = sample_config_path().read_text(encoding="utf-8")


def _error(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse_config_text(text, "site.yaml")
    return caught.value


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_sample_is_a_realistic_street_studio(config: SiteConfig) -> None:
    assert 5 <= len(config.deputies) <= 8
    assert 3 <= len(config.districts) <= 4
    assert config.categories == DEFAULT_CATEGORIES
    assert config.request_types == DEFAULT_REQUEST_TYPES
    assert config.field_mode("id_number") is FieldMode.OFF
    assert config.timezone == "Asia/Shanghai"
    assert config.reception.start.strftime("%H:%M") == "14:30"
    assert {t.kind.value for t in config.transfer_targets} == {"township", "district", "department", "congress"}


def test_schema_is_valid_2020_12_and_the_sample_validates() -> None:
    schema = load_schema("site-config.schema.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    data, _ = load_yaml(SAMPLE)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)


def _described(schema: dict[str, object], path: str = "") -> list[str]:
    missing = []
    for name, sub in dict(schema.get("properties", {})).items():  # type: ignore[call-overload]
        if "description" not in sub:
            missing.append(f"{path}{name}")
        missing += _described(sub, f"{path}{name}.")
        if isinstance(sub.get("items"), dict):
            missing += _described(sub["items"], f"{path}{name}[].")
    return missing


def test_every_schema_field_has_a_description() -> None:
    assert _described(load_schema("site-config.schema.json")) == []


def test_schema_defaults_match_the_code() -> None:
    schema = load_schema("site-config.schema.json")["properties"]
    reception = schema["reception"]["properties"]
    code_rule = {f.name: f.default for f in dataclasses.fields(ReceptionRule) if f.default is not dataclasses.MISSING}
    assert reception["notice_lead_days"]["default"] == code_rule["notice_lead_days"]
    assert reception["postponement"]["default"] == code_rule["postponement"].value
    assert reception["deputies_per_day"]["default"] == code_rule["deputies_per_day"]
    assert reception["notice_on_day_off"]["default"] == code_rule["notice_on_day_off"].value
    printer = schema["printer"]["properties"]
    defaults = PrinterSettings()
    assert printer["connection"]["default"] == defaults.connection
    assert printer["paper_width_mm"]["default"] == defaults.paper_width_mm
    assert printer["qr_mode"]["default"] == defaults.qr_mode
    assert schema["site"]["properties"]["timezone"]["default"] == "Asia/Shanghai"


def test_every_schema_section_reaches_the_config_object(config: SiteConfig) -> None:
    """Each top-level schema property is read by the loader into a SiteConfig field."""
    schema = load_schema("site-config.schema.json")["properties"]
    fields = {f.name for f in dataclasses.fields(SiteConfig)}
    mapping = {"site": "site_name", "reception": "reception", "receipt": "receipt", "printer": "printer"}
    for name in schema:
        assert mapping.get(name, name) in fields, name


def test_yaml_1_1_traps_are_not_sprung() -> None:
    config = parse_config_text(SAMPLE.replace('code: "BSJD"', "code: 012").replace('start: "14:30"', "start: 14:30"))
    assert config.site_code == "012"
    assert config.reception.start.hour == 14
    off = parse_config_text(SAMPLE.replace('id_number: "off"', "id_number: off"))
    assert off.field_mode("id_number") is FieldMode.OFF


def test_syntax_error_names_the_line() -> None:
    broken = SAMPLE.replace("  place: 北山街道", "  place: [北山街道")
    error = _error(broken)
    assert error.line is not None and error.line >= _line_of(SAMPLE, "place: 北山街道")
    assert "YAML" in str(error) and str(error).startswith("site.yaml:")


def test_wrong_value_names_line_and_field() -> None:
    text = SAMPLE.replace("{name: 王秀英, level: district}", "{name: 王秀英, level: mayor}")
    error = _error(text)
    assert error.field == "deputies[3].level"
    assert error.line == _line_of(text, "王秀英")
    assert "mayor" in error.problem and "district" in error.problem


def test_unknown_field_and_missing_field() -> None:
    text = SAMPLE.replace("  cut: true", "  cut: true\n  colour: red")
    error = _error(text)
    assert error.field == "printer.colour" and error.line == _line_of(text, "colour: red")
    missing = _error(SAMPLE.replace("  office_phone: 0571-87654321\n", ""))
    assert missing.field == "receipt" and "office_phone" in missing.problem


def test_yes_no_values_get_a_quote_hint() -> None:
    error = _error(SAMPLE.replace("liaison_officers: [李婷, 郑磊]", "liaison_officers: [李婷, true]"))
    assert error.field == "liaison_officers[1]" and "quotes" in error.problem


def test_semantic_checks() -> None:
    assert (
        "twice" in _error(SAMPLE.replace("{name: 孙丽华, level: district}", "{name: 周建国, level: district}")).problem
    )
    assert "end after" in _error(SAMPLE.replace('end: "16:30"', 'end: "14:00"')).problem
    assert _error(SAMPLE.replace("timezone: Asia/Shanghai", "timezone: Mars/Base")).field == "site.timezone"
    duplicated = SAMPLE.replace("  paper_width_mm: 80", "  paper_width_mm: 80\n  paper_width_mm: 58")
    assert _error(duplicated).line == _line_of(SAMPLE, "paper_width_mm") + 1


def test_python_tags_are_refused() -> None:
    error = _error("config_version: !!python/object/apply:os.system ['echo hacked']\n")
    assert "YAML" in str(error)


def test_file_level_problems(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "none.yaml")
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes(SAMPLE.encode("gb18030"))
    with pytest.raises(ConfigError) as caught:
        load_config(gbk)
    assert "UTF-8" in caught.value.problem and caught.value.line is not None
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="empty"):
        load_config(empty)
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode())
    assert load_config(bom).site_code == "BSJD"
