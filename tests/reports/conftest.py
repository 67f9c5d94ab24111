"""A small office built by hand for the reports: known sessions (made through the desk service, exported and
imported as the laptops and the office do) and known follow-up steps (saved through the case store), so that
every figure of a report can be computed by hand (tests/reports/test_report_fixture.py).

Sessions (site BSJD; the rule: the 20th, next working day; 2026-09-20 is an adjusted working day (调休) and
2026-12-20 a Sunday, so December's day is the 21st):

- S0 2026-09-20 赵海峰, 孙丽华: V7 (第一选区) I11 教育/咨询 explained
- S1 2026-10-20 周建国, 林晓梅:
  V1 (第一选区) I1 交通出行/建议 transfer QZF; I2 市政公用/投诉 transfer JDBSC
  V2 (第二选区) I3 教育/咨询 explained
  V3 anonymous (第一选区) I4 环境保护与环境卫生/投诉 transfer QZJJ
- S2 2026-11-20 陈志远, 周建国:
  V4 (第三选区) I5 交通出行/求助 transfer QZF; I6 民政与养老/求助 suggestion (陈志远)
  V5 (第三选区) I7 法治/涉诉/咨询 redirected; I8 交通出行/投诉 transfer QZF
- S3 2026-12-21 王秀英, 林晓梅: V6 (第四选区) I9 其他/表扬 explained

Follow-up (see STEPS below). The report's clock is 2026-12-28.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from reception_tui.domain.dispositions import DispositionInput
from reception_tui.domain.followup import Step, StepKind
from reception_tui.domain.intake import IssueInput, VisitorInput
from reception_tui.domain.models import DispositionKind
from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.office_import import import_files
from reception_tui.exchange.outbox import Outbox
from reception_tui.office.model import CaseQuery
from reception_tui.office.settings import OfficeSettings
from reception_tui.office.store import CaseStore, open_case_store
from reception_tui.services.desk import DeskService, open_new_session
from reception_tui.storage.data_folder import DataFolder
from tests.exchange.helpers import CST, Clock

REPORT_NOW = datetime(2026, 12, 28, 10, 0, tzinfo=CST)
STEP_AT = datetime(2026, 12, 28, 9, 0, tzinfo=CST)
D1, D2 = "第一选区（保俶社区、松木场社区）", "第二选区（宝石社区、西溪社区）"
D3, D4 = "第三选区（曙光社区、杨公堤社区）", "第四选区（黄龙社区）"

EXPLAINED = DispositionKind.EXPLAINED
TRANSFER = DispositionKind.TRANSFER
SUGGESTION = DispositionKind.SUGGESTION
REDIRECTED = DispositionKind.REDIRECTED

# (issue label, category, request type, receiving deputy, disposition kind, target/deputy)
Issue = tuple[str, str, str, str, DispositionKind, str]
SESSIONS: list[tuple[date, tuple[str, str], list[tuple[str, str, list[Issue]]]]] = [
    (date(2026, 9, 20), ("赵海峰", "孙丽华"), [
        ("钱十一", D1, [("I11", "教育", "咨询", "赵海峰", EXPLAINED, "")]),
    ]),
    (date(2026, 10, 20), ("周建国", "林晓梅"), [
        ("张三丰", D1, [("I1", "交通出行", "建议", "周建国", TRANSFER, "QZF"),
                       ("I2", "市政公用", "投诉", "林晓梅", TRANSFER, "JDBSC")]),
        ("李四海", D2, [("I3", "教育", "咨询", "周建国", EXPLAINED, "")]),
        ("", D1, [("I4", "环境保护与环境卫生", "投诉", "林晓梅", TRANSFER, "QZJJ")]),
    ]),
    (date(2026, 11, 20), ("陈志远", "周建国"), [
        ("王五一", D3, [("I5", "交通出行", "求助", "陈志远", TRANSFER, "QZF"),
                       ("I6", "民政与养老", "求助", "陈志远", SUGGESTION, "陈志远")]),
        ("赵六六", D3, [("I7", "法治/涉诉", "咨询", "周建国", REDIRECTED, ""),
                       ("I8", "交通出行", "投诉", "陈志远", TRANSFER, "QZF")]),
    ]),
    (date(2026, 12, 21), ("王秀英", "林晓梅"), [
        ("孙七七", D4, [("I9", "其他", "表扬", "王秀英", EXPLAINED, "")]),
    ]),
]  # fmt: skip


def d(text: str) -> date:
    return date.fromisoformat(text)


STEPS: dict[str, list[tuple[StepKind, dict[str, Any]]]] = {
    "I1": [
        (StepKind.TRANSFER, {"unit": "QZF", "slip_number": "ZB-1", "on": d("2026-10-21"), "due": d("2026-11-10")}),
        (StepKind.REPLY, {"on": d("2026-11-05"), "outcome": "A", "summary": "已调整"}),
        (StepKind.COPY, {"on": d("2026-11-06"), "deputies": ["周建国"]}),
        (StepKind.INFORM, {"on": d("2026-11-07"), "deputy": "周建国", "channel": "phone"}),
        (StepKind.SURVEY, {"on": d("2026-11-09"), "satisfaction": "satisfied", "note": ""}),
        (StepKind.CLOSE, {"on": d("2026-11-10"), "note": ""}),
    ],
    "I2": [
        (StepKind.TRANSFER, {"unit": "JDBSC", "slip_number": "ZB-2", "on": d("2026-10-21"), "due": d("2026-11-11")}),
        (StepKind.REPLY, {"on": d("2026-11-20"), "outcome": "B", "summary": "列入计划"}),
        (StepKind.COPY, {"on": d("2026-11-21"), "deputies": ["林晓梅"]}),
        (StepKind.INFORM, {"on": d("2026-11-22"), "deputy": "林晓梅", "channel": "visit"}),
        (StepKind.SURVEY, {"on": d("2026-11-25"), "satisfaction": "unsatisfied", "note": "进度太慢"}),
        (StepKind.REHANDLE, {"on": d("2026-11-26"), "unit": "JDBSC", "reason": "不满意", "due": d("2026-12-26")}),
        (StepKind.REPLY, {"on": d("2026-12-10"), "outcome": "A", "summary": "已修复"}),
        (StepKind.COPY, {"on": d("2026-12-11"), "deputies": ["林晓梅"]}),
        (StepKind.INFORM, {"on": d("2026-12-12"), "deputy": "林晓梅", "channel": "phone"}),
        (StepKind.SURVEY, {"on": d("2026-12-14"), "satisfaction": "satisfied", "note": ""}),
    ],
    "I3": [
        (StepKind.SURVEY, {"on": d("2026-10-21"), "satisfaction": "unsatisfied", "note": "解释不清"}),
        (StepKind.CLOSE, {"on": d("2026-10-22"), "note": "已再次解释"}),
    ],
    "I4": [
        (StepKind.TRANSFER, {"unit": "QZJJ", "slip_number": "ZB-4", "on": d("2026-10-22"), "due": d("2026-11-05")}),
        (StepKind.REPLY, {"on": d("2026-11-09"), "outcome": "C", "summary": "需以后解决"}),
        (StepKind.CLOSE, {"on": d("2026-11-10"), "note": "匿名"}),
    ],
    "I5": [
        (StepKind.TRANSFER, {"unit": "QZF", "slip_number": "ZB-5", "on": d("2026-11-23"), "due": d("2026-12-04")}),
    ],
    "I6": [
        (StepKind.TRANSFER, {"unit": "RDGW", "slip_number": "ZB-6", "on": d("2026-11-24")}),
    ],
    "I8": [
        (StepKind.TRANSFER, {"unit": "QZF", "slip_number": "ZB-8", "on": d("2026-11-23"), "due": d("2026-12-10")}),
        (StepKind.EXTEND, {"on": d("2026-12-08"), "reason": "需现场勘查", "due": d("2026-12-24")}),
        (StepKind.REPLY, {"on": d("2026-12-22"), "outcome": "A", "summary": "已整改"}),
        (StepKind.COPY, {"on": d("2026-12-23"), "deputies": ["陈志远"]}),
        (StepKind.INFORM, {"on": d("2026-12-24"), "deputy": "陈志远", "channel": "letter"}),
        (StepKind.SURVEY, {"on": d("2026-12-25"), "satisfaction": "basically", "note": ""}),
    ],
    "I9": [(StepKind.CLOSE, {"on": d("2026-12-22"), "note": ""})],
}


def _disposition(kind: DispositionKind, detail: str, deputy: str) -> DispositionInput:
    if kind is EXPLAINED:
        return DispositionInput(kind, explanation="当场解释了政策。", explained_by=deputy)
    if kind is TRANSFER:
        return DispositionInput(kind, target_code=detail)
    if kind is SUGGESTION:
        return DispositionInput(kind, deputy=detail)
    return DispositionInput(kind, channel="诉讼", directed_to="西湖区人民法院诉讼服务中心")


def make_sessions(data: DataFolder, config: SiteConfig) -> None:
    """The sessions above, through the desk service; each issue's summary is its label (I1 … I11)."""
    for day, deputies, visitors in SESSIONS:
        clock = Clock(datetime.combine(day, config.reception.start, CST))
        store = open_new_session(data, config, day=day, deputies=list(deputies), liaison_officer="李婷",
                                 operator="李婷", clock=clock)  # fmt: skip
        try:
            service = DeskService(store, config, operator="李婷", clock=clock)
            for name, district, issues in visitors:
                saved = service.register_visitor(VisitorInput(
                    name=name, anonymous=not name, phone="13800001234" if name else "", district=district,
                    consent=True,
                ))  # fmt: skip
                for label, category, request_type, deputy, kind, detail in issues:
                    service.add_issue(
                        saved.record.id,
                        IssueInput(category=category, request_type=request_type, place="保俶路1号",
                                   own_words=f"{label} 原话", summary=label, receiving_deputy=deputy),
                        _disposition(kind, detail, deputy),
                    )  # fmt: skip
        finally:
            store.close()


