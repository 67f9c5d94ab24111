"""The command line: exit codes, messages without tracebacks, and the commands office scripts call."""

from __future__ import annotations

import json
from pathlib import Path

from rich.cells import cell_len

from reception_tui import __version__
from reception_tui.cli import build_parser
from reception_tui.cli.commands import command_modules
from tests.conftest import REPO_ROOT, CliRunner

SAMPLE = (REPO_ROOT / "sample_data" / "site.yaml").read_text(encoding="utf-8")


def test_version(run_cli: CliRunner) -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"reception {__version__}"


def test_check_config(run_cli: CliRunner, tmp_path: Path) -> None:
    ok = run_cli("check-config", str(REPO_ROOT / "sample_data" / "site.yaml"))
    assert ok.returncode == 0 and "北山街道" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.replace("day_of_month: 20", "day_of_month: 40"), encoding="utf-8")
    result = run_cli("check-config", str(bad), "--lang", "en")
    assert result.returncode == 2
    line = next(n for n, text in enumerate(SAMPLE.splitlines(), 1) if "day_of_month" in text)
    assert f"bad.yaml:{line} [reception.day_of_month]" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_check_config_checks_keys_against_the_actions(run_cli_in_process: CliRunner, tmp_path: Path) -> None:
    run_cli = run_cli_in_process  # in this process: the subprocess tests above start the command
    bad = tmp_path / "keys.yaml"
    bad.write_text(SAMPLE + "\nkeys:\n  desk_new_visiter: a\n", encoding="utf-8")
    result = run_cli("check-config", str(bad), "--lang", "en")
    assert result.returncode == 2
    line = len((SAMPLE + "\nkeys:\n").splitlines()) + 1
    assert f"keys.yaml:{line} [keys.desk_new_visiter]: unknown action 'desk_new_visiter'" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_then_sessions_json(run_cli: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "d"
    demo = run_cli("demo", "--visitors", "12", "--seed", "3", "--data-dir", str(data))
    assert demo.returncode == 0, demo.stderr
    listing = run_cli("--data-dir", str(data), "sessions", "--json")
    assert listing.returncode == 0
    payload = json.loads(listing.stdout)
    (session,) = payload["sessions"]
    assert session["visitors"] == 12 and session["issues"] >= 12 and session["state"] == "open"
    assert payload["data_dir"] == str(data)
    text = run_cli("sessions", "--data-dir", str(data))
    assert session["id"] in text.stdout and "进行中" in text.stdout


def test_sessions_header_lines_up_with_its_rows(run_cli: CliRunner, tmp_path: Path) -> None:
    """Each column title ends (numbers) or starts (text) in the same terminal cell as its values, in
    Chinese (two cells a character) and English."""
    data = tmp_path / "d"
    assert run_cli("demo", "--visitors", "12", "--seed", "3", "--data-dir", str(data)).returncode == 0
    for lang, titles in (("zh", ("状态", "来访人", "事项", "编号")), ("en", ("State", "Visitors", "Issues", "Id"))):
        head, row = run_cli("sessions", "--lang", lang, "--data-dir", str(data)).stdout.splitlines()[:2]
        state, visitors, issues, ident = titles
        values = row.split()
        assert cell_len(head[: head.index(state)]) == cell_len(row[: row.index(values[2])])
        assert cell_len(head[: head.index(visitors) + len(visitors)]) == cell_len(row[: row.index(" 12 ") + 3])
        end_of_issues = row.index(values[-1]) - 1
        assert cell_len(head[: head.index(issues) + len(issues)]) == cell_len(row[:end_of_issues])
        assert cell_len(head[: head.index(ident)]) == cell_len(row[: row.index(values[-1])])


def test_env_data_dir_and_options_after_subcommand(run_cli_in_process: CliRunner, tmp_path: Path) -> None:
    run_cli = run_cli_in_process  # in this process: the subprocess tests above start the command
    assert run_cli("demo", "--visitors", "2", data_dir=tmp_path / "env").returncode == 0
    listing = json.loads(run_cli("sessions", "--json", data_dir=tmp_path / "env").stdout)
    assert len(listing["sessions"]) == 1


def test_bad_config_for_any_command_is_exit_2(run_cli: CliRunner, tmp_path: Path) -> None:
    result = run_cli("demo", "--config", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2 and "missing.yaml" in result.stderr and "Traceback" not in result.stderr


def test_usage_errors_are_exit_2(run_cli_in_process: CliRunner) -> None:
    run_cli = run_cli_in_process  # in this process: the subprocess tests above start the command
    assert run_cli("sessions", "--bogus").returncode == 2
    assert run_cli("demo", "--visitors", "0").returncode == 2
    assert run_cli("no-such-command").returncode == 2


def test_damaged_session_is_listed_not_fatal(run_cli_in_process: CliRunner, tmp_path: Path) -> None:
    run_cli = run_cli_in_process  # in this process: the subprocess tests above start the command
    data = tmp_path / "d"
    run_cli("demo", "--visitors", "2", "--data-dir", str(data))
    (live,) = data.glob("sessions/*/session.json")
    live.write_text("{not json", encoding="utf-8")
    result = run_cli("sessions", "--json", "--data-dir", str(data))
    assert result.returncode == 0
    assert json.loads(result.stdout)["sessions"][0]["state"] == "damaged"


def test_unexpected_error_logs_without_personal_data(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reception_tui import cli
    from reception_tui.cli.commands import sessions

    def explode(args, context):  # type: ignore[no-untyped-def]
        raise RuntimeError("visitor 张三 13812341234")

    monkeypatch.setattr(sessions, "run", explode)
    code = cli.main(["sessions", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and "张三" not in err
    (log,) = (tmp_path / "logs").glob("error-*.log")
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "张三" not in text and "13812341234" not in text
    assert "test_cli.py" in text


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    names = [action for action in parser._subparsers._group_actions[0].choices]  # type: ignore[union-attr]
    assert len(names) == len(command_modules())
    for name in names:
        assert f"reception {name}" in readme, name


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "pip install -e" in line and "pytest" in line)
    assert command.strip() in ci.splitlines()
