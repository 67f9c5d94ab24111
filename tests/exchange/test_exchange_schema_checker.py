"""The import's schema checker (jsonschema-rs) gives jsonschema's verdict on real and mutated export files."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reception_tui.exchange.schema import Check, document_check, document_validator, export_schema, reference_validator

_DOCUMENTS: dict[str, Any] = {}

LIMITS = sorted({n + d for n in (20, 32, 50, 64, 100, 200, 500) for d in (0, 1)})
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([-1, 0, 1, 99, 100, 10000, 10001, 100000, 100001, 1.0, 2.5, True, False]),
    st.sampled_from(LIMITS).map(lambda n: "字" * n),
    st.sampled_from(LIMITS).map(lambda n: "1" * n),
    st.text(max_size=30),
    st.sampled_from(
        [
            "2026-11-20",
            "2026-02-30",
            "2026-11-20T14:30:00+08:00",
            "2026-11-20T14:30:00",
            "2026-11-20 14:30:00Z",
            "14:30",
            "24:00",
            "0c5e8b2a-1f1e-4c1e-9a1e-1e1e1e1e1e1e",
            "0c5e8b2a1f1e4c1e9a1e1e1e1e1e1e1e",
            "{0c5e8b2a-1f1e-4c1e-9a1e-1e1e1e1e1e1e}",
            "BSJD-20261120-001-1-25",
            "transfer",
            "explained",
            "open",
            "13812345678",
            "1381234567x",
            "11010519491231002X",
            "",
            "x" * 600,
            "plain",
            "sealed",
            "ed25519",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value[:3]):
            found.extend(_paths(child, (*prefix, index)))
    return found


def _documents(make_laptop, tmp_path, key) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    if not _DOCUMENTS:
        plain = make_laptop("agree-plain", visitors=2, seed=61)
        sealed = make_laptop("agree-sealed", visitors=1, seed=62, office_public_key=key.public_key)
        for name, laptop in (("plain", plain), ("sealed", sealed)):
            path = laptop.export(tmp_path / f"agree-{name}")[0].path
            _DOCUMENTS[name] = json.loads(path.read_text(encoding="utf-8"))
    return _DOCUMENTS


def _agree(document: Any) -> bool:
    return document_check().is_valid(document) is document_validator().is_valid(document)


def test_real_files_pass_both():
    assert json.loads(json.dumps(export_schema()))  # the schema itself is plain JSON


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_import_checker_agrees_with_jsonschema_on_mutations(data, make_laptop, tmp_path, office_key):
    documents = _documents(make_laptop, tmp_path, office_key)
    document = copy.deepcopy(documents[data.draw(st.sampled_from(["plain", "sealed"]))])
    assert _agree(document)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = _paths(document)
        path = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if not path:
            document = data.draw(VALUES)
            continue
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        if action == "replace":
            parent[last] = data.draw(VALUES)
        elif action == "delete":
            del parent[last]
        else:
            target = parent[last]
            if isinstance(target, dict):
                target[data.draw(st.text(max_size=10))] = data.draw(VALUES)
            elif isinstance(target, list):
                target.append(data.draw(VALUES))
    assert _agree(document)


PROBES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    1.0,
    1.5,
    99,
    100,
    10000,
    100000,
    100001,
    "",
    "a",
    "open",
    "transfer",
    "2026-11-20",
    "2026-13-01",
    "2026-11-20T14:30:00+08:00",
    "2026-11-20T14:30:00",
    "2026-11-20T14:30:00.5Z",
    "14:30",
    "25:00",
    "0c5e8b2a-1f1e-4c1e-9a1e-1e1e1e1e1e1e",
    "0C5E8B2A-1F1E-4C1E-9A1E-1E1E1E1E1E1E",
    "0c5e8b2a1f1e4c1e9a1e1e1e1e1e1e1e",
    "BSJD-20261120-001-1-25",
    "13812345678",
    "123\n",
    "11010519491231002X",
    [],
    ["a"],
    [1],
    {},
    {"kind": "transfer"},
    "a" * 64,
    "0" * 64,
]


def _record_schemas() -> dict[str, Any]:
    schema = export_schema()
    return {
        name: {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{name}"}
        for name in ("session", "visitor", "issue", "audit_event", "manifest", "disposition")
    }


def test_every_field_agrees_at_its_boundaries(make_laptop, tmp_path, office_key):
    document = _documents(make_laptop, tmp_path, office_key)["plain"]
    payload = document["payload"]
    samples = {
        "session": payload["session"],
        "visitor": payload["visitors"][0],
        "issue": payload["issues"][0],
        "audit_event": payload["audit_events"][0],
        "manifest": document["manifest"],
        "disposition": next(i["disposition"] for i in payload["issues"] if i["disposition"]),
    }
    defs = export_schema()["$defs"]
    checked = 0
    for name, schema in _record_schemas().items():
        validator = reference_validator(schema)
        compiled = Check(schema)
        sample = samples[name]
        assert validator.is_valid(sample)
        properties = defs[name].get("properties", {})
        for field in list(sample):
            limit = properties.get(field, {}).get("maxLength")
            probes = PROBES + ([("字" * n) for n in (limit - 1, limit, limit + 1)] if limit else [])
            for probe in [*probes, "<deleted>"]:
                changed = dict(sample)
                if probe == "<deleted>":
                    del changed[field]
                else:
                    changed[field] = probe
                expected = validator.is_valid(changed)
                assert compiled.is_valid(changed) == expected, (name, field, probe)
                checked += 1
    assert checked > 2000


SMALL_SCHEMAS: list[dict[str, Any]] = [
    {"type": ["string", "null"], "enum": ["a", "b"]},
    {"type": ["string", "null"], "format": "date"},
    {"type": "integer", "minimum": 1, "maximum": 3},
    {"type": "boolean"},
    {"const": 1},
    {"enum": ["x", 1, None]},
    {"anyOf": [{"type": "null"}, {"type": "string", "maxLength": 2}]},
    {"type": "array", "maxItems": 2, "items": {"type": "string", "pattern": "^[0-9]+$"}},
    {"oneOf": [{"required": ["a"]}, {"required": ["b"]}]},
    {"not": {"required": ["a"]}},
]
SMALL_VALUES: list[Any] = [
    None,
    True,
    0,
    1,
    1.0,
    2,
    3,
    4,
    "",
    "a",
    "ab",
    "abc",
    "12",
    "1x",
    "2026-11-20",
    "2026-11-31",
    "x",
    [],
    ["1"],
    ["1", "2"],
    ["1", "2", "3"],
    ["a"],
    {},
    {"a": 1},
    {"b": 1},
    {"a": 1, "b": 2},
]


@pytest.mark.parametrize("schema", SMALL_SCHEMAS, ids=lambda s: json.dumps(s, sort_keys=True)[:40])
def test_small_schemas_agree_alone_and_as_an_object_property(schema):
    for candidate in (schema, {"type": "object", "properties": {"p": schema}}):
        validator = reference_validator(candidate)
        compiled = Check(candidate)
        for value in SMALL_VALUES:
            instance = value if candidate is schema else {"p": value}
            assert compiled.is_valid(instance) == validator.is_valid(instance), (candidate, value)
