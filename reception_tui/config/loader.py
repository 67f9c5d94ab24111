"""Loading and checking a site configuration file: YAML → JSON Schema → :class:`SiteConfig`."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable
from datetime import date, time
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from reception_tui.config.errors import TOP_LEVEL, ConfigError, problem
from reception_tui.config.schemas import load_schema
from reception_tui.config.yaml_source import DuplicateKeyError, PathKey, load_yaml
from reception_tui.domain.site import (
    Deputy,
    District,
    FieldMode,
    KeyRemap,
    LimitUnit,
    NoticeOnDayOff,
    OfficialDay,
    Postponement,
    PrinterSettings,
    ReceiptTexts,
    ReceptionRule,
    SiteConfig,
    TargetKind,
    TransferTarget,
)
from reception_tui.i18n import ZH, Message, os_reason, t

SCHEMA_NAME = "site-config.schema.json"
MAX_CONFIG_BYTES = 1_000_000

DEFAULT_CATEGORIES = (
    "城乡建设与规划", "交通出行", "市政公用", "环境保护与环境卫生", "物业与社区管理", "教育", "医疗卫生",
    "社会保障与劳动就业", "民政与养老", "农业农村", "社会治安与矛盾纠纷", "市场监管与消费",
    "政务服务与干部作风", "法治/涉诉", "人大工作/立法建议", "其他",
)  # fmt: skip
DEFAULT_REQUEST_TYPES = ("咨询", "求助", "投诉", "建议", "批评", "表扬")
DEFAULT_QUOTAS = {"national": 10, "provincial": 10, "city": 10, "district": 10, "town": 7}



def _field_name(path: Iterable[str | int]) -> str:
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + part)
    return "".join(parts) or TOP_LEVEL


def _line_for(path: PathKey, lines: dict[PathKey, int]) -> int | None:
    probe = tuple(path)
    while probe:
        if probe in lines:
            return lines[probe]
        probe = probe[:-1]
    return lines.get(())


SECRET_FIELDS = frozenset({("receipt", "verification_key")})
"""Fields whose value an error message must never repeat."""


_JSON_TYPES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "list": "array",
               "dict": "object", "NoneType": "null"}  # fmt: skip


def _quoted(names: Iterable[object]) -> str:
    """Names quoted and joined the Chinese way (the Chinese messages quote every value they repeat)."""
    return "、".join(repr(str(name)) for name in names)


def _hint(field: str, description: str) -> Message | str:
    """The Chinese explanation of a field's form when the catalogue has one, else the schema's description."""
    key = f"config.hint.{'keys.*' if field.startswith('keys.') else field}"
    return Message(key) if key in ZH else description


def _explain(error: jsonschema.ValidationError) -> Message:
    """A short, actionable sentence for a schema error, as a message with the offending value."""
    validator = error.validator
    value = error.instance
    field = _field_name(error.absolute_path)
    description = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    if tuple(error.absolute_path) in SECRET_FIELDS and validator in ("type", "pattern"):
        return problem("secret", description=f" {description}" if description else "", hint=_hint(field, ""))
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return problem("required", name=missing)
    if validator == "additionalProperties":
        detail = error.message.split("(")[-1].rstrip(")")
        return problem("unknown_field", detail=detail, names=_quoted(re.findall(r"'([^']*)'", detail)) or detail)
    if validator == "type":
        expected = error.validator_value
        if expected == "string" and isinstance(value, bool):
            return problem("yes_no", value=value)
        if expected == "string":
            return problem("not_text", value=value)
        kinds = expected if isinstance(expected, list) else [expected]
        got = _JSON_TYPES.get(type(value).__name__, "")
        return problem(
            "type", value=value, expected=expected, got=type(value).__name__,
            expected_zh="或".join(t(f"config.kind.{kind}", "zh") for kind in kinds),
            got_zh=t(f"config.kind.{got}", "zh") if got else type(value).__name__,
        )  # fmt: skip
    if validator == "enum":
        choices = list(error.validator_value)  # type: ignore[arg-type]
        return problem(
            "enum", value=value, choices=", ".join(str(choice) for choice in choices), choices_zh=_quoted(choices)
        )
    if validator == "pattern":
        return problem(
            "pattern", value=value, description=f" {description}" if description else "",
            hint=_hint(field, description),
        )  # fmt: skip
    if validator == "format":
        return problem("format", value=value, format=error.validator_value)
    if validator in ("minimum", "maximum"):
        return problem(validator, value=value, limit=error.validator_value)
    if validator == "minItems":
        return problem("min_items", limit=error.validator_value)
    if validator == "minLength":
        return problem("min_length", limit=error.validator_value)
    if validator in ("maxItems", "maxLength", "uniqueItems", "const", "exclusiveMinimum", "exclusiveMaximum"):
        return problem(
            f"schema.{validator}", message=error.message, value=value, limit=error.validator_value
        )
    return problem("text", text=error.message)


def _stringify_dates(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _stringify_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_stringify_dates(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def validate_document(data: Any, lines: dict[PathKey, int], source: str) -> None:
    """Check parsed YAML against the published schema; raise :class:`ConfigError` on the first error by line."""
    schema = load_schema(SCHEMA_NAME)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = list(validator.iter_errors(data))
    if not errors:
        return

    def sort_key(error: jsonschema.ValidationError) -> tuple[int, int]:
        return (_line_for(tuple(error.absolute_path), lines) or 0, -len(error.absolute_path))

    first = min(errors, key=sort_key)
    path = tuple(first.absolute_path)
    if first.validator == "additionalProperties" and "'" in first.message:
        path = (*path, first.message.split("'")[1])
    explained = _explain(first)
    if len(errors) > 1:
        explained = problem("more", problem=explained, count=len(errors) - 1)
    raise ConfigError(source, explained, line=_line_for(path, lines), field=_field_name(path))


def _parse_time(value: str) -> time:
    return time.fromisoformat(value)


def _unique(items: Iterable[tuple[str, int]], what: str, source: str, lines: dict[PathKey, int], key: str) -> None:
    seen: set[str] = set()
    for value, index in items:
        if value in seen:
            raise ConfigError(
                source, problem("twice", what=Message(f"config.what.{what}"), value=value),
                line=_line_for((key, index), lines),
                field=f"{key}[{index}]",
            )
        seen.add(value)


def build_config(data: dict[str, Any], lines: dict[PathKey, int], source: str) -> SiteConfig:
    """Turn a schema-valid document into a :class:`SiteConfig`, with the checks a schema cannot express."""
    site = data["site"]
    timezone = site.get("timezone", "Asia/Shanghai")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            source, problem("timezone", value=timezone),
            line=_line_for(("site", "timezone"), lines), field="site.timezone",
        ) from None
    _unique(((d["name"], i) for i, d in enumerate(data["deputies"])), "deputy", source, lines, "deputies")
    _unique(((d["code"], i) for i, d in enumerate(data["districts"])), "district_code", source, lines, "districts")
    _unique(((d["name"], i) for i, d in enumerate(data["districts"])), "district_name", source, lines, "districts")
    _unique(((t["code"], i) for i, t in enumerate(data["transfer_targets"])), "target_code", source, lines,
            "transfer_targets")  # fmt: skip
    reception = data["reception"]
    start, end = _parse_time(reception["start"]), _parse_time(reception["end"])
    if end <= start:
        raise ConfigError(
            source, problem("end_before_start", value=reception["end"], start=reception["start"]),
            line=_line_for(("reception", "end"), lines), field="reception.end",
        )
    deputies_per_day = reception.get("deputies_per_day", 2)
    if deputies_per_day > len(data["deputies"]):
        raise ConfigError(
            source, problem("deputies_per_day", value=deputies_per_day, listed=len(data["deputies"])),
            line=_line_for(("reception", "deputies_per_day"), lines), field="reception.deputies_per_day",
        )
    receipt = data["receipt"]
    printer = data.get("printer", {})
    return SiteConfig(
        config_version=data["config_version"],
        site_name=site["name"],
        site_code=site["code"],
        address=site["address"],
        place=site["place"],
        timezone=timezone,
        deputies=tuple(
            Deputy(d["name"], d["level"], tuple(date.fromisoformat(x) for x in d.get("unavailable", [])))
            for d in data["deputies"]
        ),
        liaison_officers=tuple(data["liaison_officers"]),
        districts=tuple(District(d["code"], d["name"]) for d in data["districts"]),
        categories=tuple(data.get("categories", DEFAULT_CATEGORIES)),
        request_types=tuple(data.get("request_types", DEFAULT_REQUEST_TYPES)),
        transfer_targets=tuple(
            TransferTarget(t["code"], t["name"], TargetKind(t["kind"]), t["reply_limit"],
                           LimitUnit(t.get("reply_unit", "working_days")))
            for t in data["transfer_targets"]
        ),
        reception=ReceptionRule(
            day_of_month=reception["day_of_month"],
            start=start,
            end=end,
            notice_lead_days=reception.get("notice_lead_days", 5),
            postponement=Postponement(reception.get("postponement", "next_working_day")),
            deputies_per_day=deputies_per_day,
            notice_on_day_off=NoticeOnDayOff(reception.get("notice_on_day_off", "previous_working_day")),
        ),
        quotas={**DEFAULT_QUOTAS, **data.get("quotas", {})},
        fields={name: FieldMode(mode) for name, mode in data.get("fields", {}).items()},
        receipt=ReceiptTexts(
            office_phone=receipt["office_phone"],
            follow_up=receipt["follow_up"],
            privacy_line=receipt["privacy_line"],
            url_template=receipt.get("url_template"),
            verification_key=receipt.get("verification_key"),
        ),
        printer=PrinterSettings(
            connection=printer.get("connection", "none"),
            address=printer.get("address", ""),
            paper_width_mm=printer.get("paper_width_mm", 80),
            qr_mode=printer.get("qr_mode", "native"),
            cut=printer.get("cut", True),
        ),
        official_days=tuple(
            OfficialDay(date.fromisoformat(d["date"]), d["kind"], d.get("name", ""))
            for d in data.get("official_days", [])
        ),
        redirect_channels=tuple(data.get("redirect_channels", ("诉讼", "仲裁", "行政复议", "信访"))),
        office_public_key=data.get("office_public_key"),
        office_inbox=data.get("office_inbox"),
        keys=tuple(
            KeyRemap(action, keys, _line_for(("keys", action), lines)) for action, keys in data.get("keys", {}).items()
        ),
    )


def parse_config_text(text: str, source: str = "<config>") -> SiteConfig:
    """Parse and check configuration text; ``source`` names it in messages."""
    try:
        data, lines = load_yaml(text)
    except DuplicateKeyError as error:
        raise ConfigError(
            source, problem("duplicate_key"), line=error.line,
            field=_field_name(error.path),
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        detail = error.problem or "YAML syntax error"
        raise ConfigError(
            source, problem("yaml_syntax", detail=detail),
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise ConfigError(source, problem("yaml", detail=str(error))) from None
    if not isinstance(data, dict):
        raise ConfigError(source, problem("empty"), line=1)
    data = _stringify_dates(data)
    validate_document(data, lines, source)
    return build_config(data, lines, source)


def load_config(path: str | Path) -> SiteConfig:
    """Read, parse and check the site configuration at ``path``; :class:`ConfigError` says what is wrong."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(source, problem("not_found")) from None
    except IsADirectoryError:
        raise ConfigError(source, problem("folder")) from None
    except OSError as error:
        raise ConfigError(
            source, problem("unreadable", strerror=error.strerror, reason=os_reason(error))
        ) from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(source, problem("too_large", limit=MAX_CONFIG_BYTES))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigError(source, problem("not_utf8"), line=line) from None
    return parse_config_text(text, source)
