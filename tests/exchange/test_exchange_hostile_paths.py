"""Links and special files on a stick: never followed, never waited on, reported as skipped."""

from __future__ import annotations

import os
from pathlib import Path

from reception_tui.exchange.ack import ACK_FILE
from reception_tui.exchange.office_store import OfficeStore
from tests.conftest import CliRunner


def _secret(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return secret


def test_links_on_the_stick_are_skipped_and_what_they_point_to_is_never_read(
    make_laptop, tmp_path, office_dir, run_cli: CliRunner
):
    real = make_laptop("real", visitors=2, seed=81).export(tmp_path / "stick")[0].path
    other = make_laptop("other", visitors=3, seed=82).export(tmp_path / "other-folder")[0].path
    stick = real.parent
    (stick / "passwd.json").symlink_to(_secret(tmp_path))
    (stick / "other.json").symlink_to(other)
    (stick / "linked-folder").symlink_to(other.parent, target_is_directory=True)

    result = run_cli("import", str(stick), "--office-dir", str(office_dir), "--trust-new-devices")

    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    for name in ("passwd.json", "other.json", "linked-folder"):
        assert any(line.startswith("已跳过：符号链接") and line.endswith(name) for line in lines), name
    assert "Traceback" not in result.stderr
    quarantined = list((office_dir / "quarantine").glob("*")) if (office_dir / "quarantine").exists() else []
    assert all(b"root:x:0:0" not in path.read_bytes() for path in quarantined)
    assert not (other.parent / ACK_FILE).exists()
    assert (stick / ACK_FILE).exists()
    with OfficeStore(office_dir) as store:
        assert store.file_count() == 1 and store.count("visitor") == 2


def test_a_link_named_on_the_command_line_is_skipped_in_english_too(tmp_path, office_dir, run_cli: CliRunner):
    link = tmp_path / "stick.json"
    link.symlink_to(_secret(tmp_path))
    result = run_cli("import", str(link), "--office-dir", str(office_dir), "--lang", "en")
    assert result.returncode == 1
    assert "skipped: symbolic link" in result.stdout and "stick.json" in result.stdout
    assert not (office_dir / "quarantine").exists()


def test_a_fifo_given_as_a_path_or_found_in_a_folder_is_refused_without_waiting(
    make_laptop, tmp_path, office_dir, run_cli: CliRunner
):
    real = make_laptop("fifo", visitors=2, seed=83).export(tmp_path / "stick")[0].path
    fifo = real.parent / "pipe.json"
    os.mkfifo(fifo)
    # nobody ever writes to the pipe: opening it for reading the usual way would wait forever
    named = run_cli("import", str(fifo), "--office-dir", str(office_dir), "--lang", "en", timeout=60)
    assert named.returncode == 1
    assert "skipped: not a regular file" in named.stdout
    found = run_cli("import", str(real.parent), "--office-dir", str(office_dir), "--trust-new-devices", timeout=60)
    assert found.returncode == 1
    assert any(line.startswith("已跳过：不是普通文件") for line in found.stdout.splitlines())
    with OfficeStore(office_dir) as store:
        assert store.file_count() == 1
