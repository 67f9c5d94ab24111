"""The reply spreadsheet: units' replies received as XLSX or CSV, checked row by row, then applied all or nothing.

One row per case number with 登记编号, 答复日期, 办理结果分类 (A-D or their wording) and 答复摘要 (optional:
承办单位, 答复人). Real spreadsheets are expected: the header row anywhere in the first ten rows, merged cells,
dates as text (2026-12-03, 2026/12/3, 2026年12月3日), as spreadsheet serial numbers or as date cells, case
numbers typed with full-width characters or spaces, empty rows, CSV saved by a Chinese Excel (GBK) or with a
UTF-8 byte order mark.

:func:`plan_replies` reads the file and checks every row against the store (without writing anything): the
plan lists the steps that would be saved and every bad row by file, row and column, with the value and what
to do. :func:`apply_plan` saves every step of a plan without problems in one transaction
(:meth:`CaseStore.apply_many`). No CLI code here: the command is ``cli/commands/replies.py``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from reception_tui.domain.errors import DomainError, ValidationFailed
from reception_tui.domain.followup import WAITING_FOR_UNIT, Outcome, Step, StepKind
from reception_tui.i18n import LANGUAGES, Message, t
from reception_tui.office.model import Case
from reception_tui.office.store import CaseStore
from reception_tui.office.words import error_text

HEADER_SEARCH_ROWS = 10
"""The header row is looked for in the first ten rows of a sheet."""

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "case_number": ("登记编号", "编号", "案件编号", "case number", "case_number"),
    "replied_on": ("答复日期", "回复日期", "reply date", "replied_on"),
    "outcome": ("办理结果分类", "办理结果", "结果分类", "outcome", "outcome class"),
    "summary": ("答复摘要", "答复内容", "summary", "reply summary"),
    "unit": ("承办单位", "unit"),
    "replier": ("答复人", "replier"),
}
"""Each column's accepted headings (compared without spaces, case or full-width forms)."""

REQUIRED = ("case_number", "replied_on", "outcome", "summary")
_EXCEL_EPOCH = date(1899, 12, 30)
_TEXT_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_OUTCOME_CODE = re.compile(r"^([ABCD])(?![A-Z])")


class ReplySheetError(Exception):
    """The file cannot be used at all (unreadable, no header row, a required column missing)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params: dict[str, Any] = params
        super().__init__(Message(key, params).text("en"))


@dataclass(frozen=True)
class RowProblem:
    """One bad cell: where (file, row, column) it is, its value, and what is wrong and what to do."""

    row: int
    """The row number as the spreadsheet shows it (1-based)."""
    column: str
    """The column as the spreadsheet shows it: letter and heading (``C 答复日期``)."""
    value: str
    problem: Message


@dataclass(frozen=True)
class PlannedReply:
    """A good row: the case, as seen when checked, and the reply step that would be saved."""

    row: int
    case: Case
    step: Step


@dataclass
class ReplyPlan:
    """What the file would change, and every bad row."""

    source: str
    planned: list[PlannedReply] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    skipped_empty: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


# -- reading the file ----------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Full-width to half-width, no spaces at all: for case numbers and headings."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def normalise_case_number(text: str) -> str:
    """``ＢＳＪＤ－２０２６ 1120-01`` → ``BSJD-20261120-01``."""
    return _fold(text).upper()


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _decode_csv(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else GB18030 (a superset of the GBK a Chinese Excel writes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ReplySheetError("office_cli.replies.error.encoding") from None


def _csv_rows(data: bytes) -> list[list[Any]]:
    text = _decode_csv(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def _xlsx_sheets(path: Path) -> list[list[list[Any]]]:
    """Every sheet's rows of cell values; a merged range gives its value to every cell it covers."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (zip, xml, key errors) for a damaged file
        raise ReplySheetError("office_cli.replies.error.unreadable", detail=type(error).__name__) from None
    sheets = []
    for sheet in workbook.worksheets:
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            top = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(rows) else None
            for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
                for c in range(merged.min_col - 1, merged.max_col):
                    while len(rows[r]) <= c:
                        rows[r].append(None)
                    rows[r][c] = top
        sheets.append(rows)
    workbook.close()
    return sheets


