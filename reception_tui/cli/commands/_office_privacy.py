"""The office's privacy commands (issue 17): retention, a person's subject-access export and erasure.

``reception office retention --office-dir DIR [--office-db URL] [--today DATE] [--apply --clerk NAME]``
``reception office subject-access PHONE_OR_NAME --office-dir DIR [--office-db URL] --out FILE --clerk NAME
--reason TEXT``
``reception office erase PHONE_OR_NAME --office-dir DIR [--office-db URL] --clerk NAME --request TEXT [--apply]``

They open the same store as every other office command (``_office_store.open_store``): the folder's
``office.sqlite3``, or the PostgreSQL database ``--office-db`` or office.yaml's ``office_db`` names; the files they
clean (documents, ``out/``, quarantine) are always the office folder's.

:func:`register_actions` adds them under ``reception office``; until that command dispatches them, :func:`register`
also offers them as ``reception office-privacy retention|subject-access|erase``. Without
``--apply`` retention and erasure are dry runs: the case numbers and counts, never a personal value.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reception_tui.cli.commands._office_store import (
    add_store_options,
    check_clerk,
    office_settings,
    open_store,
    with_office,
)
from reception_tui.i18n import os_reason, t
from reception_tui.services.clock import site_clock
from reception_tui.settings import Settings

if TYPE_CHECKING:  # the office's privacy code (PDF, the store) loads when a privacy command runs
    from reception_tui.office.erasure import ErasurePlan
    from reception_tui.office.settings import OfficeSettings
    from reception_tui.office.store import CaseStore


def _retention_arguments(parser: argparse.ArgumentParser) -> None:
    add_store_options(parser)
    parser.add_argument("--apply", action="store_true", help="remove the data (without it: a dry run)")
    parser.add_argument("--clerk", default="", help="the clerk doing it (one of office.yaml's clerks)")
    parser.add_argument("--today", default=None, help="the day to count the retention period back from (ISO date)")
    parser.set_defaults(handler=run_retention)


def _subject_access_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("person", metavar="PHONE_OR_NAME", help="the person's phone number or exact full name")
    add_store_options(parser)
    parser.add_argument("--out", required=True, help="the file to write: FILE.json and FILE.pdf")
    parser.add_argument("--clerk", required=True, help="the clerk doing it")
    parser.add_argument("--reason", required=True, help="the request's reference (logged)")
    parser.set_defaults(handler=run_subject_access)


def _erase_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("person", metavar="PHONE_OR_NAME", help="the person's phone number or exact full name")
    add_store_options(parser)
    parser.add_argument("--clerk", required=True, help="the clerk doing it")
    parser.add_argument("--request", required=True, help="the erasure request's reference (logged)")
    parser.add_argument("--apply", action="store_true", help="remove the data (without it: a dry run)")
    parser.set_defaults(handler=run_erase)


_ACTIONS: tuple[tuple[str, str, Callable[[argparse.ArgumentParser], None]], ...] = (
    ("retention", "remove personal data of cases closed longer ago than the retention period", _retention_arguments),
    ("subject-access", "everything the office holds about one person, as JSON and PDF", _subject_access_arguments),
    ("erase", "remove one person's personal data on their request", _erase_arguments),
)


def register_actions(
    office_subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add ``retention``, ``subject-access`` and ``erase`` under ``reception office``."""
    for name, text, arguments in _ACTIONS:
        arguments(office_subparsers.add_parser(name, parents=[common], help=text))


# -- shared ---------------------------------------------------------------------------------------------


def _open(args: argparse.Namespace, context: Settings) -> tuple[CaseStore, OfficeSettings, Path] | int:
    """The store the other office commands open (``--office-db`` / office_db, else the folder's SQLite file), not
    synced yet, with office.yaml and the office folder; the exit code when it cannot be opened (reason printed)."""
    context = with_office(context, args.office_dir, args.office_db)
    settings = office_settings(context)
    if isinstance(settings, int):
        return settings
    context = dataclasses.replace(context, clock=context.clock or site_clock(context.config.timezone))
    store = open_store(context, settings, sync=False)
    if isinstance(store, int):
        return store
    assert context.office_dir is not None
    return store, settings, context.office_dir


def _folder_copy(settings: OfficeSettings, office_dir: Path, context: Settings) -> CaseStore | None:
    """The folder's own SQLite store when the office works on PostgreSQL and the file is still there (the copy
    ``office migrate`` moved from): it holds the same people's data, so retention and erasure clean it too."""
    from reception_tui.exchange.office_store import STORE_FILE
    from reception_tui.office.store import open_case_store

    if not settings.office_db or not (office_dir / STORE_FILE).is_file():
        return None
    local = dataclasses.replace(settings, office_db="")
    now = context.clock or site_clock(context.config.timezone)
    print(t("office.privacy.cli.folder_copy", path=office_dir / STORE_FILE))
    return open_case_store(office_dir, local, context.config, now=now)


def _text_given(value: str, option: str) -> bool:
    if value.strip():
        return True
    print(t("office.privacy.cli.text_required", option=option), file=sys.stderr)
    return False


