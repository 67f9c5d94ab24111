"""Shared fixtures: the sample config (ID numbers collected), a demo session with a fixed seed and day,
and a hand-made session with a confidential visitor, a confidential issue and a visitor with 5 issues."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reception_tui.domain.dispositions import DispositionInput
from reception_tui.domain.intake import IssueInput, VisitorInput
from reception_tui.domain.models import DispositionKind, Visitor
from reception_tui.domain.site import FieldMode, SiteConfig
from reception_tui.receipts.payload import load_or_create_secret
from reception_tui.services.demo import make_demo_session
from reception_tui.services.desk import DeskService, open_new_session
from reception_tui.storage.data_folder import DataFolder
from reception_tui.storage.session_store import SessionSnapshot

DAY = date(2026, 11, 20)
ZONE = ZoneInfo("Asia/Shanghai")
PRINT_TIME = datetime(2026, 11, 20, 15, 5, tzinfo=ZONE)
DEMO_SEED = 7


def ticking(start: datetime) -> Callable[[], datetime]:
    """A clock that moves on a minute per reading, from ``start``."""
    current = start

    def now() -> datetime:
        nonlocal current
        current += timedelta(minutes=1)
        return current

    return now


@dataclass
class Site:
    """A data folder with one session in it."""

    data: DataFolder
    folder: Path
    config: SiteConfig
    secret: bytes

    @property
    def snapshot(self) -> SessionSnapshot:
        return self.data.read(self.folder)

    def visitor(self, queue_number: int) -> Visitor:
        return next(v for v in self.snapshot.visitors if v.queue_number == queue_number)

    def richest(self) -> Visitor:
        """The visitor with the most issues (lowest queue number among equals)."""
        snapshot = self.snapshot
        counts = {v.id: sum(1 for i in snapshot.issues if i.visitor_id == v.id) for v in snapshot.visitors}
        return max(snapshot.visitors, key=lambda v: (counts[v.id], -v.queue_number))


@pytest.fixture(scope="session")
def config(sample_config: SiteConfig) -> SiteConfig:
    """The sample config with the optional ID-number field on, so visitors carry ID numbers to leak."""
    return dataclasses.replace(sample_config, fields={**sample_config.fields, "id_number": FieldMode.OPTIONAL})


@pytest.fixture
def demo(tmp_path: Path, config: SiteConfig) -> Site:
    """The demo session (seed 7, 20 Nov 2026, 12 visitors)."""
    data = DataFolder(tmp_path / "data").ensure()
    make_demo_session(data, config, visitors=12, seed=DEMO_SEED, day=DAY)
    return Site(data, data.session_folders()[0], config, load_or_create_secret(data.root))


VISITORS = [
    # name, phone, id number, confidential, issues (category, confidential, disposition kind)
    ("张三明", "13812341234", "330106198001011235", False, 5),
    ("李四", "13998765432", "", True, 2),
    ("欧阳娜娜", "0571-87001234", "", False, 2),
    ("", "", "", False, 1),
]


def _disposition(kind: DispositionKind) -> DispositionInput:
    if kind is DispositionKind.EXPLAINED:
        return DispositionInput(kind, explanation="当场解释了政策。", explained_by="周建国")
    if kind is DispositionKind.TRANSFER:
        return DispositionInput(kind, target_code="JDBSC")
    if kind is DispositionKind.SUGGESTION:
        return DispositionInput(kind, deputy="林晓梅")
    return DispositionInput(kind, channel="诉讼", directed_to="西湖区人民法院诉讼服务中心")


@pytest.fixture
def crafted(tmp_path: Path, config: SiteConfig) -> Site:
    """A session made by hand: 张三明 with 5 issues (the 3rd confidential), a confidential visitor 李四,
    欧阳娜娜 with a landline, and an anonymous visitor."""
    data = DataFolder(tmp_path / "crafted").ensure()
    clock = ticking(datetime(2026, 11, 20, 14, 30, tzinfo=ZONE))
    store = open_new_session(
        data,
        config,
        day=DAY,
        deputies=["周建国", "林晓梅"],
        liaison_officer="李婷",
        operator="李婷",
        clock=clock,
    )
    try:
        desk = DeskService(store, config, operator="李婷", clock=clock)
        kinds = list(DispositionKind)
        for name, phone, id_number, confidential, issues in VISITORS:
            saved = desk.register_visitor(
                VisitorInput(
                    name=name,
                    anonymous=not name,
                    phone=phone,
                    id_number=id_number,
                    confidential=confidential,
                    district=config.districts[0].name,
                    consent=True,
                )
            )
            for number in range(issues):
                desk.add_issue(
                    saved.record.id,
                    IssueInput(
                        category=config.categories[number],
                        request_type="建议",
                        own_words="小区门口道路破损，请尽快修复。",
                        summary="道路破损",
                        confidential=name == "张三明" and number == 2,
                    ),
                    _disposition(kinds[number % 4]),
                )
    finally:
        store.close()
    return Site(data, data.session_folders()[0], config, load_or_create_secret(data.root))
