"""The follow-up in words: every value of the follow-up's enums and every refusal followup.py raises has a
Chinese and an English message, and the messages format with the parameters the code passes."""

from __future__ import annotations

import ast
import re
import string
from datetime import datetime
from enum import StrEnum

import pytest

from reception_tui.domain import followup
from reception_tui.domain.errors import FieldError, StateError, ValidationFailed
from reception_tui.domain.followup import (
    CaseKind,
    CaseState,
    CaseStatus,
    FeedbackChannel,
    Limit,
    LimitKind,
    Outcome,
    Satisfaction,
    StepKind,
)
from reception_tui.i18n import EN, ZH
from reception_tui.i18n.messages import office as office_messages
from reception_tui.office import words

SOURCE = followup.__file__

ENUM_KEYS: list[tuple[str, type[StrEnum]]] = [
    ("office.state", CaseState),
    ("office.status", CaseStatus),
    ("office.step", StepKind),
    ("office.outcome", Outcome),
    ("office.outcome_short", Outcome),
    ("office.satisfaction", Satisfaction),
    ("office.channel", FeedbackChannel),
    ("office.kind", CaseKind),
    ("office.limit", LimitKind),
]


def _raised_keys() -> dict[str, set[str]]:
    """Every ``followup.error.*`` key followup.py passes to FieldError or StateError, with the keyword
    parameters passed alongside (read from the source, so a new refusal cannot go unworded)."""
    tree = ast.parse(open(SOURCE, encoding="utf-8").read())
    found: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in ("FieldError", "StateError"):
            continue
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.startswith("followup."):
                found.setdefault(arg.value, set()).update(kw.arg for kw in node.keywords if kw.arg)
    return found


def test_the_source_scan_finds_every_key_mentioned() -> None:
    text = open(SOURCE, encoding="utf-8").read()
    mentioned = set(re.findall(r"[\"'](followup\.error\.[a-z_]+)[\"']", text))
    assert mentioned == set(_raised_keys())
    assert {"followup.error.not_now", "followup.error.required", "followup.error.before_previous"} <= mentioned


@pytest.mark.parametrize(("prefix", "enum"), ENUM_KEYS, ids=[prefix for prefix, _ in ENUM_KEYS])
def test_every_enum_value_has_a_chinese_and_an_english_message(prefix: str, enum: type[StrEnum]) -> None:
    for member in enum:
        key = f"{prefix}.{member.value}"
        assert ZH.get(key, "").strip() and EN.get(key, "").strip(), key
        if prefix != "office.limit":
            assert re.search(r"[\u4e00-\u9fff]", ZH[key]), f"{key}: the Chinese message should be Chinese"
            assert not re.search(r"[\u4e00-\u9fff]", EN[key]), f"{key}: the English message should be English"


def test_the_national_wording_of_states_and_outcomes() -> None:
    assert [words.state_label(state, "zh") for state in CaseState] == [
        "待交办", "已交办", "已退回", "已延期", "已答复", "已抄送代表", "已反馈选民", "已测评", "重办", "待办结",
        "已办结",
    ]  # fmt: skip
    assert [words.step_label(step, "zh") for step in StepKind] == [
        "交办", "退回", "延期", "答复", "抄送代表", "反馈选民", "测评", "重办", "办结", "重新打开",
    ]  # fmt: skip
    assert [words.outcome_label(outcome, lang="zh") for outcome in Outcome] == [
        "已经解决或基本解决", "正在解决或已列入计划逐步解决", "因条件限制或其他原因需以后解决", "留作参考",
    ]  # fmt: skip
    assert words.outcome_label(Outcome.B, short=True, lang="zh") == "B类"
    assert words.outcome_label(Outcome.B, short=True, lang="en") == "Class B"
    assert [words.satisfaction_label(s, "zh") for s in Satisfaction] == ["满意", "基本满意", "不满意"]
    assert [words.channel_label(c, "zh") for c in FeedbackChannel] == ["电话", "走访", "书面", "下次接待日"]
    assert words.status_label(CaseStatus.CLOSED, "zh") == "已办结"
    assert words.kind_label(CaseKind.SUGGESTION, "en") == "Deputy's suggestion"
    assert words.limit_label(Limit(15, LimitKind.WORKING_DAYS), "zh") == "15 个工作日"
    assert words.limit_label(Limit(3, LimitKind.MONTHS), "en") == "3 months"


def test_an_office_may_word_its_outcome_classes_itself() -> None:
    override = {"C": "需以后解决（本地定义）", "D": "  "}
    assert words.outcome_label(Outcome.C, override, lang="zh") == "需以后解决（本地定义）"
    assert words.outcome_label(Outcome.D, override, lang="zh") == "留作参考"  # blank: the catalogue's wording
    assert words.outcome_label(Outcome.A, override, lang="en") == "Solved or basically solved"
    assert words.outcome_label(Outcome.C, override, short=True, lang="zh") == "C类"


def test_office_messages_have_the_same_keys_in_both_languages() -> None:
    assert set(office_messages.ZH) == set(office_messages.EN)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(_raised_keys()))
def test_every_refusal_is_worded_and_names_what_it_complains_about(key: str) -> None:
    params = _raised_keys()[key]
    values = {name: f"<{name}>" for name in params}
    for catalogue in (ZH, EN):
        template = catalogue.get(key)
        assert template, f"{key} is missing"
        assert _fields(template) <= params, f"{key}: the message asks for a parameter the code does not pass"
        assert _fields(template) == params, f"{key}: the message should name each value it complains about"
        text = template.format(**values)
        assert all(value in text for value in values.values())


def test_error_text_names_states_and_steps_in_words() -> None:
    refusal = StateError("followup.error.not_now", step="inform", state="copied")
    assert words.error_text(refusal, "zh") == "案件当前为“已抄送代表”，不能“反馈选民”；请先完成当前状态允许的步骤"
    assert "Copied to deputies" in words.error_text(refusal, "en") and "Inform the voter" in words.error_text(
        refusal, "en"
    )
    unknown = StateError("followup.error.not_now", step="teleport", state="limbo")
    assert "limbo" in words.error_text(unknown, "zh") and "teleport" in words.error_text(unknown, "zh")
    failed = ValidationFailed(
        [
            FieldError("on", "followup.error.before_previous", day="2026-03-01", previous="2026-03-02"),
            FieldError("reason", "followup.error.required"),
        ]
    )
    assert words.error_text(failed, "zh") == (
        "日期 2026-03-01 早于上一步的日期 2026-03-02，请填写 2026-03-02 或以后的日期；此项必填，请填写"
    )
    assert words.field_error_text(failed.errors[1], "en") == "Required: please fill this in"


def test_refusals_from_the_rules_read_well_in_both_languages() -> None:
    f = followup.initial_followup(CaseKind.TRANSFER, anonymous=False)
    step = followup.Step(StepKind.TRANSFER, "王文", datetime(2026, 3, 2, 9), {"unit": "火星局", "on": "x"})
    with pytest.raises(ValidationFailed) as caught:
        followup.apply_step(
            f, step, rules=followup.FollowupRules(), unit_limit=lambda _: None, is_working_day=lambda d: True
        )
    zh, en = words.error_text(caught.value, "zh"), words.error_text(caught.value, "en")
    assert "“x”不是有效日期" in zh and "火星局" in zh
    assert "“x” is not a date" in en and "火星局" in en