def apply_steps(store: CaseStore) -> dict[str, str]:
    """Save the STEPS; the case id of each issue label."""
    ids = {case.desk.summary: case.case_id for case in store.query(CaseQuery(), limit=100).cases}
    for label, steps in STEPS.items():
        for kind, data in steps:
            case = store.get(ids[label])
            store.apply(case.case_id, Step(kind, "王芳", STEP_AT, data), revision=case.revision)
    return ids


@dataclass(frozen=True)
class HandOffice:
    folder: Path
    store: CaseStore
    ids: dict[str, str]


@pytest.fixture(scope="module")
def hand_office_template(tmp_path_factory: pytest.TempPathFactory, sample_config: SiteConfig) -> Path:
    """The office folder of the hand fixture (built once per test module; tests get copies)."""
    root = tmp_path_factory.mktemp("hand-office")
    config = dataclasses.replace(sample_config, office_public_key=None)
    data = DataFolder(root / "desk").ensure()
    make_sessions(data, config)
    office = root / "office"
    office.mkdir()
    exported = Outbox(data, config).export(data.session_folders(), root / "stick", now=Clock())
    result = import_files([r.path for r in exported], office, trust_new_devices=True, now=Clock())
    assert result.exit_code == 0, [o.reason for o in result.outcomes]
    store = open_case_store(office, OfficeSettings(), sample_config, now=Clock(REPORT_NOW))
    try:
        store.sync()
        apply_steps(store)
    finally:
        store.close()
    return office


@pytest.fixture
def hand_office(hand_office_template: Path, tmp_path: Path, sample_config: SiteConfig) -> Iterator[HandOffice]:
    import shutil

    folder = tmp_path / "office"
    shutil.copytree(hand_office_template, folder)
    store = open_case_store(folder, OfficeSettings(), sample_config, now=Clock(REPORT_NOW))
    try:
        ids = {case.desk.summary: case.case_id for case in store.query(CaseQuery(), limit=100).cases}
        yield HandOffice(folder, store, ids)
    finally:
        store.close()


HandOfficeFactory = Callable[[], HandOffice]
