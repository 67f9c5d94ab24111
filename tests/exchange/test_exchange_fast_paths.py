"""The import's fast paths give exactly the verdicts and bytes of the plain computations they replace."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from reception_tui.exchange.errors import RejectedFile
from reception_tui.exchange.office_import import import_files
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.exchange.safe_json import parse_untrusted, structure_outside_strings
from reception_tui.exchange.schema import Check, format_checker, is_rfc3339
from tests.exchange.conftest import Laptop
from tests.exchange.helpers import Clock

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "session-export.sample.json"

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=25,
)


_SHAPE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)")


def _reference_rfc3339(value: str) -> bool:
    if not _SHAPE.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _digits(size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=size, max_size=size) | st.sampled_from(
        ["0" * size, "9" * size, ("12" * size)[:size], ("29" * size)[:size], ("60" * size)[:size]]
    )


TIMESTAMPS = st.builds(
    lambda y, mo, d, h, mi, s, frac, off: f"{y}-{mo}-{d}T{h}:{mi}:{s}{frac}{off}",
    _digits(4),
    _digits(2),
    _digits(2),
    _digits(2),
    _digits(2),
    _digits(2),
    st.sampled_from(["", ".5", ".123456", ".1234567", "."]) | st.integers(1, 7).map(lambda n: "." + "7" * n),
    st.sampled_from(["Z", "z", "", "+08:00", "-00:00", "+23:59", "+24:00", "+00:60", "+08"])
    | st.builds(lambda sign, h, m: f"{sign}{h}:{m}", st.sampled_from("+-"), _digits(2), _digits(2)),
)


@settings(max_examples=1000, deadline=None)
@given(TIMESTAMPS | st.text(max_size=30))
def test_remembered_timestamp_parts_give_fromisoformats_verdict(value: str) -> None:
    assert is_rfc3339(value) is _reference_rfc3339(value)


@pytest.mark.parametrize(
    "value",
    ["2026-02-29T10:00:00+08:00", "2024-02-29T10:00:00+08:00", "0000-01-01T00:00:00Z", "2026-11-20T23:59:59Z",
     "2026-11-20T24:00:00Z", "2026-11-20T12:60:00Z", "2026-11-20T12:00:60Z", "2026-13-01T00:00:00Z"],
)  # fmt: skip
def test_timestamp_edges(value: str) -> None:
    assert is_rfc3339(value) is _reference_rfc3339(value)
    assert is_rfc3339(value) is _reference_rfc3339(value)  # the remembered verdict, the second time


IF_SCHEMA = {
    "allOf": [
        {"if": {"properties": {"kind": {"const": "a"}}}, "then": {"required": ["x"]}},
        {"if": {"properties": {"kind": {"const": "b"}, "mode": {"const": "m"}}}, "then": {"required": ["y"]}},
    ]
}


@pytest.mark.parametrize(
    "value",
    [None, 1, "a", ["a"], {}, {"kind": "a"}, {"kind": "a", "x": 1}, {"kind": 1}, {"kind": True},
     {"kind": ["a"]}, {"kind": None}, {"kind": "b"}, {"kind": "b", "mode": "n"}, {"kind": "b", "mode": "m"},
     {"kind": "b", "mode": "m", "y": 0}, {"mode": "m"}, {"kind": "A"}],
)  # fmt: skip
def test_if_on_property_constants_agrees_with_jsonschema(value: Any) -> None:
    expected = Draft202012Validator(IF_SCHEMA, format_checker=format_checker()).is_valid(value)
    assert Check(IF_SCHEMA).is_valid(value) is expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"a": "x\\\\", "a": 1}', "exchange.reject.duplicate_key"),
        (b'{"a": "\\"[[[", "b": 1.5}', "exchange.reject.not_json"),
        (b'{"a": "\\\\\\"{:", "a": 2}', "exchange.reject.duplicate_key"),
        (b"[" * 40 + b'"\\\\"' + b"]" * 40, "exchange.reject.too_deep"),
    ],
)
def test_escapes_are_still_read_exactly(raw: bytes, reason: str) -> None:
    with pytest.raises(RejectedFile) as caught:
        parse_untrusted(raw)
    assert caught.value.reason == reason


def test_structure_with_and_without_escapes() -> None:
    assert structure_outside_strings(b'{"k": "a:b[", "e": [true, false]}') == b"{:,:[,]}"
    assert structure_outside_strings(b'{"k\\"": "a\\\\", "t": {}}') == b"{:,:{}}"
    assert parse_untrusted(b'{"k\\"": "a\\\\", "t": {"u": "\\"}"}}') == {'k"': "a\\", "t": {"u": '"}'}}


ANY_OF_SCHEMA = {"anyOf": [{"type": "null"}, {"type": ["string", "integer"]}, {"type": "object", "required": ["a"]}]}


@pytest.mark.parametrize("value", [None, "x", 3, True, 2.0, 2.5, {}, {"a": 1}, [], [None]])
def test_any_of_with_type_only_options_agrees_with_jsonschema(value: Any) -> None:
    expected = Draft202012Validator(ANY_OF_SCHEMA, format_checker=format_checker()).is_valid(value)
    assert Check(ANY_OF_SCHEMA).is_valid(value) is expected


def test_a_new_session_is_stored_once_as_its_canonical_payload(
    make_laptop: Callable[..., Laptop], tmp_path: Path, office_dir: Path
) -> None:
    laptop = make_laptop("a", visitors=2, seed=5)
    [result] = laptop.export(tmp_path / "stick")
    report = import_files([result.path], office_dir, trust_new_devices=True, now=Clock())
    assert report.exit_code == 0
    payload = orjson.loads(result.path.read_bytes())["payload"]
    canonical = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
    with OfficeStore(office_dir) as store:
        [(state, source)] = store._db.execute("SELECT state, source_file FROM sessions").fetchall()
        [(file_sha, stored_payload)] = store._db.execute("SELECT file_sha256, payload FROM files").fetchall()
    assert state == canonical
    assert hashlib.sha256(state).hexdigest() == orjson.loads(result.path.read_bytes())["manifest"]["payload"]["sha256"]
    assert source == file_sha == hashlib.sha256(result.path.read_bytes()).hexdigest()
    assert stored_payload is None  # the file's payload is its session's state: kept once


class _StaleSizePath(type(Path())):  # type: ignore[misc]
    """A path whose stat reports a size smaller than the file holds (it grew after stat)."""

    def stat(self, *, follow_symlinks: bool = True) -> Any:
        real = super().stat(follow_symlinks=follow_symlinks)

        class Stale:
            st_size = 3
            st_mode = real.st_mode

        return Stale()


def test_a_file_that_grows_after_stat_is_read_whole_or_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reception_tui.exchange import office_import

    target = tmp_path / "grown.json"
    target.write_bytes(b'{"a": "' + b"x" * 500 + b'"}')
    assert office_import._read_bounded(_StaleSizePath(target)) == target.read_bytes()
    monkeypatch.setattr(office_import, "MAX_FILE_BYTES", 100)
    with pytest.raises(RejectedFile) as caught:
        office_import._read_bounded(_StaleSizePath(target))
    assert caught.value.reason == "exchange.reject.too_large"
