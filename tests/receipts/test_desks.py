"""Two desks at one site on one day: the second desk's letter keeps case numbers and receipts apart,
on the laptops and at the office, while numbers and receipts issued without a desk still work."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from textual.geometry import Region

from reception_tui.cli import main
from reception_tui.config import load_config
from reception_tui.domain.errors import FieldError, ValidationFailed
from reception_tui.domain.ids import CaseNumber
from reception_tui.domain.models import ReceiptOutput
from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.exchange.outbox import Outbox
from reception_tui.receipts import qr
from reception_tui.receipts.lookup import Verdict, lookup_scanned
from reception_tui.receipts.office_lookup import OfficeVerdict, lookup_office
from reception_tui.receipts.payload import ReceiptRef, make_payload, parse_payload, receipt_secret
from reception_tui.services.demo import make_demo_session
from reception_tui.services.desk import DeskService, check_desk
from reception_tui.services.receipts import ReceiptService
from reception_tui.storage.data_folder import DataFolder
from reception_tui.storage.session_store import SessionStore
from reception_tui.ui.app import ReceptionApp
from reception_tui.ui.desk.screens.receipt import ReceiptScreen
from reception_tui.ui.desk.widgets.qr_view import QrView
from reception_tui.ui.shared.services import AppServices
from tests.exchange.helpers import published_validator

from .conftest import DAY, ZONE, ticking
from .test_office_lookup import KEY, write_config

DAY_2 = date(2026, 11, 20)
SAMPLE_EXPORT = Path(__file__).resolve().parents[2] / "sample_data" / "session-export.sample.json"


def test_a_desk_letter_stands_in_place_of_the_hyphen_before_the_queue_number() -> None:
    """BSJD-20261120B007-2-xx and BSJD-261120B007: the same length as one desk's, and never equal to it."""
    alone = CaseNumber("BSJD", DAY_2, 7, 2)
    second = CaseNumber("BSJD", DAY_2, 7, 2, "B")
    assert str(alone).startswith("BSJD-20261120-007-2-")
    assert str(second).startswith("BSJD-20261120B007-2-") and len(str(second)) == len(str(alone))
    assert str(second) != str(alone)
    wide = str(second).replace("B", "Ｂ").replace("-", "－")
    for typed in (str(second), str(second).lower(), str(second).replace("B007", "-B007"),
                  str(second).replace("B007", "-B-007"), wide):  # fmt: skip
        assert CaseNumber.parse(typed) == second
    assert CaseNumber.parse(str(alone)) == alone and CaseNumber.parse(str(alone)).desk == ""
    # the desk letter is covered by the check digits: another letter, or the letter dropped, is caught
    for wrong in (str(second).replace("B007", "C007"), str(second).replace("B007", "-007")):
        with pytest.raises(FieldError) as caught:
            CaseNumber.parse(wrong)
        assert caught.value.key == "field.case_number.check"
    ref = ReceiptRef("BSJD", DAY_2, 7, "B")
    assert str(ref) == "BSJD-261120B007" and ReceiptRef.parse("bsjd-261120-b007") == ref
    assert ReceiptRef.parse("BSJD-261120-007") == ReceiptRef("BSJD", DAY_2, 7)
    payload = make_payload(b"k" * 32, ref)
    assert len(payload) == 25 and payload.startswith("RT1:BSJD-261120B007:")
    assert parse_payload(payload).ref == ref
    assert qr.screen_size(payload) == (46, 23)  # still a version 1 code: whole on an 80 x 24 screen


def test_numbers_and_receipts_issued_before_desks_read_and_verify_as_they_did() -> None:
    """Made by the previous release (no desk field): the same text, the same code, desk empty."""
    old_payload = "RT1:BSJD-261120-007:IAPAC"  # the previous release's payload under KEY
    scanned = parse_payload(old_payload)
    assert scanned.ref == ReceiptRef("BSJD", DAY_2, 7) and scanned.ref.desk == ""
    assert make_payload(bytes.fromhex(KEY), scanned.ref) == old_payload
    for old_number, parts in (("BSJD-20261120-007-2-36", ("BSJD", DAY_2, 7, 2)),
                              ("XH01-20261129-007-2-38", ("XH01", date(2026, 11, 29), 7, 2))):  # fmt: skip
        parsed = CaseNumber.parse(old_number)
        assert parsed == CaseNumber(*parts) and parsed.desk == "" and str(parsed) == old_number


