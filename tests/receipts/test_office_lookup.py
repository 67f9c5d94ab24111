"""``reception lookup`` at the office: a laptop's receipt, exported and imported, looked up and verified."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reception_tui.cli import main
from reception_tui.config import ConfigError, load_config, parse_config_text, sample_config_path
from reception_tui.domain.ids import CaseNumber
from reception_tui.domain.site import SiteConfig
from reception_tui.exchange.outbox import Outbox
from reception_tui.receipts.lookup import Verdict, lookup_scanned
from reception_tui.receipts.payload import SECRET_FILE, ReceiptRef, make_payload, receipt_secret
from reception_tui.services.demo import make_demo_session
from reception_tui.services.receipts import ReceiptService
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.shared.services import AppServices

from .conftest import DAY, ZONE, ticking

KEY = "5f0c9a1e7b3d2c4a8e6f1b0d9c7a5e3f2b4d6c8a0e1f3b5d7c9e2a4b6d8f0a1c"
ANCHOR = "  privacy_line: 您的个人信息仅用于办理本事项，不对外公开。\n"


def write_config(path: Path, key: str | None, url_template: str | None = None) -> Path:
    """The sample config, with ``receipt.verification_key`` (and ``url_template``) set when given."""
    text = sample_config_path().read_text(encoding="utf-8")
    assert ANCHOR in text
    if key is not None:
        text = text.replace(ANCHOR, f'{ANCHOR}  verification_key: "{key}"\n')
    if url_template is not None:
        text = text.replace(ANCHOR, f"{ANCHOR}  url_template: {url_template}\n")
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Office:
    """A laptop whose session was exported and imported into an office folder."""

    laptop: DataFolder
    config: SiteConfig
    config_path: Path
    office_dir: Path
    visitor_id: str
    payload: str
    qr_text: str
    ref: ReceiptRef
    case_numbers: list[str]
    name: str

    def lookup(self, text: str, *extra: str, config_path: Path | None = None) -> int:
        return main([
            "--config", str(config_path or self.config_path), "lookup", text, "--office-dir", str(self.office_dir),
            *extra,
        ])  # fmt: skip


def make_office(tmp_path: Path, key: str | None, url_template: str | None = None) -> Office:
    """Laptop (config with or without the key) → demo session → receipt payload → export → import."""
    config_path = write_config(tmp_path / "site.yaml", key, url_template)
    config = load_config(config_path)
    laptop = DataFolder(tmp_path / "laptop").ensure()
    make_demo_session(laptop, config, visitors=6, seed=11, day=DAY)
    folder = laptop.session_folders()[0]
    snapshot = laptop.read(folder)
    visitor = next(v for v in snapshot.visitors if v.queue_number == 2)
    content = ReceiptService(folder, config, data_root=laptop.root).content(visitor.id)
    stick = tmp_path / "stick"
    stick.mkdir()
    results = Outbox(laptop, config).export([folder], stick, now=ticking(datetime(2026, 11, 20, 17, 0, tzinfo=ZONE)))
    assert len(results) == 1 and results[0].path.is_file()
    office_dir = tmp_path / "office"
    office_dir.mkdir()
    assert main(["import", str(stick), "--office-dir", str(office_dir), "--trust-new-devices"]) == 0
    cases = sorted((i.number, i.case_number) for i in snapshot.issues if i.visitor_id == visitor.id)
    return Office(
        laptop, config, config_path, office_dir, visitor.id, content.payload, content.qr_text, content.ref,
        [c for _, c in cases], visitor.name,
    )


@pytest.fixture
def keyed(tmp_path: Path) -> Office:
    return make_office(tmp_path, KEY)


@pytest.fixture
def unkeyed(tmp_path: Path) -> Office:
    return make_office(tmp_path, None)


def test_scanned_receipt_is_found_at_the_office_and_genuine(
    keyed: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert keyed.payload == make_payload(bytes.fromhex(KEY), keyed.ref)
    assert keyed.lookup(keyed.payload) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "回执真实有效：校验码与配置中的回执密钥相符"
    assert f"回执号 {keyed.ref}" in out
    assert keyed.name and f"来访人 {keyed.name}" in out  # the office's copy: the full name
    assert f"（排队号 2）· 2026-11-20 · {keyed.config.site_name}" in out
    assert all(case in out for case in keyed.case_numbers)

    assert keyed.lookup(keyed.payload, "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "genuine" and result["ref"] == str(keyed.ref)
    (match,) = result["matches"]
    assert match["visitor"].startswith(keyed.name) and match["site"] == keyed.config.site_name
    snapshot = keyed.laptop.read(keyed.laptop.session_folders()[0])
    stored = sorted((i for i in snapshot.issues if i.visitor_id == keyed.visitor_id), key=lambda i: i.number)
    assert [i["case_number"] for i in match["issues"]] == [i.case_number for i in stored]
    assert [i["category"] for i in match["issues"]] == [i.category for i in stored]
    assert [i["summary"] for i in match["issues"]] == [i.summary for i in stored]
    assert all(i["disposition"] and i["status"] for i in match["issues"])


def test_a_scan_with_a_stray_newline_and_lowercase_still_verifies(
    keyed: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert keyed.lookup(keyed.payload.lower() + "\n", "--json") == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "genuine"


def test_tracking_address_from_the_url_template_is_verified(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = make_office(tmp_path, KEY, "https://rd.example.gov.cn/case/{ref}?v={code}")
    capsys.readouterr()
    assert office.qr_text.startswith("https://rd.example.gov.cn/case/") and office.qr_text != office.payload
    assert office.lookup(office.qr_text, "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "genuine" and result["ref"] == str(office.ref)
    assert office.lookup(office.qr_text[:-1] + ("A" if office.qr_text[-1] != "A" else "B")) == 1


def test_forged_code_is_refused(keyed: Office, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = keyed.payload.rsplit(":", 1)[1]
    forged = keyed.payload[: -len(code)] + ("A" if code[0] != "A" else "B") + code[1:]
    assert keyed.lookup(forged) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "校验码不符：这张回执不是用配置中的回执密钥出具的，或二维码已被改动"
    # a receipt made with a laptop's own folder secret does not verify with the shared key either
    folder_made = make_payload(b"\x01" * 32, keyed.ref)
    assert keyed.lookup(folder_made, "--json") == 1
    assert json.loads(capsys.readouterr().out) == {
        "verdict": "forged", "message": captured.err.strip(), "ref": str(keyed.ref), "case_number": None,
        "matches": [],
    }  # fmt: skip


def test_typed_case_number_with_a_typo_is_caught(keyed: Office, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    number = keyed.case_numbers[0]
    typo = number.replace("-002-", "-020-")
    assert typo != number
    assert keyed.lookup(typo) == 2
    assert capsys.readouterr().err.strip() == "登记编号校验码不对，可能有一位输错了：请核对后重新输入"
    # typed correctly (with full-width digits from a Chinese input method), it is found but not proof
    full_width = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert keyed.lookup(full_width, "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "typed" and result["case_number"] == number
    assert [i["case_number"] for i in result["matches"][0]["issues"]] == keyed.case_numbers


def test_typed_receipt_ref_and_unknown_cases(keyed: Office, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert keyed.lookup(str(keyed.ref), "--json") == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "typed"
    absent = ReceiptRef(keyed.ref.site_code, keyed.ref.day, 99)
    assert keyed.lookup(make_payload(bytes.fromhex(KEY), absent)) == 1
    assert capsys.readouterr().err.strip() == "办公室数据中找不到这个事项（可能尚未导入）"
    assert keyed.lookup(str(CaseNumber(keyed.ref.site_code, DAY + timedelta(days=1), 2, 1))) == 1
    assert "找不到" in capsys.readouterr().err
    assert keyed.lookup("hello world") == 2
    assert capsys.readouterr().err.strip() == "无法识别：这不是本系统的回执二维码、回执号或登记编号"


def test_without_a_key_the_office_says_unverified(unkeyed: Office, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert unkeyed.config.receipt.verification_key is None
    assert (unkeyed.laptop.root / SECRET_FILE).is_file()  # the laptop signed with its own folder secret
    assert unkeyed.lookup(unkeyed.payload) == 0
    out = capsys.readouterr().out
    assert out.startswith("未校验真伪：配置中没有回执密钥") and "receipt.verification_key" in out
    assert all(case in out for case in unkeyed.case_numbers)
    assert main([
        "--lang", "en", "--config", str(unkeyed.config_path), "lookup", unkeyed.payload,
        "--office-dir", str(unkeyed.office_dir),
    ]) == 0  # fmt: skip
    assert capsys.readouterr().out.startswith("Not verified: the config has no receipt key")


def test_laptop_desk_lookup_uses_the_config_key(keyed: Office) -> None:
    assert not (keyed.laptop.root / SECRET_FILE).exists()  # the shared key replaced the folder secret
    assert receipt_secret(keyed.config, keyed.laptop.root) == bytes.fromhex(KEY)
    result = lookup_scanned(keyed.laptop, receipt_secret(keyed.config, keyed.laptop.root), keyed.payload)
    assert result.verdict is Verdict.GENUINE and result.visitor_id == keyed.visitor_id

    from reception_tui.ui.desk.scan import lookup
    from reception_tui.ui.desk.screens.scan import scan_text

    services = AppServices(keyed.config, keyed.config_path, keyed.laptop)
    assert scan_text(services, keyed.payload).verdict is Verdict.GENUINE
    outcome = lookup(keyed.payload, services)
    assert outcome is not None and outcome.genuine and outcome.visitor_id == keyed.visitor_id
    assert not (keyed.laptop.root / SECRET_FILE).exists()
    folder_made = make_payload(b"\x01" * 32, keyed.ref)
    assert scan_text(services, folder_made).verdict is Verdict.FORGED


def test_office_lookup_needs_an_office_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["lookup", "RT1:BSJD-261120-002:AAAAA", "--office-dir", str(tmp_path / "empty")]) == 2
    assert "reception import" in capsys.readouterr().err
    assert not (tmp_path / "empty" / "office.sqlite3").exists()


@pytest.mark.parametrize("bad", ["abc123", "12345678901234567890123456789012", "g" * 32, "a" * 33])
def test_a_bad_key_is_refused_without_being_repeated(bad: str) -> None:
    text = sample_config_path().read_text(encoding="utf-8")
    quoted = bad if bad.isdigit() else f'"{bad}"'
    with pytest.raises(ConfigError) as raised:
        parse_config_text(text.replace(ANCHOR, f"{ANCHOR}  verification_key: {quoted}\n"), "site.yaml")
    message = str(raised.value)
    assert "receipt.verification_key" in message and "password" in message
    assert bad not in message
