"""Form validation against the site config, dispositions and reply dates."""

from dataclasses import replace
from datetime import date

import pytest

from reception_tui.domain.dispositions import DispositionInput, add_months, check_disposition, reply_due
from reception_tui.domain.errors import ValidationFailed
from reception_tui.domain.intake import IssueInput, VisitorInput, check_issue, check_visitor
from reception_tui.domain.models import DeputySuggestion, DispositionKind, Redirected, Transfer, VisitorKind
from reception_tui.domain.site import FieldMode, LimitUnit, SiteConfig, TargetKind, TransferTarget

TODAY = date(2026, 11, 20)


def test_visitor_full_width_phone_and_hostile_name(config: SiteConfig) -> None:
    checked = check_visitor(VisitorInput(name="[b]张三[/b]\x1b[31m", phone="１３８ ００１３ ８０００"), config, TODAY)
    assert checked.values["name"] == "[b]张三[/b]"
    assert checked.values["phone"] == "13800138000"
    assert checked.values["id_number"] == ""


def test_visitor_collects_every_problem(config: SiteConfig) -> None:
    data = VisitorInput(name="", phone="123", kind=VisitorKind.UNIT, co_visitors="x", district="火星选区")
    with pytest.raises(ValidationFailed) as caught:
        check_visitor(data, config, TODAY)
    assert caught.value.fields() == ["name", "phone", "district", "unit_name", "co_visitors"]


def test_anonymous_visitor_warns_no_feedback(config: SiteConfig) -> None:
    checked = check_visitor(VisitorInput(name="李四", anonymous=True), config, TODAY)
    assert checked.values["name"] == ""
    assert checked.warnings == ["warn.anonymous_no_feedback"]


def test_id_number_is_off_by_default_and_checked_when_on(config: SiteConfig) -> None:
    off = check_visitor(VisitorInput(name="王五", id_number="11010519491231002X"), config, TODAY)
    assert off.values["id_number"] == ""
    on = replace(config, fields={**config.fields, "id_number": FieldMode.OPTIONAL})
    assert (
        check_visitor(VisitorInput(name="王五", id_number="11010519491231002x"), on, TODAY).values["id_number"]
        == "11010519491231002X"
    )
    with pytest.raises(ValidationFailed) as caught:
        check_visitor(VisitorInput(name="王五", id_number="110105194912310021"), on, TODAY)
    assert caught.value.errors[0].key == "field.id.check_char"


def test_required_fields_follow_the_config(config: SiteConfig) -> None:
    strict = replace(
        config, fields={"phone": FieldMode.REQUIRED, "address": FieldMode.REQUIRED, "consent": FieldMode.REQUIRED}
    )
    with pytest.raises(ValidationFailed) as caught:
        check_visitor(VisitorInput(name="赵六"), strict, TODAY)
    assert caught.value.fields() == ["phone", "address", "consent"]


def test_issue_keeps_own_words_apart_from_summary(config: SiteConfig) -> None:
    checked = check_issue(
        IssueInput(category="交通出行", request_type="建议", own_words="公交站\r\n太近了", summary="建议后移"), config
    )
    assert checked.values["own_words"] == "公交站\n太近了"
    assert checked.values["summary"] == "建议后移"
    with pytest.raises(ValidationFailed) as caught:
        check_issue(IssueInput(category="外星人", request_type="", receiving_deputy="不存在"), config)
    assert caught.value.fields() == ["category", "request_type", "summary", "receiving_deputy"]


def test_four_dispositions(config: SiteConfig) -> None:
    transfer = check_disposition(DispositionInput(DispositionKind.TRANSFER, target_code="JDBSC"), config)
    assert isinstance(transfer, Transfer) and transfer.target_name == "北山街道办事处"
    suggestion = check_disposition(DispositionInput(DispositionKind.SUGGESTION, deputy="周建国", motion=True), config)
    assert isinstance(suggestion, DeputySuggestion) and suggestion.motion
    redirected = check_disposition(
        DispositionInput(DispositionKind.REDIRECTED, channel="诉讼", directed_to="法院"), config
    )
    assert isinstance(redirected, Redirected)
    with pytest.raises(ValidationFailed) as caught:
        check_disposition(DispositionInput(DispositionKind.EXPLAINED), config)
    assert caught.value.fields() == ["explanation", "explained_by"]
    with pytest.raises(ValidationFailed):
        check_disposition(DispositionInput(DispositionKind.TRANSFER, target_code="NOPE"), config)


def test_reply_dates() -> None:
    fifteen = TransferTarget("A", "街道", TargetKind.TOWNSHIP, 15, LimitUnit.WORKING_DAYS)
    assert reply_due(date(2026, 11, 20), fifteen) == date(2026, 12, 11)
    holiday = date(2026, 11, 23)
    assert reply_due(date(2026, 11, 20), fifteen, lambda d: d.weekday() < 5 and d != holiday) == date(2026, 12, 14)
    months = TransferTarget("B", "人大", TargetKind.CONGRESS, 3, LimitUnit.MONTHS)
    assert reply_due(date(2026, 11, 30), months) == date(2027, 2, 28)
    days = TransferTarget("C", "x", TargetKind.DEPARTMENT, 10, LimitUnit.CALENDAR_DAYS)
    assert reply_due(date(2026, 12, 25), days) == date(2027, 1, 4)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
