"""The follow-up's values in words: states, steps, outcome classes, surveys, and the rules' refusals.

The domain (``domain/followup.py``) knows values only; the message catalogue (``i18n/messages/office.py``)
holds their wording per language. These helpers join the two for screens, documents and the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reception_tui.domain.errors import DomainError, FieldError, ValidationFailed
from reception_tui.domain.followup import (
    CaseKind,
    CaseState,
    CaseStatus,
    FeedbackChannel,
    Limit,
    Outcome,
    Satisfaction,
    StepKind,
)
from reception_tui.i18n import LANGUAGES, language, t


def state_label(state: CaseState, lang: str | None = None, labels: Mapping[CaseState, str] | None = None) -> str:
    """待交办 … 已办结 (Awaiting transfer … Closed); ``labels`` (office.yaml's ``state_labels``) wins."""
    custom = (labels or {}).get(state, "")
    return custom.strip() or t(f"office.state.{state.value}", lang)


def status_label(status: CaseStatus, lang: str | None = None) -> str:
    """未办结 / 已办结 (Open / Closed)."""
    return t(f"office.status.{status.value}", lang)


def kind_label(kind: CaseKind, lang: str | None = None) -> str:
    """需转办, 代表建议, 当场解释, 引导, 未定处理方式."""
    return t(f"office.kind.{kind.value}", lang)


def step_label(step: StepKind, lang: str | None = None) -> str:
    """交办, 退回, 延期, 答复, 抄送代表, 反馈选民, 测评, 重办, 办结, 重新打开."""
    return t(f"office.step.{step.value}", lang)


def outcome_label(
    outcome: Outcome,
    labels_override: Mapping[str, str] | None = None,
    short: bool = False,
    lang: str | None = None,
) -> str:
    """An outcome class in words: ``A 已经解决或基本解决`` wording (or ``A类`` with ``short``).

    ``labels_override`` (the office's own wording from office.yaml, keyed ``A``-``D``) wins for the long
    form; a missing or blank entry falls back to the catalogue."""
    if short:
        return t(f"office.outcome_short.{outcome.value}", lang)
    custom = (labels_override or {}).get(outcome.value, "")
    return custom.strip() or t(f"office.outcome.{outcome.value}", lang)


def satisfaction_label(satisfaction: Satisfaction, lang: str | None = None) -> str:
    """满意 / 基本满意 / 不满意."""
    return t(f"office.satisfaction.{satisfaction.value}", lang)


def channel_label(channel: FeedbackChannel, lang: str | None = None) -> str:
    """电话 / 走访 / 书面 / 下次接待日."""
    return t(f"office.channel.{channel.value}", lang)


def limit_label(limit: Limit, lang: str | None = None) -> str:
    """15 个工作日, 30 天, 3 个月."""
    return t(f"office.limit.{limit.kind.value}", lang, amount=limit.amount)


_WORDED_PARAMS = {"state": "office.state.", "step": "office.step."}


def _worded(params: Mapping[str, Any], lang: str | None) -> dict[str, Any]:
    worded = dict(params)
    for name, prefix in _WORDED_PARAMS.items():
        value = worded.get(name)
        if isinstance(value, str) and value:
            worded[name] = t(prefix + value, lang) if prefix + value in _catalogue(lang) else value
    return worded


def _catalogue(lang: str | None) -> Mapping[str, str]:
    return LANGUAGES[lang or language()]


def error_text(error: DomainError, lang: str | None = None) -> str:
    """A refusal of the follow-up rules in words, with states and steps named as the screens name them
    (the domain passes their raw values). A :class:`ValidationFailed` lists each field's message."""
    if isinstance(error, ValidationFailed):
        separator = "；" if (lang or language()) == "zh" else "; "
        return separator.join(field_error_text(problem, lang) for problem in error.errors)
    return t(error.key, lang, **_worded(error.params, lang))


def field_error_text(error: FieldError, lang: str | None = None) -> str:
    """One field's refusal, without the field's name (the form shows it beside the field)."""
    return t(error.key, lang, **_worded(error.params, lang))