def _report(plan: ErasurePlan, *, applied: bool) -> None:
    from reception_tui.office.erasure import KINDS

    key = "office.privacy.cli.removed" if applied else "office.privacy.cli.would_remove"
    print(t(key, cases=len(plan.case_ids)))
    for number in plan.case_numbers:
        print(t("office.privacy.cli.case", number=number))
    for kind in KINDS:
        print(t("office.privacy.cli.count", kind=t(f"office.privacy.kind.{kind}"), count=plan.counts.get(kind, 0)))
    print(t("office.privacy.cli.logged") if applied else t("office.privacy.cli.apply_hint"))


def _removal(
    args: argparse.Namespace, store: CaseStore, office_dir: Path, plan: ErasurePlan, action: str, reference: str
) -> int:
    from reception_tui.office.erasure import apply_erasure, compact_database

    if plan.empty:
        if args.apply:
            compact_database(store)
        print(t("office.privacy.cli.nothing"))
        return 0
    if args.apply:
        apply_erasure(store, office_dir, plan, clerk=args.clerk.strip(), action=action, reference=reference)
    _report(plan, applied=bool(args.apply))
    return 0


# -- the commands -------------------------------------------------------------------------------------


def run_retention(args: argparse.Namespace, context: Settings) -> int:
    """Dry run or apply the retention period."""
    from reception_tui.office.erasure import RETENTION
    from reception_tui.office.retention import plan_retention, retention_cutoff

    today: date | None = None
    if args.today:
        try:
            today = date.fromisoformat(args.today)
        except ValueError:
            print(t("office.privacy.cli.bad_today", value=args.today), file=sys.stderr)
            return 2
    opened = _open(args, context)
    if isinstance(opened, int):
        return opened
    store, settings, office_dir = opened
    with store:
        if args.apply and not check_clerk(args.clerk, settings):
            return 2
        day = today or store.now().date()
        print(t("office.privacy.cli.cutoff", years=settings.retention_years,
                cutoff=retention_cutoff(day, settings.retention_years).isoformat()))  # fmt: skip
        plan = plan_retention(store, office_dir, today=day, years=settings.retention_years)
        code = _removal(args, store, office_dir, plan, RETENTION, f"retention_years={settings.retention_years}")
    folder = _folder_copy(settings, office_dir, context)
    if folder is not None:
        with folder:
            folder.sync()
            plan = plan_retention(folder, office_dir, today=day, years=settings.retention_years)
            code = max(code, _removal(args, folder, office_dir, plan, RETENTION,
                                      f"retention_years={settings.retention_years}"))  # fmt: skip
    return code


def run_erase(args: argparse.Namespace, context: Settings) -> int:
    """Dry run or apply a person's erasure request."""
    from reception_tui.office.erasure import ERASE, find_person, plan_erasure

    if not _text_given(args.request, "--request"):
        return 2
    opened = _open(args, context)
    if isinstance(opened, int):
        return opened
    store, settings, office_dir = opened
    request, found = args.request.strip(), False
    code = 0
    with store:
        if not check_clerk(args.clerk, settings):
            return 2
        store.sync()
        people = find_person(store, args.person)
        if people:
            found = True
            code = _removal(args, store, office_dir, plan_erasure(store, office_dir, people), ERASE, request)
    folder = _folder_copy(settings, office_dir, context)
    if folder is not None:
        with folder:
            folder.sync()
            people = find_person(folder, args.person)
            if people:
                found = True
                plan = plan_erasure(folder, office_dir, people)
                code = max(code, _removal(args, folder, office_dir, plan, ERASE, request))
    if not found:
        print(t("office.privacy.cli.no_person"))
        return 1
    return code


def run_subject_access(args: argparse.Namespace, context: Settings) -> int:
    """Write FILE.json and FILE.pdf with everything the office holds about the person."""
    from reception_tui.office.subject_access import subject_access, subject_access_json, subject_access_pdf
    from reception_tui.storage.atomic import write_atomic

    if not _text_given(args.reason, "--reason"):
        return 2
    out = Path(args.out).expanduser()
    base = out.with_suffix("") if out.suffix.lower() in (".json", ".pdf") else out
    json_path, pdf_path = base.with_name(base.name + ".json"), base.with_name(base.name + ".pdf")
    if not base.parent.is_dir():
        print(t("exchange.cli.import.missing", path=base.parent), file=sys.stderr)
        return 2
    opened = _open(args, context)
    if isinstance(opened, int):
        return opened
    store, settings, _ = opened
    with store:
        if not check_clerk(args.clerk, settings):
            return 2
        document = subject_access(store, args.person, clerk=args.clerk.strip(), reason=args.reason.strip())
    people = document["people"]
    if not people:
        print(t("office.privacy.cli.no_person"))
    try:
        write_atomic(json_path, subject_access_json(document))
        write_atomic(pdf_path, subject_access_pdf(document))
    except OSError as error:
        print(t("office.privacy.cli.write_failed", path=base, error=os_reason(error)), file=sys.stderr)
        return 1
    cases = sum(len(person["cases"]) for person in people)
    print(t("office.privacy.cli.written", json=json_path, pdf=pdf_path, people=len(people), cases=cases))
    return 0