def test_the_sample_export_of_format_v1_without_a_desk_imports_and_is_found(tmp_path: Path) -> None:
    """The published sample file (written before desks) imports; its numbers and refs are found."""
    stick = tmp_path / "stick"
    stick.mkdir()
    shutil.copy(SAMPLE_EXPORT, stick)
    office = tmp_path / "office"
    office.mkdir()
    assert main(["import", str(stick), "--office-dir", str(office), "--trust-new-devices"]) == 0
    document = json.loads(SAMPLE_EXPORT.read_text(encoding="utf-8"))
    assert "desk" not in document["payload"]["session"]
    issue = document["payload"]["issues"][0]
    visitor = next(v for v in document["payload"]["visitors"] if v["id"] == issue["visitor_id"])
    case = CaseNumber.parse(issue["case_number"])
    assert case.desk == ""
    with OfficeStore(office) as store:
        by_number = lookup_office(store, issue["case_number"], verification_key=None)
        assert by_number.verdict is OfficeVerdict.TYPED and len(by_number.matches) == 1
        ref = ReceiptRef(case.site_code, case.day, visitor["queue_number"])
        by_ref = lookup_office(store, str(ref), verification_key=None)
        assert [m.queue_number for m in by_ref.matches] == [visitor["queue_number"]]
        by_scan = lookup_office(store, make_payload(bytes.fromhex(KEY), ref), verification_key=KEY)
        assert by_scan.verdict is OfficeVerdict.GENUINE and len(by_scan.matches) == 1


def test_a_desk_is_one_letter_or_none() -> None:
    assert check_desk(" b ") == "B" and check_desk("Ｂ") == "B" and check_desk("") == ""
    for bad in ("BB", "1", "-", "乙"):
        with pytest.raises(ValidationFailed) as caught:
            check_desk(bad)
        assert [e.key for e in caught.value.errors] == ["desk.start.desk_format"]


def _laptop(tmp_path: Path, name: str, config: SiteConfig, desk: str) -> DataFolder:
    data = DataFolder(tmp_path / name).ensure()
    make_demo_session(data, config, visitors=4, seed=31, day=DAY, desk=desk)
    return data


