"""After the office confirms an import: remove visitors' personal data from the laptop, keep the case record.

Only a session whose current state is exactly what the office acknowledged qualifies (the payload
hash of a fresh export equals the acknowledged one), so nothing the office has not got is lost.
Names, phones, addresses, ID numbers and the visitors' own words are cleared through new
revisions with audit events; case numbers, categories, dispositions and counts stay. Every other
copy in the data folder goes too: the journal (folded first), the previous generation and its
journal, damaged copies, drafts, temp files and the receipts saved as files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reception_tui.domain.ids import new_id, receipt_ref
from reception_tui.domain.models import AuditEvent, Issue, Record, Visitor, changed_fields, revise
from reception_tui.exchange.ack import Acknowledgement
from reception_tui.exchange.document import payload_sha256
from reception_tui.exchange.outbox import Outbox
from reception_tui.storage.errors import CorruptStoreError, SessionLockedError
from reception_tui.storage.session_store import SessionStore

VISITOR_PERSONAL = {"name": "", "phone": "", "address": "", "id_number": "", "unit_name": ""}
ISSUE_PERSONAL = {"own_words": ""}
PURGE_NOTE = "personal data removed after the office acknowledged the import"


@dataclass(frozen=True)
class PurgeCandidate:
    """A session named in an acknowledgement, and whether it may be purged."""

    session_id: str
    folder: Path | None
    visitors: int
    issues: int
    problem: str = ""
    """Empty when the purge may go ahead; else an ``exchange.purge.*`` message key."""
    ack_entry: dict[str, object] | None = None


def purge_candidates(outbox: Outbox, ack: Acknowledgement) -> list[PurgeCandidate]:
    """Every session of this laptop the acknowledgement covers, with why it can or cannot be purged."""
    outbox.log.reload()
    device = outbox.device()
    folders: dict[str, Path] = {}
    for path in outbox.data_folder.session_folders():
        try:
            folders[outbox.data_folder.read(path).session.id] = path
        except (OSError, CorruptStoreError):
            continue
    found: list[PurgeCandidate] = []
    seen: set[str] = set()
    for entry in ack.entries:
        session_id = str(entry.get("session_id"))
        if entry.get("device_id") != device.device_id or session_id in seen:
            continue
        seen.add(session_id)
        folder = folders.get(session_id)
        if folder is None:
            found.append(PurgeCandidate(session_id, None, 0, 0, "exchange.purge.not_here"))
            continue
        snapshot = outbox.data_folder.read(folder)
        visitors, issues = len(snapshot.visitors), len(snapshot.issues)
        purged = outbox.log.purged(session_id)
        if purged and purged.get("started"):
            # cut off mid-purge (power cut, killed): confirmed then, so it is finished now
            found.append(PurgeCandidate(session_id, folder, visitors, issues, ack_entry=purged))
            continue
        if purged:
            found.append(PurgeCandidate(session_id, folder, visitors, issues, "exchange.purge.already"))
            continue
        current = payload_sha256(snapshot)
        acked = [
            e
            for e in ack.entries
            if e.get("device_id") == device.device_id
            and e.get("session_id") == session_id
            and e.get("payload_sha256") == current
        ]
        ours = {(e.get("sequence"), e.get("payload_sha256")) for e in outbox.log.exports_of(session_id)}
        confirmed = [e for e in acked if (e.get("export_sequence"), e.get("payload_sha256")) in ours]
        if not confirmed:
            found.append(PurgeCandidate(session_id, folder, visitors, issues, "exchange.purge.changed_since"))
            continue
        found.append(PurgeCandidate(session_id, folder, visitors, issues, ack_entry=confirmed[-1]))
    return found


def purge_session(
    outbox: Outbox, candidate: PurgeCandidate, *, operator: str, now: Callable[[], datetime]
) -> int:
    """Clear personal data of one confirmed session; returns the number of records changed."""
    assert candidate.folder is not None and not candidate.problem
    at = now()
    confirmed = {
        "export_sequence": (candidate.ack_entry or {}).get("export_sequence"),
        "payload_sha256": (candidate.ack_entry or {}).get("payload_sha256"),
    }
    with SessionStore(candidate.folder) as store:
        # remembered first: a purge cut off midway is offered again (and never exported half done)
        outbox.log.mark_purged(candidate.session_id, {**confirmed, "started": at.isoformat()})
        changed: list[Record] = []
        events: list[AuditEvent] = []
        records: list[Visitor | Issue] = [*store.visitors(), *store.issues()]
        for record in records:
            blank = VISITOR_PERSONAL if isinstance(record, Visitor) else ISSUE_PERSONAL
            new = revise(record, operator=operator, now=at, **blank)
            fields = changed_fields(record, new)
            if not fields:
                continue
            changed.append(new)
            events.append(
                AuditEvent(
                    id=new_id(),
                    session_id=record.session_id,
                    at=at,
                    operator=operator,
                    action="purged",
                    entity="visitor" if isinstance(record, Visitor) else "issue",
                    entity_id=record.id,
                    revision=new.revision,
                    fields=fields,
                    note=PURGE_NOTE,
                )
            )
        store.commit(changed, events)
        _forget_copies(outbox, store)
    outbox.log.mark_purged(
        candidate.session_id, {"purged_at": at.isoformat(), **confirmed, "records": len(changed)}
    )
    return len(changed)


def _forget_copies(outbox: Outbox, store: SessionStore) -> list[Path]:
    """Remove every copy of the session's earlier states and its receipt files from the data folder."""
    removed = store.forget_earlier_copies()
    folder = outbox.data_folder.receipts_dir
    if folder.is_dir():
        session = store.session()
        refs = {str(receipt_ref(session, visitor)) for visitor in store.visitors()}
        for path in sorted(folder.iterdir()):
            ref = path.name.lstrip(".").split(".", 1)[0]
            if ref in refs and path.is_file():
                path.unlink()
                removed.append(path)
    return removed


def forget_leftovers(outbox: Outbox, candidate: PurgeCandidate) -> int:
    """For a session purged before: remove copies an earlier version left behind; returns how many.

    A session open elsewhere is left for the next time (0).
    """
    if candidate.folder is None or candidate.problem != "exchange.purge.already":
        return 0
    try:
        with SessionStore(candidate.folder) as store:
            return len(_forget_copies(outbox, store))
    except SessionLockedError:
        return 0
