"""``reception sessions [--json]``: the sessions in the data folder with date, state and counts."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from reception_tui.i18n import describe, t
from reception_tui.settings import Settings

if TYPE_CHECKING:
    from reception_tui.storage.data_folder import SessionSummary


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal cells (a Chinese character takes two)."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))


def _right(text: str, width: int) -> str:
    """Right-align ``text`` in ``width`` terminal cells."""
    from rich.cells import cell_len

    return " " * max(0, width - cell_len(text)) + text


def header() -> str:
    """The column titles, each over its column by cell width (numbers are right-aligned, so are theirs)."""
    day, site, state, visitors, issues, ident = t("cli.sessions.header").split()
    return " ".join([_pad(day, 11), _pad(site, 6), _pad(state, 7), _right(visitors, 8), _right(issues, 6), ident])


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add the command to the parser."""
    parser = subparsers.add_parser("sessions", parents=[common], help="list the sessions in the data folder")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.set_defaults(handler=run)


def _problem(summary: SessionSummary) -> str:
    return describe(summary.failure) if summary.failure else summary.problem


def run(args: argparse.Namespace, context: Settings) -> int:
    """Print the list; damaged sessions are listed with their problem."""
    folder = context.data_folder
    summaries = folder.list_sessions()
    if args.json:
        rows = [
            {
                "id": s.id or None,
                "date": s.day.isoformat() if s.day else None,
                "site_code": s.site_code or None,
                "state": s.state,
                "visitors": s.visitors,
                "issues": s.issues,
                "folder": str(s.folder),
                **({"problem": s.problem} if s.problem else {}),
            }
            for s in summaries
        ]
        print(json.dumps({"data_dir": str(folder.root), "sessions": rows}, ensure_ascii=False, indent=2))
        return 0
    if not summaries:
        print(t("cli.sessions.none", path=folder.root))
        return 0
    print(header())
    for s in summaries:
        if s.state == "damaged":
            problem = t("cli.sessions.damaged", problem=_problem(s))
            print(f"{'?':<11} {'':<6} {_pad(t('cli.state.damaged'), 7)} {problem}")
            continue
        day = s.day.isoformat() if s.day else "?"
        state = _pad(t("cli.state." + s.state), 7)
        print(f"{day:<11} {_pad(s.site_code, 6)} {state} {s.visitors:>8} {s.issues:>6} {s.id}")
    return 0