def test_two_desks_on_one_day_give_out_different_numbers_found_on_each_laptop_and_at_the_office(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first laptop has no desk letter (as before), the second is desk B: no case number or receipt
    ref. is shared; each receipt's QR (decoded by zxing) verifies on its laptop and at the office and
    brings up that one visitor; the import finds no case number used twice."""
    config_path = write_config(tmp_path / "site.yaml", KEY)
    config = load_config(config_path)
    first, second = _laptop(tmp_path, "desk-a", config, ""), _laptop(tmp_path, "desk-b", config, "B")
    snapshots = {name: data.read(data.session_folders()[0]) for name, data in (("a", first), ("b", second))}
    assert snapshots["a"].session.desk == "" and snapshots["b"].session.desk == "B"
    numbers_a = {i.case_number for i in snapshots["a"].issues}
    numbers_b = {i.case_number for i in snapshots["b"].issues}
    assert numbers_a and numbers_b and not numbers_a & numbers_b
    assert all(CaseNumber.parse(n).desk == "B" for n in numbers_b)

    payloads = {}
    for name, data in (("a", first), ("b", second)):
        folder = data.session_folders()[0]
        visitor = next(v for v in snapshots[name].visitors if v.queue_number == 1)
        png = tmp_path / f"{name}.png"
        service = ReceiptService(folder, config, data_root=data.root)
        with SessionStore(folder) as store:
            outcome = ReceiptService(store, config, data_root=data.root).issue(visitor.id, ReceiptOutput.PNG, out=png)
        assert outcome.failure is None
        (payload,) = [r.text for r in zxingcpp.read_barcodes(Image.open(png))]
        assert payload == service.content(visitor.id).payload
        payloads[name] = payload
        scanned = lookup_scanned(data, receipt_secret(config, data.root), payload)
        assert scanned.verdict is Verdict.GENUINE and scanned.visitor_id == visitor.id
        first_issue = min((i for i in snapshots[name].issues if i.visitor_id == visitor.id), key=lambda i: i.number)
        typed = lookup_scanned(data, receipt_secret(config, data.root), first_issue.case_number.lower())
        assert typed.verdict is Verdict.CASE_NUMBER and typed.visitor_id == visitor.id
    assert payloads["a"].startswith("RT1:BSJD-261120-001:") and payloads["b"].startswith("RT1:BSJD-261120B001:")
    assert len(payloads["b"]) == 25
    # a receipt of one desk is not found on the other desk's laptop
    assert lookup_scanned(first, receipt_secret(config, first.root), payloads["b"]).verdict is Verdict.UNKNOWN_CASE

    stick = tmp_path / "stick"
    stick.mkdir()
    for data in (first, second):
        Outbox(data, config).export(data.session_folders(), stick, now=ticking(datetime(2026, 11, 20, 17, tzinfo=ZONE)))
    validator = published_validator()
    for path in stick.glob("*.json"):
        assert [e.json_path for e in validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))] == []
    office = tmp_path / "office"
    office.mkdir()
    assert main(["import", str(stick), "--office-dir", str(office), "--trust-new-devices"]) == 0
    assert "登记编号被两个以上事项使用" not in capsys.readouterr().out
    with OfficeStore(office) as store:
        assert store.case_numbers_used_twice() == {}
        for name, payload in payloads.items():
            found = lookup_office(store, payload, verification_key=KEY)
            assert found.verdict is OfficeVerdict.GENUINE and len(found.matches) == 1
            assert found.matches[0].session_id == snapshots[name].session.id
            (number,) = [n for n in (numbers_a if name == "a" else numbers_b) if "001-1-" in n.replace("B", "-")]
            by_number = lookup_office(store, number, verification_key=KEY)
            assert by_number.verdict is OfficeVerdict.TYPED and len(by_number.matches) == 1
            ref = str(parse_payload(payload).ref)
            assert len(lookup_office(store, ref, verification_key=KEY).matches) == 1


def test_export_schema_takes_the_desk_letter_and_nothing_else(tmp_path: Path) -> None:
    """The schema accepts desk "B" (and files without the field: format v1 as before), refuses "BB"."""
    config = load_config(write_config(tmp_path / "site.yaml", KEY))
    data = _laptop(tmp_path, "b", config, "B")
    now = ticking(datetime(2026, 11, 20, 17, tzinfo=ZONE))
    (result,) = Outbox(data, config).export(data.session_folders(), tmp_path / "stick", now=now)
    document = json.loads(result.path.read_text(encoding="utf-8"))
    validator = published_validator()
    assert document["format_version"] == 1 and document["payload"]["session"]["desk"] == "B"
    assert list(validator.iter_errors(document)) == []
    document["payload"]["session"]["desk"] = "BB"
    assert [e.validator for e in validator.iter_errors(document)] == ["pattern"]
    del document["payload"]["session"]["desk"]
    assert list(validator.iter_errors(document)) == []


@pytest.mark.asyncio
async def test_a_second_desks_receipt_qr_is_drawn_whole_at_80x24_and_decodes(tmp_path: Path) -> None:
    """The receipt screen of desk B: a version 1 code, 46 x 23 cells above the footer, and what the
    widget paints (cell backgrounds) decodes with zxing to the desk's payload."""
    config = load_config(write_config(tmp_path / "site.yaml", KEY))
    data = _laptop(tmp_path, "b", config, "B")
    folder = data.session_folders()[0]
    visitor = next(v for v in data.read(folder).visitors if v.queue_number == 1)
    app = ReceptionApp(AppServices(config, Path("site.yaml"), data, "zh"))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ReceiptScreen(app.services, folder, visitor.id))
        await pilot.pause()
        qr_view = app.screen.query_one(QrView)
        assert qr_view.qr_text.startswith("RT1:BSJD-261120B001:")
        assert (qr_view.region.width, qr_view.region.height) == (46, 23)
        assert qr_view.region.right <= 80 and qr_view.region.bottom <= 23
        strips = qr_view.render_lines(Region(0, 0, 46, 23))
    cells = []
    for strip in strips:
        row = []
        for segment in strip:
            color = segment.style.bgcolor if segment.style and segment.style.bgcolor else None
            dark = color is not None and color.get_truecolor().red < 128
            row.extend([dark] * len(segment.text))
        cells.append(row[0::2])
    scale, quiet = 8, 4
    size = (21 + 2 + 2 * quiet) * scale
    image = Image.new("L", (size, size), 255)
    for y, row in enumerate(cells):
        for x, dark in enumerate(row):
            if dark:
                left, top = (x + quiet) * scale, (y + quiet) * scale
                image.paste(0, (left, top, left + scale, top + scale))
    (decoded,) = [r.text for r in zxingcpp.read_barcodes(image)]
    assert decoded == qr_view.qr_text
    scanned = lookup_scanned(data, receipt_secret(config, data.root), decoded)
    assert scanned.verdict is Verdict.GENUINE and scanned.visitor_id == visitor.id


def test_the_desk_finds_a_case_number_typed_with_hyphens_around_the_desk_letter(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path / "site.yaml", KEY))
    data = _laptop(tmp_path, "b", config, "B")
    with SessionStore(data.session_folders()[0]) as store:
        issue = store.issues()[0]
        typed = issue.case_number.replace("20261120B", "20261120-b-").lower()
        assert typed != issue.case_number.lower()
        found = DeskService(store, config, operator="李婷").find(typed)
        assert [(visitor.id, found_issue) for visitor, found_issue in found] == [(issue.visitor_id, issue)]
