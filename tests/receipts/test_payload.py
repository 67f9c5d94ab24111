"""The QR payload: shape, size, keyed code, the secret file, and scanning back (lookup_scanned)."""

from __future__ import annotations

import dataclasses
import stat
from datetime import date

import pytest

from reception_tui.receipts import qr
from reception_tui.receipts.content import build_receipt
from reception_tui.receipts.lookup import Verdict, lookup_scanned
from reception_tui.receipts.payload import (
    SECRET_FILE,
    PayloadError,
    ReceiptRef,
    load_or_create_secret,
    make_payload,
    make_url,
    parse_payload,
    verification_code,
)

from .conftest import Site

REF = ReceiptRef("BSJD", date(2026, 11, 20), 7)


def test_payload_shape_and_fit_in_a_version_1_code() -> None:
    payload = make_payload(b"k" * 32, REF)
    assert payload.startswith("RT1:BSJD-261120-007:") and len(payload) == 25
    assert set(payload) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")  # QR alphanumeric mode
    assert qr.make_qr(payload, ecc=qr.ECC_SCREEN).version == 1
    assert qr.screen_size(payload) == (46, 23)  # fits 80 x 24 with the footer


def test_code_depends_on_the_secret_not_only_on_the_reference() -> None:
    assert verification_code(b"a" * 32, REF) != verification_code(b"b" * 32, REF)
    assert verification_code(b"a" * 32, REF) == verification_code(b"a" * 32, REF)
    assert verification_code(b"a" * 32, REF) != verification_code(
        b"a" * 32, dataclasses.replace(REF, queue_number=8)
    )


def test_secret_is_created_once_private_and_kept(tmp_path) -> None:
    first = load_or_create_secret(tmp_path)
    path = tmp_path / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(first) == 32
    assert load_or_create_secret(tmp_path) == first


def test_damaged_secret_is_reported_not_replaced(tmp_path) -> None:
    (tmp_path / SECRET_FILE).write_text("not hex")
    with pytest.raises(OSError):
        load_or_create_secret(tmp_path)
    assert (tmp_path / SECRET_FILE).read_text() == "not hex"


@pytest.mark.parametrize(
    "typed",
    [
        "RT1:BSJD-261120-007:{code}\n",
        "  rt1:bsjd-261120-007:{code}  ",
        "ＲＴ１：BSJD-261120-007：{code}",
    ],
)
def test_scanner_noise_is_tolerated(typed: str) -> None:
    code = verification_code(b"s" * 32, REF)
    scanned = parse_payload(typed.format(code=code.lower() if "rt1" in typed else code))
    assert scanned.ref == REF and scanned.code == code


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "RT2:BSJD-261120-007:ABCDE",
        "RT1:BSJD-261320-007:ABCDE",
        "RT1:BSJD-261120-007:ABC",
        "RT1:BSJD-261120-007:ABCD1",
        "RT1::",
    ],
)
def test_malformed_payloads_are_refused(text: str) -> None:
    with pytest.raises(PayloadError):
        parse_payload(text)


def test_url_template_round_trip() -> None:
    template = "https://rd.example.gov.cn/case/{ref}?v={code}"
    url = make_url(template, b"s" * 32, REF)
    assert url == f"https://rd.example.gov.cn/case/BSJD-261120-007?v={verification_code(b's' * 32, REF)}"
    assert parse_payload(url, template).ref == REF


# -- scanning back -------------------------------------------------------------------------------


def test_genuine_receipt_finds_session_visitor_and_issue(demo: Site) -> None:
    visitor = demo.richest()
    content = build_receipt(demo.snapshot, demo.config, visitor.id, secret=demo.secret)
    result = lookup_scanned(demo.data, demo.secret, content.payload + "\r\n")
    first = min((i for i in demo.snapshot.issues if i.visitor_id == visitor.id), key=lambda i: i.number)
    assert result.verdict is Verdict.GENUINE
    assert (result.folder, result.visitor_id, result.issue_id) == (demo.folder, visitor.id, first.id)
    assert result.case_number == first.case_number and result.queue_number == visitor.queue_number
    assert result.visitor_label != visitor.name


def test_forged_code_is_rejected_and_opens_nothing(demo: Site) -> None:
    visitor = demo.richest()
    payload = build_receipt(demo.snapshot, demo.config, visitor.id, secret=demo.secret).payload
    last = payload[-1]
    forged = payload[:-1] + ("A" if last != "A" else "B")
    result = lookup_scanned(demo.data, demo.secret, forged)
    assert result.verdict is Verdict.FORGED and not result.found


def test_code_made_with_another_secret_is_forged(demo: Site) -> None:
    ref = ReceiptRef("BSJD", demo.snapshot.session.day, 1)
    result = lookup_scanned(demo.data, demo.secret, make_payload(b"x" * 32, ref))
    assert result.verdict is Verdict.FORGED


def test_valid_code_for_a_case_not_here_is_unknown(demo: Site) -> None:
    ref = ReceiptRef("BSJD", demo.snapshot.session.day, 99)
    result = lookup_scanned(demo.data, demo.secret, make_payload(demo.secret, ref))
    assert result.verdict is Verdict.UNKNOWN_CASE and not result.found


def test_typed_case_number_is_found_but_unverified(demo: Site) -> None:
    issue = demo.snapshot.issues[3]
    result = lookup_scanned(demo.data, demo.secret, issue.case_number.lower())
    assert result.verdict is Verdict.CASE_NUMBER
    assert (result.visitor_id, result.issue_id) == (issue.visitor_id, issue.id)


def test_mistyped_case_number_gets_the_check_digit_message(demo: Site) -> None:
    number = demo.snapshot.issues[3].case_number
    typo = number[:-4] + ("8" if number[-4] != "8" else "9") + number[-3:]
    result = lookup_scanned(demo.data, demo.secret, typo)
    assert result.verdict is Verdict.MISTYPED and result.message_key == "field.case_number.check"


def test_garbage_is_malformed(demo: Site) -> None:
    assert lookup_scanned(demo.data, demo.secret, "https://example.com/").verdict is Verdict.MALFORMED


def test_lookup_with_url_template(demo: Site) -> None:
    template = "https://rd.example.gov.cn/case/{ref}?v={code}"
    config = dataclasses.replace(
        demo.config, receipt=dataclasses.replace(demo.config.receipt, url_template=template)
    )
    visitor = demo.richest()
    content = build_receipt(demo.snapshot, config, visitor.id, secret=demo.secret)
    assert content.qr_text.startswith("https://rd.example.gov.cn/case/")
    assert lookup_scanned(demo.data, demo.secret, content.qr_text, template).verdict is Verdict.GENUINE
