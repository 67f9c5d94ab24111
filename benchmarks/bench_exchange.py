"""Benchmark of the session exchange: office import of 1,000 session files, export of a 200-visitor session.

Run from the repository root: ``python benchmarks/bench_exchange.py [--files 1000]``.

One demo session of 15 visitors / 30 issues is made through the normal desk service; the 1,000
files are derived from it with fresh record ids, ten laptops' keys and increasing export numbers,
each signed like a real export. Only the import is timed, against a bare ``json.load`` of the same
files in the same run (the baseline). The export figure covers building, signing, the atomic
durable write and the read-back check of a 200-visitor session, against a bare ``json.dump``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reception_tui.config import load_config, sample_config_path
from reception_tui.exchange.document import build_export, build_payload, sign_export
from reception_tui.exchange.keys import DeviceKey, OfficeKey
from reception_tui.exchange.office_import import import_files
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.exchange.outbox import Outbox
from reception_tui.exchange.reader import read_export
from reception_tui.exchange.safe_json import parse_untrusted
from reception_tui.exchange.schema import check, check_with_jsonschema, document_check, document_validator
from reception_tui.exchange.trust import TrustedDevices
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder

CST = timezone(timedelta(hours=8))
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def demo_session(root: Path, visitors: int, issues: int | None) -> DataFolder:
    """A demo session with exactly ``issues`` issues (seeds tried in turn)."""
    config = load_config(sample_config_path())
    for seed in range(200):
        data = DataFolder(root / f"demo-{visitors}-{seed}").ensure()
        result = make_demo_session(data, config, visitors=visitors, seed=seed, day=date(2026, 11, 20))
        if issues is None or result.issues == issues:
            return data
    raise SystemExit("no seed gives the wanted issue count")


def template_payload(root: Path) -> dict[str, object]:
    """The payload of a demo session of 15 visitors / 30 issues: what every derived file copies."""
    data = demo_session(root, 15, 30)
    return build_payload(data.read(data.session_folders()[0]))


def derive_files(
    template: dict[str, object],
    count: int,
    folder: Path,
    devices: list[DeviceKey],
    *,
    sealed_to: tuple[Path, str] | None = None,
) -> list[Path]:
    """``count`` signed export files of the template payload, each with fresh record ids; with
    ``sealed_to`` (folder, office public key) the same sessions also sealed to the office, in that folder."""
    text = orjson.dumps(template).decode("utf-8")
    folder.mkdir(parents=True)
    if sealed_to is not None:
        sealed_to[0].mkdir(parents=True)
    paths = []
    for index in range(count):
        mapping: dict[str, str] = {}

        def fresh_id(match: re.Match[str], mapping: dict[str, str] = mapping) -> str:
            return mapping.setdefault(match.group(0), str(uuid.uuid4()))

        fresh = UUID_TEXT.sub(fresh_id, text)
        payload = orjson.loads(fresh)
        device = devices[index % len(devices)]
        built = sign_export(
            payload,
            device,
            sequence=index // len(devices) + 1,
            exported_at=datetime(2026, 11, 20, 17, 0, tzinfo=CST),
            app_version="bench",
        )
        path = folder / f"file_{index:05d}.json"
        path.write_bytes(built.data)
        paths.append(path)
        if sealed_to is not None:
            sealed = sign_export(
                payload, device, sequence=index // len(devices) + 1,
                exported_at=datetime(2026, 11, 20, 17, 0, tzinfo=CST), app_version="bench",
                office_public_key=sealed_to[1],
            )  # fmt: skip
            (sealed_to[0] / path.name).write_bytes(sealed.data)
    return paths


def bare_json_load(paths: list[Path]) -> float:
    """The baseline: ``json.load`` of every file."""
    start = time.perf_counter()
    for path in paths:
        with path.open("rb") as handle:
            json.load(handle)
    return time.perf_counter() - start


def _best_of(runs: int, step: Callable[[], object]) -> float:
    """The fastest of ``runs`` timings of ``step`` (steadier than one run on a busy machine)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best


def phase_breakdown(paths: list[Path], trusted: TrustedDevices, scratch: Path) -> dict[str, float]:
    """Mean milliseconds per file of the import's steps, on a sample of 100 files (best of 3)."""
    sample = paths[:100]
    raws = [p.read_bytes() for p in sample]
    documents = [parse_untrusted(raw) for raw in raws]
    exports = [read_export(raw, office_key=None, trusted=trusted, trust_new=False) for raw in raws]

    def parse_all() -> None:
        for raw in raws:
            parse_untrusted(raw)

    def compiled_all() -> None:
        for document in documents:
            check(document_check(), document)

    def jsonschema_all() -> None:
        for document in documents:
            check_with_jsonschema(document_validator(), document)

    def read_all() -> None:
        for raw in raws:  # each result dropped before the next, as in the import
            read_export(raw, office_key=None, trusted=trusted, trust_new=False)

    timings = {
        "bounded strict parse": _best_of(3, parse_all),
        "schema, jsonschema-rs (used by import)": _best_of(3, compiled_all),
        "schema, jsonschema + FormatChecker": _best_of(1, jsonschema_all),
        "all checks (read_export)": _best_of(3, read_all),
    }
    runs = iter(range(3))

    def merge_all() -> None:
        office = scratch / f"phase-office-{next(runs)}"
        office.mkdir()
        with OfficeStore(office) as store, store.batch():
            for index, export in enumerate(exports):
                store.merge(export, file_sha256=f"{index:064x}", file_name=f"{index}", now=datetime.now(CST))

    timings["merge into the office store (one batch)"] = _best_of(3, merge_all)
    return {name: value / len(sample) * 1000 for name, value in timings.items()}


