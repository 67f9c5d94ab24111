"""A batch transfer of marked cases to one unit: one audited step per case, then the unit's slips as one PDF.

Run in a worker thread (it writes the store and a file); it touches no widget. A case that cannot be
transferred (another clerk saved it first, its state does not allow a transfer) is listed with the
reason and the others go on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reception_tui.domain.errors import DomainError
from reception_tui.domain.followup import Step, StepKind
from reception_tui.i18n import describe, t
from reception_tui.office.documents import transfer_batch_pdf
from reception_tui.office.documents.letterhead import Letterhead
from reception_tui.office.model import Case, CaseNotFound, StoreConflict
from reception_tui.office.words import error_text
from reception_tui.storage.atomic import ensure_private_dir, write_atomic
from reception_tui.ui.office.services import OfficeServices

OUT_DIR = "out"
"""Where the workbench writes its documents, in the office folder."""


@dataclass(frozen=True)
class TransferRequest:
    """What the clerk entered in the batch transfer dialog."""

    unit: str
    """The unit's code."""
    prefix: str
    """Slip numbers are ``prefix-001``, ``prefix-002``, … in case number order."""
    on: date


@dataclass
class BatchResult:
    """The cases transferred (as saved), those refused with the reason, and where the slips went."""

    done: list[Case] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(case number, reason in words)."""
    pdf: Path | None = None
    pdf_error: str = ""


def slip_file(out_dir: Path, unit_name: str, on: date) -> Path:
    """``转办单-<unit>-<date>.pdf`` in ``out_dir`` (``-2``, ``-3`` … when a batch of that day exists)."""
    safe = re.sub(r"[\\/:*?\"<>|\s]+", "_", unit_name).strip("_") or "unit"
    stem = f"转办单-{safe}-{on.isoformat()}"
    path = out_dir / f"{stem}.pdf"
    number = 2
    while path.exists():
        path = out_dir / f"{stem}-{number}.pdf"
        number += 1
    return path


def transfer_batch(services: OfficeServices, case_ids: Sequence[str], request: TransferRequest) -> BatchResult:
    """Transfer each case (in the order given) to ``request.unit`` as ``services.clerk``; then write the
    unit's batch PDF (cover list and one slip per transferred case) into ``<office_dir>/out``."""
    store = services.store
    result = BatchResult()
    for case_id in case_ids:
        try:
            case = store.get(case_id)
        except CaseNotFound:
            result.failed.append((case_id, t("workbench.transfer.gone")))
            continue
        slip_number = f"{request.prefix}-{len(result.done) + 1:03d}"
        data = {"unit": request.unit, "slip_number": slip_number, "on": request.on}
        step = Step(StepKind.TRANSFER, services.clerk, services.now(), data)
        try:
            result.done.append(store.apply(case_id, step, revision=case.revision))
        except StoreConflict as conflict:
            reason = t("workbench.transfer.conflict", revision=conflict.current.revision)
            result.failed.append((case.desk.case_number, reason))
        except DomainError as error:
            result.failed.append((case.desk.case_number, error_text(error)))
    if result.done:
        unit_name = services.unit_name(request.unit)
        settings = services.settings
        letterhead = Letterhead(settings.office_name, settings.office_contact, services.config.site_name)
        try:
            pdf = transfer_batch_pdf(unit_name, result.done, letterhead=letterhead, on=request.on)
            path = slip_file(ensure_private_dir(services.office_dir / OUT_DIR), unit_name, request.on)
            write_atomic(path, pdf)
            result.pdf = path
        except (OSError, ValueError) as error:
            result.pdf_error = describe(error)
    return result
