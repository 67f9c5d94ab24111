"""An office folder with two known people among the demo visitors, imported from real exports.

欧阳明华 came twice (a visitor record in each of two sessions, the same phone); 欧阳丽 shares his surname and his
phone's last four digits, came once and her cases stay open. His cases are closed on 21 Nov 2026; the other
visitors' cases are untouched (open).
"""

from __future__ import annotations

import copy
import dataclasses
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from reception_tui.domain.dispositions import DispositionInput
from reception_tui.domain.followup import CaseState, Step, StepKind
from reception_tui.domain.intake import IssueInput, VisitorInput
from reception_tui.domain.models import DispositionKind, Visitor
from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.outbox import Outbox
from reception_tui.office.store import CaseStore
from reception_tui.services.demo import make_demo_session
from reception_tui.services.desk import DeskService
from reception_tui.storage.data_folder import DataFolder
from reception_tui.storage.session_store import SessionStore
from tests.exchange.conftest import Laptop, make_laptop, office_dir  # noqa: F401 (fixtures)
from tests.exchange.helpers import DAY, Clock
from tests.office.conftest import NOW, import_into, open_store  # noqa: F401 (fixtures)


@pytest.fixture
def office_db() -> str | None:
    """The privacy tests run on the folder's SQLite store (open_store from tests/office takes the engine)."""
    return None

CLOSED_ON = date(2026, 11, 21)
A_NAME, A_PHONE, A_ADDRESS = "欧阳明华", "13912345678", "幸福路88号3幢501室"
B_NAME, B_PHONE, B_ADDRESS = "欧阳丽", "13800005678", "和平街12号"


@dataclass
class Person:
    name: str
    phone: str
    address: str
    visitor_ids: list[tuple[str, str]] = field(default_factory=list)
    """(session id, visitor id) of each record."""
    texts: list[str] = field(default_factory=list)
    """The own words, summaries and places of their issues."""

    @property
    def values(self) -> list[str]:
        return [self.name, self.phone, self.address, *self.texts]


@dataclass
class Office:
    folder: Path
    laptop: Laptop
    a: Person
    b: Person
    stick: Path

    def export_again(self, name: str) -> list[Path]:
        return [result.path for result in self.laptop.export(self.stick.parent / name)]


def _edit(laptop: Laptop, folder: Path, visitor: Visitor, person: Person, tag: str, *, explain: bool) -> None:
    with SessionStore(folder) as session:
        desk = DeskService(session, laptop.config, operator="李婷", clock=laptop.clock)
        form = VisitorInput(
            name=person.name, phone=person.phone, address=person.address, district=visitor.district,
            kind=visitor.kind, unit_name=visitor.unit_name, co_visitors=str(visitor.co_visitors),
            id_number=visitor.id_number, confidential=False, consent=True,
        )  # fmt: skip
        desk.update_visitor(visitor.id, form, correction=True)
        deputy = desk.session.deputies[0]
        for number, issue in enumerate(session.issues(visitor.id), start=1):
            own, summary, place = (f"{person.name}{tag}第{number}件：{text}" for text in ("家门口排水沟堵塞多月",
                                   "排水沟堵塞请求疏通", "楼下"))  # fmt: skip
            data = IssueInput(
                category=issue.category, request_type=issue.request_type, place=place, own_words=own, summary=summary,
                receiving_deputy=issue.receiving_deputy, confidential=False,
            )  # fmt: skip
            desk.update_issue(issue.id, data, correction=True)
            if explain:
                explained = DispositionInput(
                    DispositionKind.EXPLAINED, explanation="已当场解释政策", explained_by=deputy
                )
                desk.set_disposition(issue.id, explained, correction=True)
            person.texts.extend((own, summary, place))
        person.visitor_ids.append((desk.session.id, visitor.id))


def _named_visitors(laptop: Laptop, folder: Path) -> list[Visitor]:
    with SessionStore(folder) as session:
        return [v for v in session.visitors() if v.name and v.phone and session.issues(v.id)]


def close_cases_of(store: CaseStore, person: Person, only: list[tuple[str, str]] | None = None) -> None:
    """Close every case of the person (explained on the spot: settled, then closed on :data:`CLOSED_ON`)."""
    store.sync()
    for session_id, visitor_id in person.visitor_ids if only is None else only:
        rows = store.db.fetchall(
            "SELECT case_id FROM cases WHERE session_id = ? AND visitor_id = ?", (session_id, visitor_id)
        )
        assert rows
        for (case_id,) in rows:
            case = store.get(case_id)
            assert case.state is CaseState.SETTLED, case.state
            store.apply(
                case_id, Step(StepKind.CLOSE, "王芳", NOW, {"on": CLOSED_ON, "note": ""}), revision=case.revision
            )


def _laptop(folder: Path, config: SiteConfig, clock: Clock) -> Laptop:
    """A laptop as ``make_laptop`` builds it, on ``folder``."""
    config = dataclasses.replace(config, office_public_key=None)
    data = DataFolder(folder).ensure()
    return Laptop(data, config, Outbox(data, config), clock)


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory, sample_config: SiteConfig) -> Office:
    """The office, made once per test process (two demo sessions edited and imported cost about a second): each
    test gets a copy of its folders (laptop ``desk``, ``stick``, office) and of the two people."""
    root = tmp_path_factory.mktemp("privacy-template")
    laptop = _laptop(root / "desk", sample_config, Clock())
    for index in range(2):  # as make_laptop("desk", visitors=6, seed=17, sessions=2)
        make_demo_session(laptop.data, laptop.config, visitors=6, seed=17 + index, day=DAY + timedelta(days=31 * index))
    first, second = laptop.session_folders()
    a = Person(A_NAME, A_PHONE, A_ADDRESS)
    b = Person(B_NAME, B_PHONE, B_ADDRESS)
    one = _named_visitors(laptop, first)
    _edit(laptop, first, one[0], a, "甲", explain=True)
    _edit(laptop, first, one[1], b, "乙", explain=False)
    _edit(laptop, second, _named_visitors(laptop, second)[0], a, "丙", explain=True)
    stick = root / "stick"
    office = root / "office"
    office.mkdir()
    import_into(office, [result.path for result in laptop.export(stick)])
    return Office(office, laptop, a, b, stick)


@pytest.fixture
def office(office_template: Office, office_dir: Path, tmp_path: Path) -> Office:  # noqa: F811
    shutil.copytree(office_template.laptop.data.root, tmp_path / "desk")
    shutil.copytree(office_template.stick, tmp_path / "stick")
    shutil.copytree(office_template.folder, office_dir, dirs_exist_ok=True)
    laptop = _laptop(tmp_path / "desk", office_template.laptop.config, Clock(office_template.laptop.clock.current))
    a, b = copy.deepcopy(office_template.a), copy.deepcopy(office_template.b)
    return Office(office_dir, laptop, a, b, tmp_path / "stick")


def state_of(store: CaseStore, session_id: str) -> dict[str, Any]:
    return dict(orjson.loads(store.db.scalar("SELECT state FROM sessions WHERE session_id = ?", (session_id,))))


def cases_of(store: CaseStore, person: Person) -> list[str]:
    found: list[str] = []
    for session_id, visitor_id in person.visitor_ids:
        found.extend(
            case_id
            for (case_id,) in store.db.fetchall(
                "SELECT case_id FROM cases WHERE session_id = ? AND visitor_id = ? ORDER BY case_id",
                (session_id, visitor_id),
            )
        )
    return sorted(found)
