"""Benchmark of hostile files: time and peak memory of the real ``reception import`` on the worst shapes found.

Run from the repository root: ``python benchmarks/bench_hostile.py [--mib 15.9]``.

Each file is imported by the real command in a child process, which reports its own peak memory
(RSS high-water mark, ``VmHWM``) as it ends. The baseline, in the same run, is the same command importing
one small genuine file: the command's own start-up and fixed costs. Figures per MiB are over that
baseline. Shapes are built from a genuine export of a demo session (15 visitors); the genuine
large files are that session's records repeated with fresh ids, signed like real exports.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reception_tui.config import load_config, sample_config_path
from reception_tui.exchange.document import build_payload, sign_export
from reception_tui.exchange.keys import DeviceKey, OfficeKey
from reception_tui.exchange.outbox import Outbox
from reception_tui.exchange.trust import TrustedDevices
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder

MiB = 1024 * 1024
CST = timezone(timedelta(hours=8))
ROOT = Path(__file__).resolve().parents[1]
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
ASTRAL = "\U0001f600"
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


def import_in_child(path: Path, office: Path) -> tuple[int, float, int, str]:
    """(exit code, seconds, peak RSS bytes, first line about the file) of ``reception import path``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RECEPTION_DATA_DIR": str(office.parent / "data")}
    peak_file = office.parent / f"{office.name}.peak-kib"
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(peak_file), "import", str(path), "--office-dir", str(office),
             "--lang", "en"],
            stdout=out, stderr=subprocess.STDOUT, env=env, check=False,
        )  # fmt: skip
        seconds = time.perf_counter() - start
        out.seek(0)
        first = out.read().decode("utf-8", "replace").splitlines()[:1]
    peak = int(peak_file.read_text(encoding="ascii")) * 1024 if peak_file.exists() else -1
    return done.returncode, seconds, peak, first[0] if first else ""


