"""Hostile files of any shape cost the import memory and time in proportion to their size, and never
stop the rest of the batch. Each import runs as the real command in a child process, which reports
its own peak memory (``VmHWM``) as it ends."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reception_tui.exchange.errors import RejectedFile
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.exchange.reader import read_export
from reception_tui.exchange.trust import TrustedDevices
from tests.conftest import REPO_ROOT

MiB = 1024 * 1024
PEAK_LIMIT = 256 * MiB
CHILD = (
    "import sys\n"
    "from reception_tui.cli import main\n"
    "code = main(sys.argv[2:])\n"
    "peak = next(line for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
    "open(sys.argv[1], 'w').write(peak.split()[1])\n"
    "sys.exit(code)\n"
)
"""Runs the command and writes its peak RSS in KiB (``VmHWM``: the high-water mark of this process's
own memory; ``ru_maxrss`` from ``wait4`` would also count the forking parent's memory, which Linux
carries over fork and exec)."""
SAFETY_NET = 2048 * MiB
"""Address space the child may take: a regression fails the test instead of swapping the machine."""

_GOOD: dict[str, bytes] = {}


def _good_file(make_laptop, tmp_path: Path) -> bytes:  # type: ignore[no-untyped-def]
    if "file" not in _GOOD:
        laptop = make_laptop("good", visitors=3, seed=91)
        _GOOD["file"] = laptop.export(tmp_path / "good-stick")[0].path.read_bytes()
    return _GOOD["file"]


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (SAFETY_NET, SAFETY_NET))


def import_in_child(paths: list[Path], office_dir: Path) -> tuple[int, int, str]:
    """Run ``reception import`` on ``paths``; (exit code, peak RSS in bytes, stdout)."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "RECEPTION_DATA_DIR": str(office_dir.parent / "data")}
    peak_file = office_dir.parent / "peak-kib"
    with tempfile.TemporaryFile() as out:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(peak_file), "import", *map(str, paths), "--office-dir",
             str(office_dir), "--trust-new-devices", "--lang", "en"],
            stdout=out, stderr=subprocess.STDOUT, env=env, preexec_fn=_limit_address_space, check=False,
        )  # fmt: skip
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    peak = int(peak_file.read_text(encoding="ascii")) * 1024 if peak_file.exists() else -1
    return done.returncode, peak, text


def _fill(prefix: bytes, item: bytes, suffix: bytes, size: int) -> bytes:
    count = max(1, (size - len(prefix) - len(suffix)) // (len(item) + 1))
    return prefix + b",".join([item] * count) + suffix


ITEMS = [b"[]", b"{}", b"0", b"123456", b'"a"', b'"a:b,[{"', b"null", b'{"a":1}', b"[[[[]]]]", b'["x",{"k":[]}]']
PLACES = ["top", "visitors", "issues", "audit_events", "deputies", "payload_extra", "visitor_name", "sealed"]


def hostile_file(template: dict[str, Any], place: str, item: bytes | None, size: int) -> bytes:
    """An export-shaped file of about ``size`` bytes whose ``place`` holds a list of ``item`` repeated, or
    (``item`` None) one long text with a character outside the BMP (four bytes a character in Python)."""
    if place == "top":
        return _fill(b"[", item, b"]", size) if item is not None else b'["\xf0\x9f\x98\x80' + b"a" * size + b'"]'
    document = json.loads(json.dumps(template))
    payload = document["payload"]
    if place in ("visitors", "issues", "audit_events"):
        payload[place] = "@@"
    elif place == "deputies":
        payload["session"]["deputies"] = "@@"
    elif place == "payload_extra":
        payload["extra"] = "@@"
    elif place == "visitor_name":
        payload["visitors"][0]["name"] = "@@"
    else:
        del document["payload"]
        document["manifest"]["payload"]["encoding"] = "sealed"
        document["sealed_payload"] = "@@"
    before, after = orjson.dumps(document).split(b'"@@"')
    if item is None:
        return before + b'"\xf0\x9f\x98\x80' + b"a" * (size - len(before) - len(after)) + b'"' + after
    return _fill(before + b"[", item, b"]" + after, size)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    place=st.sampled_from(PLACES),
    item=st.sampled_from([*ITEMS, None]),
    mebibytes=st.sampled_from([1, 2, 3]),
)
def test_any_shape_is_refused_within_bounded_memory_and_the_batch_goes_on(
    place: str, item: bytes | None, mebibytes: int, make_laptop, tmp_path: Path
) -> None:
    good = _good_file(make_laptop, tmp_path)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        office, stick = root / "office", root / "stick"
        office.mkdir()
        stick.mkdir()
        (stick / "a_hostile.json").write_bytes(hostile_file(json.loads(good), place, item, mebibytes * MiB))
        (stick / "b_good.json").write_bytes(good)
        code, peak, output = import_in_child([stick], office)
        assert code == 1, output
        assert 0 < peak < PEAK_LIMIT, (place, item, mebibytes, peak // MiB)
        assert "REJECTED   a_hostile.json" in output and "imported   b_good.json" in output, output
        (reason_file,) = (office / "quarantine").glob("*.reason.txt")
        code_line = reason_file.read_text(encoding="utf-8").splitlines()[-1]
        assert code_line.startswith("code: exchange.reject.") and "internal" not in code_line
        with OfficeStore(office) as store:
            assert store.file_count() == 1 and store.count("visitor") == 3


def test_a_missing_field_is_named_in_the_reason(make_laptop, tmp_path: Path) -> None:
    document = json.loads(_good_file(make_laptop, tmp_path))
    del document["payload"]["visitors"][1]["queue_number"]
    try:
        read_export(orjson.dumps(document), office_key=None, trusted=TrustedDevices.load(tmp_path), trust_new=True)
    except RejectedFile as error:
        assert (error.reason, error.detail_text("en")) == (
            "exchange.reject.schema",
            "$.payload.visitors[1]: 'queue_number' is required",
        )
        assert error.detail_text("zh") == "$.payload.visitors[1]：缺少必填字段“queue_number”"
    else:
        raise AssertionError("accepted a visitor without a queue number")
    del document["manifest"]
    try:
        read_export(orjson.dumps(document), office_key=None, trusted=TrustedDevices.load(tmp_path), trust_new=True)
    except RejectedFile as error:
        assert error.detail_text("en") == "$: 'manifest' is required"
