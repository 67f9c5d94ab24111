"""Instructions per imported file, sealed against plain, counted by valgrind (not timed).

Run from the repository root: ``python benchmarks/bench_sealed_instructions.py [--files 100]``
(needs ``valgrind``; about five minutes).

On a machine shared with other work the wall-time rounds of ``bench_exchange.py --sealed-rounds`` swing
from 0.8x to 1.5x. Callgrind counts the instructions a process executes, the same total whatever
else the machine is doing. Two sets of the same sessions are made (``--files`` and twice as many
files, plain and sealed to the office key); each is imported by a fresh process under callgrind,
and the per-file figure is the difference between the two sizes divided by the extra files, so
start-up, imports and the schema's compilation (paid once) drop out.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import callgrind


def make_files(root: Path, count: int) -> None:
    """``count`` plain files and the same sessions sealed, an office with its key, the laptops trusted."""
    from bench_exchange import CST, derive_files, template_payload

    from reception_tui.exchange.keys import DeviceKey, OfficeKey
    from reception_tui.exchange.trust import TrustedDevices

    template = template_payload(root)
    devices = [DeviceKey.load_or_create(root / f"device{i}") for i in range(10)]
    office = root / "office"
    office.mkdir()
    key = OfficeKey.create(office)
    derive_files(template, count, root / "plain", devices, sealed_to=(root / "sealed", key.public_key))
    trusted = TrustedDevices.load(office)
    for device in devices:
        trusted.add(device.device_id, device.public_key, datetime.now(CST))
    trusted.save()


def child(root: Path, kind: str) -> None:
    """Import one folder into a fresh copy of the office (what callgrind counts)."""
    from reception_tui.exchange.office_import import import_files

    fresh = root / f"office-{kind}"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root / "office", fresh)
    report = import_files([root / kind], fresh, now=lambda: datetime.now(UTC))
    assert report.exit_code == 0, f"{kind} import failed"


def instructions(root: Path, kind: str) -> int:
    """Instructions of a whole process importing ``root / kind``."""
    return callgrind.instructions([sys.executable, __file__, "--child", str(root), kind], root / f"callgrind.{kind}")



def main() -> None:
    """Make the files, count, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--child", nargs=2, metavar=("ROOT", "KIND"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1])
        return
    callgrind.require_valgrind()
    counts: dict[tuple[str, int], int] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for size in (args.files, 2 * args.files):
            root = Path(scratch) / str(size)
            root.mkdir()
            make_files(root, size)
            for kind in ("plain", "sealed"):
                counts[kind, size] = instructions(root, kind)
    per_file = {
        kind: (counts[kind, 2 * args.files] - counts[kind, args.files]) / args.files for kind in ("plain", "sealed")
    }
    print(f"Instructions per imported file (difference between {args.files} and {2 * args.files} files)")
    for kind in ("plain", "sealed"):
        print(f"  {kind:<8}{per_file[kind] / 1e6:>10.2f} M")
    print(f"  sealed / plain: {per_file['sealed'] / per_file['plain']:.3f}x (target at most 1.3x)")


if __name__ == "__main__":
    main()
