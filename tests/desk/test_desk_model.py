"""The desk's in-memory view and the closing summary, from a real demo session."""

from __future__ import annotations

from reception_tui.domain.masking import mask_name
from reception_tui.domain.models import DispositionKind
from reception_tui.domain.site import SiteConfig
from reception_tui.services.demo import make_demo_session
from reception_tui.services.desk_model import DeskModel, closing_summary
from reception_tui.storage.data_folder import DataFolder

from .conftest import DAY


def test_queue_rows_are_masked_and_the_summary_adds_up(data_folder: DataFolder, config: SiteConfig) -> None:
    """Rows show masked names only; the summary's counts match the stored issues."""
    result = make_demo_session(data_folder, config, visitors=15, day=DAY, seed=11)
    snapshot = data_folder.read(data_folder.session_folders()[0])
    model = DeskModel.from_snapshot(snapshot)
    for visitor in snapshot.visitors:
        row = model.row(visitor.id)
        assert row.masked_name == mask_name(visitor.name)
        assert visitor.name == "" or row.masked_name != visitor.name
        assert row.issues == sum(1 for i in snapshot.issues if i.visitor_id == visitor.id)
    summary = closing_summary(model)
    assert summary.visitors == 15 and summary.issues == result.issues
    assert sum(summary.by_kind.values()) + summary.undisposed == summary.issues
    assert sum(count for _, count in summary.by_category) == summary.issues
    assert sum(count for _, count in summary.by_target) == summary.by_kind[DispositionKind.TRANSFER]
    assert summary.visitors_without_receipt == [v.queue_number for v in snapshot.visitors]
