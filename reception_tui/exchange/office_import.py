"""The office import: many files in, each verified and merged in its own transaction, bad ones quarantined.

A bad file never stops the batch. Each good file is merged as one savepoint together with its
``files`` row, inside transactions of :data:`BATCH_FILES` files, so an import killed at any
moment leaves whole files or nothing, and running it again completes it. Acknowledgements are
written only after every batch is committed, and a commit returns only once it is on disk.

A batch's files are checked (pure work, no database) while the previous batch's commit flushes in
a helper thread; they are merged afterwards, in order, with the outcome each would have if the
files were taken one by one (see :func:`import_files`).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reception_tui.exchange.ack import ACK_FILE, write_ack
from reception_tui.exchange.canonical import sha256_hex
from reception_tui.exchange.errors import ExchangeError, RejectedFile, in_words
from reception_tui.exchange.keys import OfficeKey
from reception_tui.exchange.office_store import AlreadyImported, MergeCounts, OfficeStore, PendingCommit
from reception_tui.exchange.reader import VerifiedExport, read_export
from reception_tui.exchange.safe_json import MAX_FILE_BYTES, parse_untrusted
from reception_tui.exchange.trust import TrustedDevices
from reception_tui.i18n import Message, os_reason, t
from reception_tui.storage.atomic import ensure_private_dir, write_atomic
from reception_tui.storage.sql import DatabaseError, driver_errors

QUARANTINE_DIR = "quarantine"
IMPORTED, UNCHANGED, REJECTED, SKIPPED = "imported", "unchanged", "rejected", "skipped"
SKIP_SYMLINK, SKIP_NOT_REGULAR = "exchange.skip.symlink", "exchange.skip.not_regular"
"""Why a path was not read at all (no quarantine copy: nothing was opened)."""
BATCH_FILES = 50
"""Files per transaction (one disk flush each, overlapped with checking the next batch); a killed
import redoes at most these."""
BATCH_BYTES = 32 * 1024 * 1024
"""A batch also ends once its files hold this many bytes: a batch's files are in memory together,
so fifty files at the size bound must not be."""


@dataclass
class FileOutcome:
    """What happened to one file."""

    path: Path
    status: str
    session_id: str = ""
    reason: str = ""
    """``exchange.reject.*`` message key when rejected."""
    detail: str | Message = ""
    """Where or how much, for a rejected file: a message (shown in the language of whoever shows it:
    :meth:`detail_text`), or plain text without words (a JSON path, a fingerprint, the name of an
    internal error's type). Nothing persists it: the import has no JSON output, the office store keeps
    no rejections and the quarantine reason file is written in words, so a script wanting stable text
    asks ``detail_text("en")``."""
    counts: MergeCounts = field(default_factory=MergeCounts)
    quarantined: Path | None = None
    ack: dict[str, object] | None = None
    claimed: dict[str, int] = field(default_factory=dict)
    """For a refused file: the records its manifest claims (not verified)."""

    def detail_text(self, lang: str | None = None) -> str:
        """The detail in ``lang`` (default: the current language); empty when there is none."""
        return in_words(self.detail, lang)


@dataclass
class ImportReport:
    """The whole batch."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    totals: MergeCounts = field(default_factory=MergeCounts)
    new_devices: list[str] = field(default_factory=list)
    acks: list[Path] = field(default_factory=list)
    ack_failures: list[Path] = field(default_factory=list)
    duplicate_cases: dict[str, int] = field(default_factory=dict)
    """Case numbers now held by two or more issues in the sessions this import brought (same site and day)."""

    @property
    def rejected(self) -> list[FileOutcome]:
        """Files refused."""
        return [o for o in self.outcomes if o.status == REJECTED]

    @property
    def skipped(self) -> list[FileOutcome]:
        """Paths not read: symbolic links and anything that is not a regular file."""
        return [o for o in self.outcomes if o.status == SKIPPED]

    @property
    def rejected_records(self) -> dict[str, int]:
        """Records in refused files, as far as their manifests could be read."""
        totals: dict[str, int] = {}
        for outcome in self.rejected:
            for kind, count in outcome.claimed.items():
                totals[kind] = totals.get(kind, 0) + count
        return totals

    @property
    def sessions(self) -> set[str]:
        """Sessions present in the accepted files."""
        return {o.session_id for o in self.outcomes if o.status in (IMPORTED, UNCHANGED)}

    @property
    def exit_code(self) -> int:
        """0 when every file was imported (or already was), 1 when some were rejected or skipped."""
        return 1 if self.rejected or self.skipped else 0


def collect_files(paths: Iterable[Path], office_dir: Path | None = None) -> list[Path]:
    """Export files named, or found (recursively) in folders; acknowledgements, hidden files and the
    office folder's own files left out.

    Symbolic links are never followed (a link on a stick may point at ``/etc/passwd`` or at another
    office's files): a link named, or found with a ``.json`` name, is listed as it is, so the import
    reports it skipped; a linked folder is not entered. Pipes, devices and sockets with a ``.json``
    name are listed too, to be reported; nothing here opens a file.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            found.extend(_walk(path))
        else:
            found.append(path)
    office = office_dir.resolve() if office_dir is not None else None
    unique: dict[Path, None] = {}
    for path in found:
        # the folder holding the entry is resolved, the entry itself (maybe a link) is not
        located = Path(os.path.realpath(path.parent)) / path.name
        if office is None or not located.is_relative_to(office):
            unique.setdefault(located, None)
    return list(unique)


def _walk(folder: Path) -> list[Path]:
    """Candidate files under ``folder`` in sorted order, without following linked folders."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        here = Path(root)
        relative = here.relative_to(folder).parts
        if QUARANTINE_DIR in relative:
            dirs[:] = []
            continue
        linked = [name for name in dirs if (here / name).is_symlink()]
        dirs[:] = sorted(name for name in dirs if name not in linked)
        for name in sorted([*files, *linked]):
            if name.startswith(".") or name == ACK_FILE:
                continue
            if name.endswith(".json") or name in linked:
                found.append(here / name)
    return sorted(found)


def _read_bounded(path: Path) -> bytes:
    """The file's bytes, read without following a link and without waiting on a pipe.

    ``O_NOFOLLOW`` refuses a link at the moment of opening (no check-then-open race) and
    ``O_NONBLOCK`` makes opening a FIFO return at once; ``fstat`` on what was opened then refuses
    anything that is not a regular file before a byte is read. Windows has neither flag (nor FIFOs in
    the file system): there a link is refused by a check just before opening (making one needs an
    administrator or developer mode there) and the file is opened in binary mode.
    """
    nofollow = getattr(os, "O_NOFOLLOW", None)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if nofollow is None:
        if path.is_symlink():
            raise RejectedFile(SKIP_SYMLINK)
    else:
        flags |= nofollow
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK) or path.is_symlink():
            raise RejectedFile(SKIP_SYMLINK) from None
        raise RejectedFile("exchange.reject.unreadable", os_reason(error)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RejectedFile(SKIP_NOT_REGULAR)
        size = info.st_size
        if size > MAX_FILE_BYTES:
            too_large = Message("exchange.detail.size", {"size": size, "limit": MAX_FILE_BYTES})
            raise RejectedFile("exchange.reject.too_large", too_large)
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            # read what stat promised plus one byte (asking for the whole limit would allocate it
            # for every file); a file that grew meanwhile is read on, up to one byte over the limit
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as error:
        raise RejectedFile("exchange.reject.unreadable", os_reason(error)) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise RejectedFile("exchange.reject.too_large", Message("exchange.detail.size_over", {"limit": MAX_FILE_BYTES}))
    return data


def quarantine(
    office_dir: Path, path: Path, data: bytes | None, reason: str, detail: str | Message, now: datetime
) -> Path:
    """Copy a refused file into the quarantine folder with a reason file beside it; return the copy's path.

    The reason file is written in the interface's language (with the reason's code in its last line)."""
    folder = ensure_private_dir(office_dir / QUARANTINE_DIR)
    digest = sha256_hex(data)[:12] if data is not None else "unreadable"
    target = folder / f"{digest}_{path.name}"
    if data is not None:
        write_atomic(target, data)
    lines = [
        t("exchange.quarantine.file", name=path.name),
        t("exchange.quarantine.from", path=str(path)),
        t("exchange.quarantine.when", when=now.isoformat(timespec="seconds")),
        t("exchange.quarantine.reason", reason=t(reason)),
    ]
    if detail:
        lines.append(t("exchange.quarantine.detail", detail=in_words(detail)))
    if data is not None:
        lines.append(f"sha256: {sha256_hex(data)}")
    lines.append(f"code: {reason}")
    write_atomic(target.with_name(target.name + ".reason.txt"), ("\n".join(lines) + "\n").encode("utf-8"))
    return target


def import_files(
    paths: Iterable[Path],
    office_dir: Path,
    *,
    trust_new_devices: bool = False,
    now: Callable[[], datetime],
    progress: Callable[[int, int, FileOutcome], None] | None = None,
    office_db: str | None = None,
) -> ImportReport:
    """Import every export file in ``paths`` into the office store in ``office_dir`` (or, with ``office_db``, the
    PostgreSQL database it names; the folder still holds the keys, quarantine and acknowledgements).

    Batch by batch: the files are read and looked up in the store, checked while the previous
    batch's commit flushes to disk in a helper thread, then merged in order as savepoints of the
    batch's transaction. Each file's outcome is what it would be with the files taken one by one.
    """
    files = collect_files(paths, office_dir)
    office_key = OfficeKey.load(office_dir)
    trusted = TrustedDevices.load(office_dir)
    report = ImportReport()
    with OfficeStore(office_dir, office_db) as store:
        batch_open = False
        start = 0
        while start < len(files):
            try:
                prepared = _prepare_batch(files, start, store)
            except BaseException:
                if batch_open:
                    store.rollback_batch()
                raise
            start += len(prepared)
            pending = store.commit_batch(in_background=True) if batch_open else None
            try:
                for item in prepared:
                    _check(item, office_key, trusted, trust_new_devices)
            finally:
                if pending is not None:
                    _wait_for(pending)
            _save_new_devices(trusted, report)
            store.begin_batch()
            batch_open = True
            checked_with = len(report.new_devices)
            try:
                for item in prepared:
                    if _trust_changed_for(item, report.new_devices[checked_with:]):
                        _check(item, office_key, trusted, trust_new_devices)
                    outcome = _finish(item, store, office_dir, trusted, now, report)
                    report.outcomes.append(outcome)
                    report.totals.add(outcome.counts)
                    if progress is not None:
                        progress(len(report.outcomes), len(files), outcome)
            except BaseException:
                store.rollback_batch()
                raise
        if batch_open:
            _wait_for(store.commit_batch())
            _save_new_devices(trusted, report)
        store.checkpoint()
        touched = [o.session_id for o in report.outcomes if o.status == IMPORTED]
        if touched:
            report.duplicate_cases = store.case_numbers_used_twice(touched)
    _write_acks(report, office_key)
    return report


def _wait_for(commit: PendingCommit) -> None:
    """Wait until a batch is on disk; a failed commit (the batch rolled back) stops the import."""
    try:
        commit.wait()
    except driver_errors() as error:
        raise _store_failed(error) from None


def _store_failed(error: BaseException) -> ExchangeError:
    """The import stops: the files of the open batch (PostgreSQL: the file in flight) were not kept; a rerun
    imports them. A lost server connection says so."""
    if isinstance(error, DatabaseError):
        return ExchangeError(Message("exchange.import.store_failed", {"error": Message(error.key, error.params)}))
    return ExchangeError(Message("exchange.import.store_failed", {"error": type(error).__name__}))


@dataclass
class _Prepared:
    """One file on its way through a batch."""

    path: Path
    data: bytes | None = None
    file_sha256: str = ""
    previous: dict[str, object] | None = None
    """The ``files`` row of a file with the same bytes imported before."""
    export: VerifiedExport | None = None
    reason: str = ""
    detail: str | Message = ""


def _prepare(path: Path, store: OfficeStore) -> _Prepared:
    """Read and hash the file and look its bytes up (this needs the store: done before the checks)."""
    item = _Prepared(path)
    try:
        item.data = _read_bounded(path)
    except RejectedFile as error:
        item.reason, item.detail = error.reason, error.detail
        return item
    item.file_sha256 = sha256_hex(item.data)
    try:
        item.previous = store.import_row(item.file_sha256)
    except driver_errors() as error:
        raise _store_failed(error) from None
    return item


def _prepare_batch(files: list[Path], start: int, store: OfficeStore) -> list[_Prepared]:
    """The next batch from ``files[start:]``: up to :data:`BATCH_FILES` files or :data:`BATCH_BYTES`."""
    batch: list[_Prepared] = []
    held = 0
    for path in files[start : start + BATCH_FILES]:
        item = _prepare(path, store)
        batch.append(item)
        held += len(item.data or b"")
        if held >= BATCH_BYTES:
            break
    return batch


def _check(item: _Prepared, office_key: OfficeKey | None, trusted: TrustedDevices, trust_new: bool) -> None:
    """Every check of a read file not imported before (pure: it needs no store)."""
    if item.data is None or item.previous is not None:
        return
    item.export, item.reason, item.detail = None, "", ""
    try:
        export = read_export(item.data, office_key=office_key, trusted=trusted, trust_new=trust_new)
        # the parsed payload is large and the store needs only the records' rows: dropping it keeps
        # a waiting batch small, and the next file's parse reuses memory still in the cache
        item.export = export.without_payload()
    except RejectedFile as error:
        item.reason, item.detail = error.reason, error.detail
    except Exception as error:  # a bug must not stop the batch; the reason names it without data
        item.reason, item.detail = "exchange.reject.internal", type(error).__name__


def _trust_changed_for(item: _Prepared, added: list[str]) -> bool:
    """Whether the file was checked before a device that may decide its verdict was trusted by an
    earlier file of its batch (then it is checked again: the checks read the trusted list)."""
    if not added or item.data is None or item.previous is not None:
        return False
    return item.export is None or item.export.device_id in added


def _finish(
    item: _Prepared,
    store: OfficeStore,
    office_dir: Path,
    trusted: TrustedDevices,
    now: Callable[[], datetime],
    report: ImportReport,
) -> FileOutcome:
    """Merge a checked file, or count it unchanged, or quarantine it with its reason."""
    path, data = item.path, item.data
    reason, detail = item.reason, item.detail
    if reason in (SKIP_SYMLINK, SKIP_NOT_REGULAR):
        return FileOutcome(path, SKIPPED, reason=reason)
    try:
        previous = item.previous
        if previous is None and data is not None:  # the same bytes may have come earlier in this batch
            previous = store.import_row(item.file_sha256)
        if previous is not None:
            return FileOutcome(path, UNCHANGED, str(previous["session_id"]), ack=previous)
        export = item.export
        if export is not None:
            try:
                counts = store.merge(export, file_sha256=item.file_sha256, file_name=path.name, now=now())
            except AlreadyImported:  # another importer stored it meanwhile (PostgreSQL)
                previous = store.import_row(item.file_sha256)
                session = str(previous["session_id"]) if previous else export.manifest["session_id"]
                return FileOutcome(path, UNCHANGED, session, ack=previous)
            if export.new_device:
                trusted.add(
                    export.device_id, export.device_key, now(), note=t("exchange.trust.note", name=path.name)
                )
                report.new_devices.append(export.device_id)
            status = IMPORTED if counts.changed else UNCHANGED
            return FileOutcome(
                path, status, export.manifest["session_id"], counts=counts, ack=store.import_row(item.file_sha256)
            )
    except driver_errors() as error:
        raise _store_failed(error) from None
    except Exception as error:  # a bug must not stop the batch; the reason names it without data
        reason, detail = "exchange.reject.internal", type(error).__name__
    try:
        moved = quarantine(office_dir, path, data, reason, detail, now())
    except OSError:
        moved = None
    outcome = FileOutcome(path, REJECTED, reason=reason, detail=detail, quarantined=moved)
    outcome.claimed = claimed_counts(data)
    return outcome


def claimed_counts(data: bytes | None) -> dict[str, int]:
    """What a refused file's manifest says it holds (untrusted: for the summary only), or nothing."""
    if data is None:
        return {}
    try:
        document = parse_untrusted(data)
        counts = document["manifest"]["counts"]
        claimed = {"session": 1, "visitor": counts["visitors"], "issue": counts["issues"]}
    except (RejectedFile, KeyError, TypeError):
        return {}
    return {kind: value for kind, value in claimed.items() if type(value) is int and 0 <= value < 10**6}


def _save_new_devices(trusted: TrustedDevices, report: ImportReport) -> None:
    """Save the trusted list once the batch that first imported a new device is committed."""
    if report.new_devices:
        trusted.save()


def _write_acks(report: ImportReport, office_key: OfficeKey | None) -> None:
    by_folder: dict[Path, list[dict[str, object]]] = {}
    for outcome in report.outcomes:
        if outcome.status != REJECTED and outcome.ack is not None:
            by_folder.setdefault(outcome.path.parent, []).append(outcome.ack)
    for folder, entries in sorted(by_folder.items()):
        try:
            report.acks.append(write_ack(folder, entries, office_key))
        except OSError:
            report.ack_failures.append(folder)