def _fill(before: bytes, item: bytes, after: bytes, size: int) -> bytes:
    count = max(1, (size - len(before) - len(after) - 2) // (len(item) + 1))
    return before + b"[" + b",".join([item] * count) + b"]" + after


def _fill_at(parts: tuple[bytes, bytes], item: bytes, size: int) -> bytes:
    return _fill(parts[0], item, parts[1], size)


def _put(document: dict[str, Any], place: Callable[[dict[str, Any]], None]) -> tuple[bytes, bytes]:
    copy = json.loads(json.dumps(document))
    place(copy)
    before, after = orjson.dumps(copy).split(b'"@@"')
    return before, after


def shapes(document: dict[str, Any], size: int) -> dict[str, bytes]:
    """The hostile shapes, each about ``size`` bytes."""

    def deputies(d: dict[str, Any]) -> None:
        d["payload"]["session"]["deputies"] = "@@"

    def visitors(d: dict[str, Any]) -> None:
        d["payload"]["visitors"] = "@@"

    def name(d: dict[str, Any]) -> None:
        d["payload"]["visitors"][0]["name"] = "@@"

    def extra(d: dict[str, Any]) -> None:
        d["payload"]["extra"] = "@@"

    long_astral = json.dumps(ASTRAL + "a" * 18_999, ensure_ascii=False).encode()
    short_astral = json.dumps(ASTRAL + "a" * 19, ensure_ascii=False).encode()
    name_before, name_after = _put(document, name)
    return {
        "[[],[],…] (the issue's flat case)": _fill(b"", b"[]", b"", size),
        "visitors: {} repeated (the issue's case)": _fill_at(_put(document, visitors), b"{}", size),
        "visitors: \"a\" repeated, just under the value bound": _fill_at(
            _put(document, visitors), b'"a"', min(size, 3 * MiB)
        )
        + b" " * max(0, size - 3 * MiB),
        "session.deputies: 20-char astral texts (worst found)": _fill_at(_put(document, deputies), short_astral, size),
        "session.deputies: 19,000-char astral texts": _fill_at(_put(document, deputies), long_astral, size),
        "payload.extra: 20-char astral texts": _fill_at(_put(document, extra), short_astral, size),
        "one visitor's name: one astral text": name_before
        + json.dumps(ASTRAL + "a" * (size - len(name_before) - 40), ensure_ascii=False).encode()
        + name_after,
    }


def genuine_files(
    template: dict[str, Any], size: int, folder: Path, device: DeviceKey, office: OfficeKey
) -> dict[str, Path]:
    """Genuine exports of about ``size`` bytes: plain and sealed."""
    session_id = template["session"]["id"]
    records = {name: template[name] for name in ("visitors", "issues", "receipts", "audit_events")}
    text = orjson.dumps(records).decode()
    copies = max(1, int(size / len(orjson.dumps(template, option=orjson.OPT_INDENT_2)) * 0.97))
    grown: dict[str, list[Any]] = {name: [] for name in records}
    for _ in range(copies):
        mapping = {session_id: session_id}

        def fresh_id(match: re.Match[str], mapping: dict[str, str] = mapping) -> str:
            return mapping.setdefault(match.group(0), str(uuid.uuid4()))

        fresh = orjson.loads(UUID_TEXT.sub(fresh_id, text))
        for name in grown:
            grown[name].extend(fresh[name])
    payload = {**template, **grown}
    found = {}
    for label, key in (("genuine, plain", None), ("genuine, sealed", office.public_key)):
        built = sign_export(payload, device, sequence=1 if key is None else 2, exported_at=datetime.now(CST),
                            office_public_key=key)  # fmt: skip
        path = folder / f"{label.replace(', ', '_')}.json"
        path.write_bytes(built.data)
        found[label] = path
    return found


def main() -> None:
    """Build the files, import each in a child process, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=float, default=15.9, help="size of each hostile file (the bound is 16 MiB)")
    args = parser.parse_args()
    size = int(args.mib * MiB)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        config = load_config(sample_config_path())
        data = DataFolder(root / "laptop").ensure()
        make_demo_session(data, config, visitors=15, seed=3, day=date(2026, 11, 20))
        outbox = Outbox(data, config)
        [small] = outbox.export(data.session_folders()[0:1], root / "small", now=lambda: datetime.now(CST))
        document = json.loads(small.path.read_text(encoding="utf-8"))
        office_key = OfficeKey.create(root / "keys")
        files: dict[str, Path] = {}
        for number, (label, raw) in enumerate(shapes(document, size).items()):
            files[label] = root / f"hostile_{number}.json"
            files[label].write_bytes(raw)
        genuine = genuine_files(build_payload(data.read(data.session_folders()[0])), size, root, outbox.device(),
                                office_key)  # fmt: skip
        too_big = root / "too_big.json"
        too_big.write_bytes(_fill(b"", b"{}", b"", 64 * MiB))
        rows: dict[str, Path] = {**files, **genuine, "64 MiB of {} (over the size bound)": too_big}

        def fresh_office(name: str) -> Path:
            office = root / "offices" / name
            office.mkdir(parents=True)
            for key_file in (root / "keys").iterdir():
                (office / key_file.name).write_bytes(key_file.read_bytes())
                os.chmod(office / key_file.name, 0o600)
            trusted = TrustedDevices.load(office)
            trusted.add(outbox.device().device_id, outbox.device().public_key, datetime.now(CST))
            trusted.save()
            return office

        _, base_s, base_rss, _ = import_in_child(small.path, fresh_office("baseline"))
        kib = small.path.stat().st_size // 1024
        print(f"Hostile files, real `reception import` in a child process; baseline: one {kib} KiB genuine file, "
              f"{base_s:.2f} s, peak {base_rss / MiB:.0f} MiB")  # fmt: skip
        print(f"{'file':<56}{'MiB':>6}{'s':>7}{'s/MiB':>7}{'peak MiB':>10}{'+MiB/MiB':>10}  outcome")
        for index, (label, path) in enumerate(rows.items()):
            mib = path.stat().st_size / MiB
            code, seconds, rss, line = import_in_child(path, fresh_office(f"o{index}"))
            extra_s = max(0.0, seconds - base_s)
            print(
                f"{label:<56}{mib:>6.1f}{seconds:>7.2f}{extra_s / mib:>7.2f}{rss / MiB:>10.0f}"
                f"{(rss - base_rss) / MiB / mib:>10.1f}  exit {code}: {line[:90]}"
            )


if __name__ == "__main__":
    main()
