"""Records: revisions, changed fields, and the dict round trip used by the store and exports."""

from datetime import date, datetime, time, timedelta, timezone

import pytest

from reception_tui.domain.codec import CodecError, from_dict, issue_from_dict, to_dict
from reception_tui.domain.models import (
    AuditEvent,
    Issue,
    IssueStatus,
    ReceptionSession,
    Transfer,
    Visitor,
    VisitorKind,
    changed_fields,
    revise,
)

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 20, 14, 30, tzinfo=CST)


def _visitor() -> Visitor:
    return Visitor(id="v1", created_at=NOW, updated_at=NOW, operator="李婷", session_id="s1", queue_number=1,
                   arrived_at=NOW, name="张三", phone="13800138000")  # fmt: skip


def test_revise_bumps_revision_and_names_changes() -> None:
    old = _visitor()
    later = NOW + timedelta(minutes=3)
    new = revise(old, operator="郑磊", now=later, name="张三丰")
    assert (new.revision, new.updated_at, new.operator, new.created_at) == (2, later, "郑磊", NOW)
    assert changed_fields(old, new) == ("name",)
    assert old.anonymous is False and revise(old, operator="x", now=later, name="").anonymous


def test_round_trip_of_every_record() -> None:
    session = ReceptionSession(
        id="s1",
        created_at=NOW,
        updated_at=NOW,
        operator="李婷",
        site_code="BSJD",
        site_name="工作室",
        day=date(2026, 11, 20),
        start=time(14, 30),
        end=time(16, 30),
        place="二楼",
        deputies=("周建国",),
        liaison_officer="李婷",
        districts=("第一选区",),
        timezone="Asia/Shanghai",
        config_version="1",
    )
    issue = Issue(
        id="i1",
        created_at=NOW,
        updated_at=NOW,
        operator="李婷",
        session_id="s1",
        visitor_id="v1",
        number=1,
        case_number="BSJD-20261120-001-1-00",
        category="交通出行",
        request_type="建议",
        disposition=Transfer(target_code="JDBSC", target_name="街道办"),
        expected_reply_date=date(2026, 12, 11),
        status=IssueStatus.TO_TRANSFER,
    )
    event = AuditEvent(id="e1", session_id="s1", at=NOW, operator="李婷", action="created", entity="issue",
                       entity_id="i1", revision=1, fields=("category",))  # fmt: skip
    for record in (session, _visitor(), issue, event):
        data = to_dict(record)
        assert from_dict(type(record), data) == record
    assert to_dict(issue)["disposition"] == {
        "kind": "transfer",
        "target_code": "JDBSC",
        "target_name": "街道办",
        "note": "",
    }


def test_bad_dicts_name_the_field() -> None:
    data = to_dict(_visitor())
    data["queue_number"] = "1"
    with pytest.raises(CodecError) as caught:
        from_dict(Visitor, data)
    assert caught.value.field == "queue_number"
    data = to_dict(_visitor())
    data["created_at"] = "2026-11-20T14:30:00"
    with pytest.raises(CodecError, match="time zone"):
        from_dict(Visitor, data)
    with pytest.raises(CodecError):
        issue_from_dict({"id": "x"})
    with pytest.raises(CodecError):
        from_dict(Visitor, [])


def test_unknown_keys_are_ignored() -> None:
    data = {**to_dict(_visitor()), "future_field": 1}
    assert from_dict(Visitor, data) == _visitor()


def test_receipt_fields_added_later_are_stored_only_when_used() -> None:
    """A receipt that is neither a file nor cancelled keeps the bytes (and payload hash) of format 1."""
    from reception_tui.domain.codec import receipt_from_dict
    from reception_tui.domain.models import ReceiptIssued, ReceiptOutput, ReceiptStatus

    printed = ReceiptIssued(
        id="r1", created_at=NOW, updated_at=NOW, operator="李婷", session_id="s1", visitor_id="v1", issue_ids=("i1",),
        output=ReceiptOutput.PDF, status=ReceiptStatus.PRINTED, printed_at=NOW,
    )  # fmt: skip
    assert "to_file" not in to_dict(printed) and "cancelled_at" not in to_dict(printed)
    assert printed.handed_over and not printed.saved_as_file
    saved = revise(printed, operator="李婷", now=NOW, to_file=True)
    assert to_dict(saved)["to_file"] is True and saved.saved_as_file and not saved.handed_over
    cancelled = revise(printed, operator="李婷", now=NOW, status=ReceiptStatus.FAILED, cancelled_at=NOW)
    assert receipt_from_dict(to_dict(cancelled)) == cancelled
    assert receipt_from_dict(to_dict(printed)) == printed


def test_decoded_records_are_what_their_constructor_makes() -> None:
    """from_dict builds records without calling __init__: same fields in the same order, defaults
    filled (also those a stored dict leaves out), equal, hashable and still frozen."""
    import dataclasses

    from reception_tui.domain.models import ReceiptIssued, ReceiptOutput

    receipt = ReceiptIssued(id="r1", created_at=NOW, updated_at=NOW, operator="李婷", session_id="s1",
                            visitor_id="v1", issue_ids=("i1",), output=ReceiptOutput.PDF)  # fmt: skip
    for record in (_visitor(), receipt):
        data = to_dict(record)
        decoded = from_dict(type(record), data)
        made = type(record)(**{f.name: getattr(record, f.name) for f in dataclasses.fields(record)})
        assert decoded == made and hash(decoded) == hash(made)
        assert list(vars(decoded)) == list(vars(made)) and vars(decoded) == vars(made)
        with pytest.raises(dataclasses.FrozenInstanceError):
            decoded.id = "x"  # type: ignore[misc]
    assert "to_file" not in to_dict(receipt) and from_dict(ReceiptIssued, to_dict(receipt)).to_file is False