def read_sheet(path: Path) -> list[list[list[Any]]]:
    """The file's sheets as rows of raw cell values (one sheet for a CSV)."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return _xlsx_sheets(path)
        if path.suffix.lower() in (".csv", ".txt"):
            return [_csv_rows(path.read_bytes())]
    except OSError as error:
        raise ReplySheetError("office_cli.replies.error.unreadable", detail=error.strerror or str(error)) from None
    raise ReplySheetError("office_cli.replies.error.format", suffix=path.suffix or "-")


def _heading_key(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = _fold(value).lower().strip("*＊:：")
    for key, names in COLUMN_NAMES.items():
        if text in (_fold(name).lower() for name in names):
            return key
    return None


def find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[str, int]] | None:
    """The header row's index and each known column's index, when one of the first ten rows names the
    case number column and at least one other required column."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for position, value in enumerate(row):
            key = _heading_key(value)
            if key is not None and key not in columns:
                columns[key] = position
        if "case_number" in columns and len(set(columns) & set(REQUIRED)) >= 2:
            return index, columns
    return None


# -- reading cells -------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value: Any) -> date | None:
    """A date cell, a spreadsheet serial number (1900 date system), or text: 2026-12-03, 2026/12/3,
    2026.12.3, 2026年12月3日, 20261203 (full-width digits too). None when it is none of these."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(float(value))
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    if not text:
        return None
    match = _TEXT_DATE.match(text) or _COMPACT_DATE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        return _serial(float(text))
    return None


def _serial(number: float) -> date | None:
    if not 1 <= number < 2958466:  # 1900-01-01 .. 9999-12-31
        return None
    return _EXCEL_EPOCH + timedelta(days=int(number))


def outcome_words(overrides: Mapping[Outcome, str] | None = None) -> dict[str, Outcome]:
    """Every wording of the outcome classes (both languages, the office's own) folded, to its class."""
    words: dict[str, Outcome] = {}
    for outcome in Outcome:
        texts = [catalogue.get(f"office.outcome.{outcome.value}", "") for catalogue in LANGUAGES.values()]
        texts += [catalogue.get(f"office.outcome_short.{outcome.value}", "") for catalogue in LANGUAGES.values()]
        texts.append((overrides or {}).get(outcome, ""))
        for text in texts:
            if text.strip():
                words[_fold(text).lower()] = outcome
    return words


def parse_outcome(value: Any, words: Mapping[str, Outcome]) -> Outcome | None:
    """``A``, ``A类``, ``b``, ``Ａ类（已解决）`` or a class's wording; None when it is none of these."""
    text = _fold(_text(value))
    if not text:
        return None
    match = _OUTCOME_CODE.match(text.upper())
    if match:
        return Outcome(match[1])
    return words.get(text.lower())


# -- checking against the store ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cells:
    row: int
    values: dict[str, Any]


def _rows_of(path: Path) -> tuple[list[_Cells], dict[str, int], int]:
    """The data rows (cells by column key), the columns, and how many empty rows were skipped."""
    for rows in read_sheet(path):
        found = find_header(rows)
        if found is None:
            continue
        header, columns = found
        missing = [name for name in REQUIRED if name not in columns]
        if missing:
            raise ReplySheetError(
                "office_cli.replies.error.missing_column", columns="、".join(COLUMN_NAMES[n][0] for n in missing)
            )
        cells: list[_Cells] = []
        empty = 0
        for index in range(header + 1, len(rows)):
            row = rows[index]
            values = {key: (row[pos] if pos < len(row) else None) for key, pos in columns.items()}
            if all(_text(value) == "" for value in values.values()):
                empty += 1
                continue
            cells.append(_Cells(index + 1, values))
        return cells, columns, empty
    raise ReplySheetError(
        "office_cli.replies.error.no_header", rows=HEADER_SEARCH_ROWS,
        columns="、".join(COLUMN_NAMES[n][0] for n in REQUIRED),
    )  # fmt: skip


def plan_replies(
    path: Path,
    store: CaseStore,
    *,
    clerk: str,
    now: Callable[[], datetime],
    outcome_overrides: Mapping[Outcome, str] | None = None,
    unit_names: Mapping[str, str] | None = None,
) -> ReplyPlan:
    """Read ``path`` and check every row against the store; nothing is written.

    A row is bad when its case number is unknown (or names two cases), the case is not waiting for a
    unit's reply, the date is not a date or the step's rules refuse it, the class is not A-D, the summary
    is missing, or the unit named is not the case's unit. :class:`ReplySheetError` when the file as a
    whole cannot be used."""
    cells, columns, empty = _rows_of(path)
    plan = ReplyPlan(source=path.name, skipped_empty=empty)
    words = outcome_words(outcome_overrides)
    names = unit_names or {}
    seen: dict[str, int] = {}
    at = now()

    def column(key: str) -> str:
        return f"{_column_letter(columns[key])} {COLUMN_NAMES[key][0]}" if key in columns else COLUMN_NAMES[key][0]

    for row in cells:
        problems: list[RowProblem] = []

        def bad(
            key: str, problem: str, row: _Cells = row, problems: list[RowProblem] = problems, hide: bool = False,
            **params: Any,
        ) -> None:  # fmt: skip
            value = t("office_cli.replies.hidden") if hide else _text(row.values.get(key))
            problems.append(RowProblem(row.row, column(key), value, Message(problem, params)))

        number = normalise_case_number(_text(row.values.get("case_number")))
        case: Case | None = None
        if not number:
            bad("case_number", "office_cli.replies.problem.no_number")
        elif number in seen:
            bad("case_number", "office_cli.replies.problem.twice", first=seen[number])
        else:
            seen[number] = row.row
            found = store.find(number)
            if not found:
                bad("case_number", "office_cli.replies.problem.unknown", number=number)
            elif len(found) > 1:
                bad("case_number", "office_cli.replies.problem.ambiguous", number=number, count=len(found))
            elif found[0].state not in WAITING_FOR_UNIT:
                bad("case_number", "office_cli.replies.problem.state", number=number,
                    state=Message(f"office.state.{found[0].state.value}"))  # fmt: skip
            else:
                case = found[0]
        on = parse_date(row.values.get("replied_on"))
        if on is None:
            key = "office_cli.replies.problem.no_date" if not _text(row.values.get("replied_on")) else (
                "office_cli.replies.problem.date")  # fmt: skip
            bad("replied_on", key)
        outcome = parse_outcome(row.values.get("outcome"), words)
        if outcome is None:
            bad("outcome", "office_cli.replies.problem.outcome")
        summary = _text(row.values.get("summary"))
        if not summary:
            bad("summary", "office_cli.replies.problem.summary")
        unit = _fold(_text(row.values.get("unit")))
        if case is not None and unit and case.followup.unit:
            accepted = {_fold(case.followup.unit), _fold(names.get(case.followup.unit, ""))} - {""}
            if not any(unit in name or name in unit for name in accepted):  # 西湖区人民政府办公室 too
                bad("unit", "office_cli.replies.problem.unit", unit=names.get(case.followup.unit, case.followup.unit))
        if case is not None and on is not None and outcome is not None and summary:
            step = Step(StepKind.REPLY, clerk, at, {"on": on, "outcome": outcome.value, "summary": summary})
            try:
                store.check(case, step)
            except DomainError as error:
                target = "replied_on" if _names_field(error, "on") else "summary"
                personal = isinstance(error, ValidationFailed) and any(
                    problem.key == "office.error.personal_in_step" for problem in error.errors
                )  # the cell holds the visitor's name or phone: never echoed
                bad(target, "office_cli.replies.problem.refused", hide=personal, reason=error_text(error))
            else:
                if not problems:
                    plan.planned.append(PlannedReply(row.row, case, step))
        plan.problems.extend(problems)
    return plan


def _names_field(error: DomainError, name: str) -> bool:
    return isinstance(error, ValidationFailed) and any(problem.field == name for problem in error.errors)


def apply_plan(store: CaseStore, plan: ReplyPlan) -> list[Case]:
    """Save every planned reply in one transaction (a plan with problems is refused whole: ValueError).

    Each step is saved from the revision the case had when checked: a case changed meanwhile raises
    :class:`StoreConflict` and nothing is saved."""
    if not plan.ok:
        raise ValueError("a reply plan with problems is never applied")
    return store.apply_many([(item.case.case_id, item.step, item.case.revision) for item in plan.planned])