def import_breakdown(paths: list[Path], office: Path) -> dict[str, float]:
    """Seconds spent in each step of a real import of ``paths`` (functions wrapped with timers)."""
    from reception_tui.exchange import office_import, office_store, reader

    spent: dict[str, float] = {}
    originals: list[tuple[object, str, object]] = []

    def wrap(owner: object, name: str, label: str) -> None:
        original = getattr(owner, name)
        originals.append((owner, name, original))

        def timed(*args: object, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - start

        setattr(owner, name, timed)

    wrap(office_import, "collect_files", "find the files")
    wrap(office_import, "_read_bounded", "read (bounded)")
    wrap(office_import, "sha256_hex", "sha256 of the file")
    wrap(office_store.OfficeStore, "import_row", "look up earlier imports")
    wrap(reader, "parse_untrusted", "checks: strict bounded parse")
    wrap(reader, "check", "checks: schema")
    wrap(reader, "_check_device", "checks: device and signature")
    wrap(reader, "canonical_payload", "checks: canonical bytes")
    wrap(reader, "_check_consistency", "checks: counts and references")
    wrap(office_import, "read_export", "checks: all")
    wrap(office_store.OfficeStore, "merge", "merge (one savepoint per file)")
    wrap(office_store.PendingCommit, "wait", "wait for a batch's commit")
    wrap(office_import, "_write_acks", "acknowledgements")
    try:
        start = time.perf_counter()
        import_files(paths, office, now=lambda: datetime.now(CST))
        spent["whole import"] = time.perf_counter() - start
    finally:
        for owner, name, original in reversed(originals):
            setattr(owner, name, original)
    return spent


def checks_sealed_and_plain(root: Path, office: Path) -> tuple[float, float]:
    """Seconds of every check (``read_export``) of 100 plain files and the same 100 sealed (best of 3)."""
    key = OfficeKey.load(office)
    trusted = TrustedDevices.load(office)
    found = []
    for stick in (root / "stick", root / "stick-sealed"):
        raws = [path.read_bytes() for path in sorted(stick.iterdir())[:100]]

        def read_all(raws: list[bytes] = raws) -> None:
            for raw in raws:
                read_export(raw, office_key=key, trusted=trusted, trust_new=False)

        found.append(_best_of(3, read_all))
    return found[0], found[1]


def sealed_against_plain(root: Path, office: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds of importing the plain files and the same sessions sealed, each into a fresh office with
    the same key and trusted laptops, alternating for ``rounds`` rounds."""
    times: dict[str, list[float]] = {"plain": [], "sealed": [], "plain cpu": [], "sealed cpu": []}
    kinds = [("plain", root / "stick"), ("sealed", root / "stick-sealed")]
    for round_ in range(rounds):
        for kind, stick in kinds if round_ % 2 == 0 else kinds[::-1]:  # each goes first in every other round
            fresh = root / f"office-{kind}-{round_}"
            shutil.copytree(office, fresh)
            os.sync()  # the previous import's writes are on disk before this one starts
            start, cpu = time.perf_counter(), time.process_time()
            report = import_files([stick], fresh, now=lambda: datetime.now(CST))
            times[kind].append(time.perf_counter() - start)
            times[f"{kind} cpu"].append(time.process_time() - cpu)
            assert report.exit_code == 0, f"{kind} import failed"
        for kind, _ in kinds:
            shutil.rmtree(root / f"office-{kind}-{round_}")
    return times


def main() -> None:
    """Run and print the tables."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--export-visitors", type=int, default=200)
    parser.add_argument("--breakdown", action="store_true", help="also time each step of a second import")
    parser.add_argument("--sealed-rounds", type=int, default=3, help="rounds of the sealed / plain imports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        template = template_payload(root)
        devices = [DeviceKey.load_or_create(root / f"device{i}") for i in range(10)]
        keyed = root / "office-keyed"  # the template of the sealed / plain comparison: an office with its key
        keyed.mkdir()
        office_key = OfficeKey.create(keyed)
        office = root / "office"
        office.mkdir()
        paths = derive_files(
            template, args.files, root / "stick", devices, sealed_to=(root / "stick-sealed", office_key.public_key)
        )
        size = statistics.mean(p.stat().st_size for p in paths)
        sealed_size = statistics.mean(p.stat().st_size for p in (root / "stick-sealed").iterdir())
        trusted = TrustedDevices.load(office)
        for device in devices:
            trusted.add(device.device_id, device.public_key, datetime.now(CST))
        trusted.save()
        shutil.copy(office / "trusted-devices.json", keyed / "trusted-devices.json")
        sealed_times = sealed_against_plain(root, keyed, args.sealed_rounds)
        plain_checks, sealed_checks = checks_sealed_and_plain(root, keyed)

        baseline_before = bare_json_load(paths)
        start = time.perf_counter()
        report = import_files([root / "stick"], office, now=lambda: datetime.now(CST))
        import_time = time.perf_counter() - start
        baseline_after = bare_json_load(paths)
        assert report.exit_code == 0 and len(report.sessions) == args.files, "import failed"
        start = time.perf_counter()
        again = import_files([root / "stick"], office, now=lambda: datetime.now(CST))
        reimport_time = time.perf_counter() - start
        assert {o.status for o in again.outcomes} == {"unchanged"}
        baseline = min(baseline_before, baseline_after)
        phases = phase_breakdown(paths, trusted, root)
        steps: dict[str, float] = {}
        if args.breakdown:
            second = root / "office-breakdown"
            second.mkdir()
            shutil.copy(office / "trusted-devices.json", second / "trusted-devices.json")
            steps = import_breakdown([root / "stick"], second)

        export_data = demo_session(root, args.export_visitors, None)
        folder = export_data.session_folders()[0]
        snapshot = export_data.read(folder)
        outbox = Outbox(export_data, load_config(sample_config_path()))
        outbox.device()
        start = time.perf_counter()
        [result] = outbox.export([folder], root / "export-stick", now=lambda: datetime.now(CST))
        export_time = time.perf_counter() - start
        start = time.perf_counter()
        with (root / "bare.json").open("w", encoding="utf-8") as handle:
            json.dump(build_payload(snapshot), handle, ensure_ascii=False)
        bare_dump = time.perf_counter() - start
        built = build_export(snapshot, outbox.device(), sequence=1, exported_at=datetime.now(CST))

    per = 1000 / args.files
    print(f"Import: {args.files} files of 15 visitors / 30 issues, mean {size / 1024:.1f} KiB")
    print(f"{'measure':<44}{'total s':>10}{'ms/file':>10}{'ratio':>8}")
    print(f"{'baseline: bare json.load':<44}{baseline:>10.3f}{baseline * per:>10.3f}{1:>8.2f}")
    print(
        f"{'reception import (verify + merge + ack)':<44}{import_time:>10.3f}{import_time * per:>10.3f}"
        f"{import_time / baseline:>8.2f}"
    )
    print(
        f"{'same files again (all unchanged)':<44}{reimport_time:>10.3f}{reimport_time * per:>10.3f}"
        f"{reimport_time / baseline:>8.2f}"
    )
    plain, sealed = statistics.median(sealed_times["plain"]), statistics.median(sealed_times["sealed"])
    print()
    rounds = len(sealed_times["plain"])
    print(f"Sealed to the office key (mean {sealed_size / 1024:.1f} KiB), the same sessions, {rounds} rounds")
    print(f"{'import, plain files (median)':<44}{plain:>10.3f}{plain * per:>10.3f}{plain / baseline:>8.2f}")
    label = "import, the same sessions sealed (median)"
    print(f"{label:<44}{sealed:>10.3f}{sealed * per:>10.3f}{sealed / baseline:>8.2f}")
    pairs = ", ".join(f"{s / p:.2f}x" for p, s in zip(sealed_times["plain"], sealed_times["sealed"], strict=True))
    print(f"sealed / plain: {sealed / plain:.2f}x (medians; each round {pairs}; target at most 1.3x)")
    plain_cpu, sealed_cpu = statistics.median(sealed_times["plain cpu"]), statistics.median(sealed_times["sealed cpu"])
    print(
        f"CPU time of the same imports (medians): plain {plain_cpu:.3f} s, sealed {sealed_cpu:.3f} s, "
        f"{sealed_cpu / plain_cpu:.2f}x"
    )
    print(f"checks alone (read_export, best of 3, 100 files): sealed / plain {sealed_checks / plain_checks:.2f}x")
    print()
    print(f"Import steps, mean of 100 files (baseline {baseline * per:.3f} ms/file)")
    for name, value in phases.items():
        print(f"  {name:<42}{value:>10.3f} ms {value / (baseline * per):>7.2f}x")
    if steps:
        print()
        print(f"Where a real import spends its time (timers around each step; baseline {baseline * per:.3f} ms/file)")
        for name, value in steps.items():
            ms = value * per
            print(f"  {name:<42}{ms:>10.3f} ms {ms / (baseline * per):>7.2f}x")
    print()
    print(
        f"Export: one session of {len(snapshot.visitors)} visitors / {len(snapshot.issues)} issues, "
        f"{len(built.data) / 1024:.0f} KiB"
    )
    print(f"{'baseline: bare json.dump of the payload':<44}{bare_dump * 1000:>10.1f} ms{1:>8.2f}")
    print(
        f"{'export (build, sign, durable write, read-back)':<44}{export_time * 1000:>10.1f} ms"
        f"{export_time / bare_dump:>8.2f}"
    )
    print(f"verified file: {result.path.name}")


if __name__ == "__main__":
    main()
