"""A USB stick that fails during an export: a clear error, nothing recorded as exported, nothing half written."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from reception_tui.exchange import outbox as outbox_module
from reception_tui.exchange.errors import DestinationError
from reception_tui.storage import atomic


def test_stick_pulled_mid_write(make_laptop: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    laptop = make_laptop("a", visitors=3, seed=61)
    stick = tmp_path / "stick"
    stick.mkdir()

    real_write = outbox_module.write_atomic

    def pulled(*_args: object) -> int:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    def write_to(path: Path, data: bytes, **kwargs: Any) -> None:
        if stick not in path.parents:
            return real_write(path, data, **kwargs)  # the laptop's own files are fine
        with monkeypatch.context() as patch:
            patch.setattr(atomic.os, "writev", pulled)
            real_write(path, data, **kwargs)

    monkeypatch.setattr(outbox_module, "write_atomic", write_to)
    (pending,) = laptop.outbox.pending(stick)
    with pytest.raises(DestinationError) as caught:
        laptop.outbox.export([pending.folder], stick, now=laptop.clock)
    assert os.strerror(errno.EIO) in str(caught.value)
    assert list(stick.iterdir()) == []  # no temp file, no partial export
    monkeypatch.undo()
    assert [p.folder for p in laptop.outbox.pending(stick)] == [pending.folder]  # still waiting
    (result,) = laptop.outbox.export([pending.folder], stick, now=laptop.clock)
    assert result.path.exists() and laptop.outbox.pending(stick) == []


def test_garbled_read_back_is_refused_and_removed(
    make_laptop: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = make_laptop("b", visitors=3, seed=62)
    stick = tmp_path / "stick"
    stick.mkdir()
    real = outbox_module.read_back

    def garbled(path: Path) -> bytes:
        data = bytearray(real(path))
        data[len(data) // 2] ^= 0x01
        return bytes(data)

    monkeypatch.setattr(outbox_module, "read_back", garbled)
    (pending,) = laptop.outbox.pending(stick)
    with pytest.raises(DestinationError, match="differs"):
        laptop.outbox.export([pending.folder], stick, now=laptop.clock)
    assert list(stick.iterdir()) == []
    assert [p.folder for p in laptop.outbox.pending(stick)] == [pending.folder]