@pytest.mark.parametrize("value", ["nobody", "", ["individual"], {"kind": 1}, 1.5, None, True])
def test_an_enum_field_takes_only_its_values(value: object) -> None:
    data = {**to_dict(_visitor()), "kind": value}
    with pytest.raises(CodecError) as caught:
        from_dict(Visitor, data)
    assert caught.value.field == "kind"


def test_an_enum_field_decodes_to_its_member() -> None:
    for kind in VisitorKind:
        decoded = from_dict(Visitor, {**to_dict(_visitor()), "kind": kind.value})
        assert decoded.kind is kind


def test_the_kept_decoders_are_what_the_codec_generates_now() -> None:
    """reception_tui/domain/decoders.py is regenerated whenever a record class changes
    (``python -m reception_tui.domain.codec > reception_tui/domain/decoders.py``)."""
    from pathlib import Path

    from reception_tui.domain import codec, decoders

    assert Path(decoders.__file__).read_text(encoding="utf-8") == codec.decoders_module()
    for cls in codec.GENERATED:
        assert codec._builder(cls).__code__.co_filename == decoders.__file__, cls


def test_a_stale_kept_decoder_is_compiled_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    from reception_tui.domain import codec, decoders

    doc = to_dict(_visitor())
    monkeypatch.setitem(decoders.DIGESTS, "Visitor", 0)  # as if the class had gained a field
    codec._builder.cache_clear()
    try:
        assert codec._builder(Visitor).__code__.co_filename == "<string>"
        assert from_dict(Visitor, doc) == _visitor()
        with pytest.raises(CodecError, match=r"Visitor\.id: missing"):
            from_dict(Visitor, {k: v for k, v in doc.items() if k != "id"})
    finally:
        codec._builder.cache_clear()


def test_timestamps_share_one_zone_per_offset_and_keep_their_value() -> None:
    """Equal text decodes to one object; different offsets stay apart; naive text is refused."""
    doc = to_dict(_visitor())
    first, second = from_dict(Visitor, doc), from_dict(Visitor, doc)
    assert first.created_at is second.arrived_at
    utc = from_dict(Visitor, {**doc, "arrived_at": "2026-11-20T06:30:00+00:00"})
    assert utc.arrived_at == NOW and utc.arrived_at.utcoffset() == timedelta(0)
    other = from_dict(Visitor, {**doc, "arrived_at": "2026-11-20T15:30:00+09:00"})
    assert other.arrived_at == NOW and other.arrived_at.tzinfo is not first.created_at.tzinfo
    assert other.arrived_at.isoformat() == "2026-11-20T15:30:00+09:00"
    with pytest.raises(CodecError, match="timestamp without time zone"):
        from_dict(Visitor, {**doc, "arrived_at": "2026-11-20T14:30:00"})
    with pytest.raises(CodecError, match="invalid value for datetime"):
        from_dict(Visitor, {**doc, "arrived_at": 20261120})


def test_the_subscript_path_and_the_checked_path_agree_on_every_field() -> None:
    """A plain dict holding every field is read by subscripts; any other dict one ``get`` per field.
    Both give equal records, and the same error for a wrong value in any field."""
    from dataclasses import replace

    from reception_tui.domain.codec import issue_from_dict
    from reception_tui.domain.models import DeputySuggestion, ExplainedOnSpot, Redirected

    class Other(dict):  # type: ignore[type-arg]
        """Not a plain dict: takes the checked path."""

    visitor = _visitor()
    issue = Issue(id="i1", created_at=NOW, updated_at=NOW, operator="李婷", session_id="s1", visitor_id="v1",
                  number=1, case_number="A-1", category="其他", request_type="建议",
                  disposition=Transfer(target_code="ZJJ", target_name="区住建局"))  # fmt: skip
    dispositions = (
        None, ExplainedOnSpot(explanation="已解释", explained_by="周建国"),
        DeputySuggestion(deputy="林晓梅", motion=True), Redirected(channel="12345", directed_to="区信访局"),
    )  # fmt: skip
    records = [visitor, issue, *(replace(issue, disposition=d) for d in dispositions)]
    for record in records:
        doc = to_dict(record)
        cls = type(record)
        assert from_dict(cls, doc) == from_dict(cls, Other(doc)) == record
        for name in doc:
            for bad in (None, 1.5, [], "x" * 3, True):
                damaged = {**doc, name: bad}
                outcomes = []
                for data in (damaged, Other(damaged)):
                    try:
                        outcomes.append(("ok", from_dict(cls, data)))
                    except CodecError as error:
                        outcomes.append(("error", str(error)))
                assert outcomes[0] == outcomes[1], (cls.__name__, name, bad)
        if isinstance(record, Issue) and record.disposition is not None:
            bad_kinds = ({"kind": "unknown"}, {"kind": 3}, {"kind": ["transfer"]}, {**doc["disposition"], "kind": None})
            for bad_kind in bad_kinds:
                damaged = {**doc, "disposition": bad_kind}
                with pytest.raises(CodecError) as fast:
                    from_dict(Issue, damaged)
                with pytest.raises(CodecError) as slow:
                    from_dict(Issue, Other(damaged))
                assert str(fast.value) == str(slow.value)
    partial = {k: v for k, v in to_dict(issue).items() if k != "summary"}
    assert issue_from_dict(partial) == issue  # a field left out takes its default
