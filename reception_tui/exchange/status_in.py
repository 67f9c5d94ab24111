"""The office's status file on the laptop: read it (bounded), check its signature, keep the newest.

The office writes ``reception-status-<site or all>-<timestamp>.json`` (``office/status_file.py``): per
case number the follow-up state, the outcome class and the key dates, nothing personal. It is signed
with the office key like the acknowledgement (``exchange/ack.py``): the Ed25519 signature covers the
canonical JSON of the document without its ``signature`` member.

The laptop trusts only its own office. The site config names the office's X25519 public key
(``office_public_key``); the file carries the office's Ed25519 verify key, which is trusted when it is
the signing form of that public key (:func:`office_verify_key_matches`, as for acknowledgements), or
when it is the very key the caller names. Without an office key configured nothing is accepted: a
state read out to a visitor must come from the office.

The kept file is ``<data folder>/status/status.json`` (0600, written atomically); a file older than
the one kept (a lower ``sequence``) is refused as stale. Every refusal is a :class:`StatusRefused`
whose ``key`` and ``params`` name the reason in the interface's language.

This module never imports the office side: the laptop has no office code to run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from reception_tui.domain.followup import CaseState, CaseStatus, Outcome, Satisfaction
from reception_tui.exchange.canonical import canonical_bytes
from reception_tui.exchange.destinations import DRIVE_SUBFOLDER
from reception_tui.exchange.errors import ExchangeError, RejectedFile
from reception_tui.exchange.keys import office_verify_key_matches, verify_signature
from reception_tui.exchange.safe_json import parse_untrusted
from reception_tui.i18n import Message
from reception_tui.storage.atomic import ensure_private_dir, write_atomic

STATUS_FORMAT = "reception-status"
STATUS_FORMAT_VERSION = 1
STATUS_FILE_PREFIX = "reception-status-"
STATUS_DIR = "status"
STATUS_FILE = "status.json"
MAX_STATUS_BYTES = 8 * 1024 * 1024
"""About 30,000 cases written with indentation; a larger file is refused before it is read."""
MAX_STATUS_CASES = 50_000
TOP_LEVEL = frozenset(
    {"format", "format_version", "generated_at", "office_verify_key", "sequence", "site_code", "cases", "signature"}
)
CASE_DATES = ("day", "transferred_on", "due_on", "replied_on", "closed_on")
CASE_FIELDS = frozenset(
    {"case_number", "site_code", "state", "status", "outcome", "satisfaction", *CASE_DATES}
)
MAX_TEXT = 64
_FUTURE_SLACK = timedelta(days=1)
"""A file made later than this after the laptop's clock is refused."""


class StatusRefused(ExchangeError):
    """A status file the laptop will not keep; ``reason`` is one of the ``status.refused.*`` keys' tails."""

    def __init__(self, reason: str, detail: str | Message = "", *, file: str = "") -> None:
        self.reason = reason
        self.detail = detail
        self.key = f"status.refused.{reason}"
        self.params: dict[str, Any] = {"detail": detail, "file": file}
        english = detail.text("en") if isinstance(detail, Message) else detail
        super().__init__(f"{file}: {reason}: {english}" if file else f"{reason}: {english}")


@dataclass(frozen=True)
class StatusCase:
    """What the office says about one case (no personal data)."""

    case_number: str
    site_code: str
    day: date
    state: CaseState
    status: CaseStatus
    outcome: Outcome | None = None
    transferred_on: date | None = None
    due_on: date | None = None
    replied_on: date | None = None
    closed_on: date | None = None
    satisfaction: Satisfaction | None = None


@dataclass(frozen=True)
class StatusFile:
    """A verified status file."""

    generated_at: datetime
    sequence: int
    office_verify_key: str
    site_code: str | None
    cases: tuple[StatusCase, ...]
    raw: bytes = field(default=b"", repr=False, compare=False)
    """The bytes as read (what the laptop keeps)."""

    def case(self, case_number: str) -> StatusCase | None:
        """The office's record of ``case_number``, or None when the file does not name it."""
        return self._index().get(case_number.strip().upper())

    def _index(self) -> dict[str, StatusCase]:
        cached: dict[str, StatusCase] | None = self.__dict__.get("_by_number")
        if cached is None:
            cached = {case.case_number.upper(): case for case in self.cases}
            object.__setattr__(self, "_by_number", cached)
        return cached


def signed_body(document: Mapping[str, Any]) -> bytes:
    """The bytes the signature covers: the canonical JSON of the document without ``signature``."""
    return canonical_bytes({name: value for name, value in document.items() if name != "signature"})


def _text(value: Any, name: str, *, optional: bool = False) -> str:
    if value is None and optional:
        return ""
    if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
        raise StatusRefused("not_status", name)
    return value


