"""``reception lookup … | head -4``: the office's lookup ends quietly when its reader stops early."""

from __future__ import annotations

from reception_tui.exchange.office_store import OfficeStore
from tests.cli.test_cli_closed_pipe import _run_into_closed_pipe
from tests.conftest import CliRunner


def test_lookup_into_a_closed_pipe_is_quiet(make_laptop, tmp_path, office_dir, run_cli: CliRunner):
    laptop = make_laptop("lookup", visitors=3, seed=97)
    path = laptop.export(tmp_path / "stick")[0].path
    assert run_cli("import", str(path), "--office-dir", str(office_dir), "--trust-new-devices").returncode == 0
    with OfficeStore(office_dir) as store:
        case = next(r.body["case_number"] for r in store.records("issue"))
    assert run_cli("lookup", case, "--office-dir", str(office_dir)).returncode == 0
    code, stderr = _run_into_closed_pipe(tmp_path, "lookup", case, "--office-dir", str(office_dir))
    assert (code, stderr) == (141, "")
    assert not list((tmp_path / "data").glob("logs/*"))
