"""The office's own settings: ``office.yaml`` in the office folder (optional; defaults when absent).

```yaml
office_name: 某某区人大常委会代表联络室
office_contact: 0571-12345678
clerks: [王芳, 李强]
reveal_reasons: [回访, 转办单位需要联系, 核实身份, 其他]
retention_years: 3
office_db: postgresql://office@db.example/reception    # absent: office.sqlite3 in the office folder
followup:
  suggestion_limit: {amount: 3, unit: months}
  suggestion_longest: {amount: 6, unit: months}
  rehandle_limit: {amount: 1, unit: months}
  return_limit: {amount: 7, unit: working_days}
  due_soon_working_days: 3
outcome_labels: {A: 已解决}
state_labels: {transferred: 已转办}                     # a state's wording (keys: the states' values)
slip_personal_fields:                                   # per unit code; default: none
  ZJJ: [name, phone]
```

A wrong file is refused as a whole with :class:`OfficeSettingsError`: the file, the line, the field
and what to do (``key``/``params`` for the interface, ``str()`` in English).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reception_tui.domain.followup import CaseState, FollowupRules, Limit, LimitKind, Outcome
from reception_tui.i18n import Message, t

SETTINGS_FILE = "office.yaml"
DEFAULT_REVEAL_REASONS = ("回访", "转办单位需要联系", "核实身份", "其他")
SLIP_FIELDS = ("name", "phone", "address")
_LIMITS = ("suggestion_limit", "suggestion_longest", "rehandle_limit", "return_limit")


class OfficeSettingsError(Exception):
    """``office.yaml`` cannot be used: which file, line and field, and what to do."""

    def __init__(self, path: str, field: str, problem: Message, line: int | None = None) -> None:
        self.path, self.field, self.line, self.problem = path, field, line, problem
        self.key = "office.settings.error_line" if line is not None else "office.settings.error"
        self.params: dict[str, Any] = {"path": path, "line": line, "field": field, "problem": problem}
        super().__init__(t(self.key, "en", **self.params))


@dataclass(frozen=True)
class OfficeSettings:
    """What ``office.yaml`` says (or the defaults)."""

    clerks: tuple[str, ...] = ()
    reveal_reasons: tuple[str, ...] = DEFAULT_REVEAL_REASONS
    retention_years: int = 3
    office_db: str | None = None
    """None: the SQLite file ``office.sqlite3`` in the office folder; else a ``postgresql://`` URL."""
    office_name: str = ""
    office_contact: str = ""
    followup: FollowupRules = field(default_factory=FollowupRules)
    outcome_labels: Mapping[Outcome, str] = field(default_factory=dict)
    """Overrides of the A-D wording (the message catalogue's otherwise)."""
    state_labels: Mapping[CaseState, str] = field(default_factory=dict)
    """Overrides of the states' wording (待交办 … 已办结), wherever a state is shown: workbench, CLI, documents."""
    slip_personal_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Unit code -> which of name/phone/address its transfer slip carries (default: none)."""

    def slip_fields(self, unit: str) -> tuple[str, ...]:
        return self.slip_personal_fields.get(unit, ())


def load_settings(office_dir: Path) -> OfficeSettings:
    """The settings of the office folder: ``office.yaml`` when present, else the defaults."""
    path = office_dir / SETTINGS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return OfficeSettings()
    except (OSError, UnicodeDecodeError) as error:
        problem = Message("office.settings.problem.unreadable", {"detail": str(error)})
        raise OfficeSettingsError(str(path), "-", problem) from None
    return parse_settings(text, str(path))


def parse_settings(text: str, source: str = SETTINGS_FILE) -> OfficeSettings:
    """Parse and check the text of an ``office.yaml``; ``source`` names it in messages."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        detail = Message("office.settings.problem.syntax", {"detail": error.problem or "YAML"})
        raise OfficeSettingsError(source, "-", detail, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as error:
        problem = Message("office.settings.problem.syntax", {"detail": str(error)})
        raise OfficeSettingsError(source, "-", problem) from None
    return _Reader(source, _lines(node)).build(data)


def _lines(node: yaml.Node | None, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """Field path -> line number (1-based) of its key."""
    found: dict[tuple[str, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = (*path, str(key.value))
            found[name] = key.start_mark.line + 1
            found.update(_lines(value, name))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            name = (*path, str(index))
            found[name] = item.start_mark.line + 1
            found.update(_lines(item, name))
    return found


class _Reader:
    def __init__(self, source: str, lines: dict[tuple[str, ...], int]) -> None:
        self.source, self.lines = source, lines

    def fail(self, path: tuple[str, ...], key: str, **params: Any) -> OfficeSettingsError:
        return OfficeSettingsError(
            self.source, ".".join(path) or "-", Message(f"office.settings.problem.{key}", params), self.lines.get(path)
        )

    def mapping(self, value: Any, path: tuple[str, ...]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(path, "not_mapping")
        return {str(k): v for k, v in value.items()}

    def text(self, value: Any, path: tuple[str, ...]) -> str:
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise self.fail(path, "text", value=value)
        return str(value).strip()

    def texts(self, value: Any, path: tuple[str, ...]) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(path, "text_list")
        return tuple(self.text(item, (*path, str(index))) for index, item in enumerate(value))

    def whole(self, value: Any, path: tuple[str, ...], *, least: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise self.fail(path, "positive" if least else "whole", value=value)
        return value

    def limit(self, value: Any, path: tuple[str, ...]) -> Limit:
        data = self.mapping(value, path)
        self.known(data, path, ("amount", "unit"))
        amount = self.whole(data.get("amount"), (*path, "amount"), least=1)
        unit = data.get("unit")
        try:
            kind = LimitKind(str(unit))
        except ValueError:
            raise self.fail((*path, "unit"), "limit_unit", value=unit) from None
        return Limit(amount, kind)

    def known(self, data: Mapping[str, Any], path: tuple[str, ...], names: tuple[str, ...]) -> None:
        for name in data:
            if name not in names:
                raise self.fail((*path, name), "unknown", name=name)

    def build(self, raw: Any) -> OfficeSettings:
        data = self.mapping(raw, ())
        names = (
            "clerks", "reveal_reasons", "retention_years", "office_db", "office_name", "office_contact", "followup",
            "outcome_labels", "state_labels", "slip_personal_fields",
        )  # fmt: skip
        self.known(data, (), names)
        defaults = OfficeSettings()
        values: dict[str, Any] = {}
        for name in ("clerks", "reveal_reasons"):
            if name in data:
                values[name] = tuple(item for item in self.texts(data[name], (name,)) if item)
        if "retention_years" in data:
            values["retention_years"] = self.whole(data["retention_years"], ("retention_years",), least=1)
        for name in ("office_name", "office_contact"):
            if data.get(name) is not None:
                values[name] = self.text(data[name], (name,))
        if data.get("office_db") is not None:
            url = self.text(data["office_db"], ("office_db",))
            if not url.startswith(("postgresql://", "postgres://")):
                raise self.fail(("office_db",), "db_url", value=url)
            values["office_db"] = url
        if "followup" in data:
            values["followup"] = self.rules(data["followup"], defaults.followup)
        if "outcome_labels" in data:
            labels: dict[Outcome, str] = {}
            for key, label in self.mapping(data["outcome_labels"], ("outcome_labels",)).items():
                try:
                    outcome = Outcome(key)
                except ValueError:
                    raise self.fail(("outcome_labels", key), "outcome", value=key) from None
                labels[outcome] = self.text(label, ("outcome_labels", key))
            values["outcome_labels"] = labels
        if "state_labels" in data:
            states: dict[CaseState, str] = {}
            for key, label in self.mapping(data["state_labels"], ("state_labels",)).items():
                try:
                    state = CaseState(key)
                except ValueError:
                    known = ", ".join(s.value for s in CaseState)
                    raise self.fail(("state_labels", key), "state", value=key, known=known) from None
                text = self.text(label, ("state_labels", key))
                if text:
                    states[state] = text
            values["state_labels"] = states
        if "slip_personal_fields" in data:
            slips: dict[str, tuple[str, ...]] = {}
            for unit, fields in self.mapping(data["slip_personal_fields"], ("slip_personal_fields",)).items():
                path = ("slip_personal_fields", unit)
                chosen = self.texts(fields, path) if fields is not None else ()
                for index, name in enumerate(chosen):
                    if name not in SLIP_FIELDS:
                        raise self.fail((*path, str(index)), "slip_field", value=name)
                slips[unit] = chosen
            values["slip_personal_fields"] = slips
        return OfficeSettings(**values)

    def rules(self, raw: Any, base: FollowupRules) -> FollowupRules:
        data = self.mapping(raw, ("followup",))
        self.known(data, ("followup",), (*_LIMITS, "due_soon_working_days", "extensions_per_round"))
        values: dict[str, Any] = {}
        for name in _LIMITS:
            if name in data:
                values[name] = self.limit(data[name], ("followup", name))
        for name in ("due_soon_working_days", "extensions_per_round"):
            if name in data:
                values[name] = self.whole(data[name], ("followup", name), least=0)
        return FollowupRules(**{**base.__dict__, **values})