def _date(value: Any, name: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 10:
        raise StatusRefused("not_status", name)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise StatusRefused("not_status", name) from None


def _choice(kind: type[Any], value: Any, name: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    try:
        return kind(value)
    except (ValueError, TypeError):
        raise StatusRefused("not_status", name) from None


def _case(entry: Any, index: int) -> StatusCase:
    where = f"cases[{index}]"
    if not isinstance(entry, dict) or not set(entry) <= CASE_FIELDS:
        raise StatusRefused("not_status", where)
    day = _date(entry.get("day"), f"{where}.day")
    if day is None:
        raise StatusRefused("not_status", f"{where}.day")
    return StatusCase(
        case_number=_text(entry.get("case_number"), f"{where}.case_number"),
        site_code=_text(entry.get("site_code"), f"{where}.site_code"),
        day=day,
        state=_choice(CaseState, entry.get("state"), f"{where}.state"),
        status=_choice(CaseStatus, entry.get("status"), f"{where}.status"),
        outcome=_choice(Outcome, entry.get("outcome"), f"{where}.outcome", optional=True),
        transferred_on=_date(entry.get("transferred_on"), f"{where}.transferred_on"),
        due_on=_date(entry.get("due_on"), f"{where}.due_on"),
        replied_on=_date(entry.get("replied_on"), f"{where}.replied_on"),
        closed_on=_date(entry.get("closed_on"), f"{where}.closed_on"),
        satisfaction=_choice(Satisfaction, entry.get("satisfaction"), f"{where}.satisfaction", optional=True),
    )


def trusted_verify_key(verify_key: str, trusted_key: str) -> bool:
    """Whether the file's Ed25519 ``verify_key`` belongs to the office the laptop knows: ``trusted_key`` is the
    site config's X25519 ``office_public_key`` (or the office's Ed25519 verify key itself)."""
    return verify_key == trusted_key or office_verify_key_matches(verify_key, trusted_key)


def read_status(data: bytes, trusted_key: str | None, *, file: str = "") -> StatusFile:
    """Parse (bounded), check and verify a status file; :class:`StatusRefused` says why not."""
    if trusted_key is None:
        raise StatusRefused("no_office_key", file=file)
    if len(data) > MAX_STATUS_BYTES:
        raise StatusRefused("too_large", f"{len(data)} > {MAX_STATUS_BYTES}", file=file)
    try:
        document = parse_untrusted(data, max_bytes=MAX_STATUS_BYTES, max_depth=8)
    except RejectedFile as error:
        reason = "too_large" if error.reason in {"exchange.reject.too_large", "exchange.reject.too_many_values",
                                                 "exchange.reject.too_deep"} else "not_status"
        raise StatusRefused(reason, error.detail, file=file) from None
    if not isinstance(document, dict) or document.get("format") != STATUS_FORMAT:
        raise StatusRefused("not_status", "format", file=file)
    if document.get("format_version") != STATUS_FORMAT_VERSION:
        raise StatusRefused("version", str(document.get("format_version")), file=file)
    try:
        return _checked(document, trusted_key, data)
    except StatusRefused as error:
        raise StatusRefused(error.reason, error.detail, file=file) from None


def _checked(document: dict[str, Any], trusted_key: str, data: bytes) -> StatusFile:
    if not set(document) <= TOP_LEVEL or not TOP_LEVEL - {"site_code"} <= set(document):
        raise StatusRefused("not_status", "members")
    cases = document["cases"]
    if not isinstance(cases, list):
        raise StatusRefused("not_status", "cases")
    if len(cases) > MAX_STATUS_CASES:
        raise StatusRefused("too_large", f"{len(cases)} cases > {MAX_STATUS_CASES}")
    verify_key = document["office_verify_key"]
    signature = document["signature"]
    if not (isinstance(verify_key, str) and isinstance(signature, dict) and isinstance(signature.get("value"), str)):
        raise StatusRefused("forged", "signature")
    try:
        message = signed_body(document)
    except ValueError:
        raise StatusRefused("not_status", "canonical") from None
    if signature.get("algorithm") != "ed25519" or not verify_signature(verify_key, message, signature["value"]):
        raise StatusRefused("forged", "signature")
    if not trusted_verify_key(verify_key, trusted_key):
        raise StatusRefused("other_office", verify_key[:12])
    sequence = document["sequence"]
    if type(sequence) is not int or sequence < 0:
        raise StatusRefused("not_status", "sequence")
    generated = document["generated_at"]
    try:
        generated_at = datetime.fromisoformat(generated) if isinstance(generated, str) else None
    except ValueError:
        generated_at = None
    if generated_at is None or generated_at.tzinfo is None:
        raise StatusRefused("not_status", "generated_at")
    site_code = document.get("site_code")
    if site_code is not None:
        site_code = _text(site_code, "site_code")
    return StatusFile(
        generated_at=generated_at,
        sequence=sequence,
        office_verify_key=verify_key,
        site_code=site_code,
        cases=tuple(_case(entry, index) for index, entry in enumerate(cases)),
        raw=data,
    )


def _read_bounded(path: Path) -> bytes:
    """A file's bytes, refusing one larger than a status file can be before reading it."""
    with path.open("rb") as handle:
        data = handle.read(MAX_STATUS_BYTES + 1)
    if len(data) > MAX_STATUS_BYTES:
        raise StatusRefused("too_large", f"> {MAX_STATUS_BYTES}", file=path.name)
    return data


def kept_status_path(data_dir: Path) -> Path:
    """Where the laptop keeps the newest verified status file."""
    return data_dir / STATUS_DIR / STATUS_FILE


def load_status(data_dir: Path, trusted_key: str | None) -> StatusFile | None:
    """The kept status file, checked again; None when there is none, it no longer verifies, or no office
    key is configured."""
    path = kept_status_path(data_dir)
    if trusted_key is None or not path.is_file():
        return None
    try:
        return read_status(_read_bounded(path), trusted_key, file=path.name)
    except (StatusRefused, OSError):
        return None


def status_files_in(source: Path) -> list[Path]:
    """The status files at ``source``: the file itself, or those in the folder (and the folder exports
    use on a drive), in name order (the name ends with the time it was made)."""
    if not source.is_dir():
        return [source] if source.is_file() else []
    found: list[Path] = []
    for folder in (source, source / DRIVE_SUBFOLDER):
        if folder.is_dir():
            found.extend(
                p
                for p in folder.iterdir()
                if p.name.startswith(STATUS_FILE_PREFIX) and p.suffix == ".json" and p.is_file()
            )
    return sorted(found, key=lambda p: p.name)


@dataclass(frozen=True)
class StatusResult:
    """What became of one file: ``kept``, ``same`` (the kept file already), or ``refused`` with the error."""

    path: Path
    outcome: str
    status: StatusFile | None = None
    error: StatusRefused | None = None


@dataclass(frozen=True)
class StatusImport:
    """The files looked at and the status file the laptop holds afterwards (None: none)."""

    results: tuple[StatusResult, ...]
    held: StatusFile | None

    @property
    def kept(self) -> StatusFile | None:
        """The file newly kept by this import, if one was."""
        kept = [r.status for r in self.results if r.outcome == "kept"]
        return kept[-1] if kept else None


def import_status(
    source: Path, data_dir: Path, trusted_key: str | None, now: datetime, *, site_code: str | None = None
) -> StatusImport:
    """Verify every status file at ``source`` and keep the newest (higher ``sequence``) in ``data_dir``.

    A file older than the one held is refused as ``stale``; one made for another site (``site_code`` given)
    as ``other_site``. ``now`` refuses a file claiming to be made in the future (a clock far off is a sign of a
    made-up file, and it would block every later real one)."""
    held = load_status(data_dir, trusted_key)
    refused: dict[Path, StatusResult] = {}
    verified: list[tuple[Path, StatusFile]] = []
    paths = status_files_in(source)
    for path in paths:
        try:
            status = read_status(_read_bounded(path), trusted_key, file=path.name)
            if site_code is not None and status.site_code not in (None, site_code):
                raise StatusRefused("other_site", status.site_code or "", file=path.name)
            if status.generated_at > now + _FUTURE_SLACK:
                raise StatusRefused("future", status.generated_at.isoformat(), file=path.name)
            if held is not None and status.sequence < held.sequence:
                raise StatusRefused("stale", held.generated_at.isoformat(timespec="seconds"), file=path.name)
        except StatusRefused as error:
            refused[path] = StatusResult(path, "refused", error=error)
            continue
        except OSError as error:
            problem = StatusRefused("unreadable", error.strerror or type(error).__name__, file=path.name)
            refused[path] = StatusResult(path, "refused", error=problem)
            continue
        verified.append((path, status))
    best = max(verified, key=lambda item: item[1].sequence)[1] if verified else None
    if best is not None and (held is None or best.sequence > held.sequence):
        target = kept_status_path(data_dir)
        ensure_private_dir(target.parent)
        write_atomic(target, best.raw)
        held = best
    results: list[StatusResult] = []
    for path in paths:
        if path in refused:
            results.append(refused[path])
            continue
        status = next(s for p, s in verified if p == path)
        if status is best and held is best and not _same_as_before(status, verified, path):
            outcome = "kept"
        elif held is not None and status.sequence == held.sequence:
            outcome = "same"
        else:
            outcome = "replaced"
        results.append(StatusResult(path, outcome, status))
    return StatusImport(tuple(results), held)


def _same_as_before(status: StatusFile, verified: list[tuple[Path, StatusFile]], path: Path) -> bool:
    """Whether an earlier file of this import already carried ``status``'s sequence (it was the one kept)."""
    for other_path, other in verified:
        if other_path == path:
            return False
        if other.sequence == status.sequence:
            return True
    return False

