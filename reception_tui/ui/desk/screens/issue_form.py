"""The issue form: what the visitor raised, in their own words and in the staff's summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Select, TextArea

from reception_tui.domain.intake import IssueInput, check_issue
from reception_tui.domain.models import DispositionKind, Issue
from reception_tui.domain.site import SiteConfig
from reception_tui.i18n import t
from reception_tui.services.desk import Saved
from reception_tui.services.drafts import DraftStore
from reception_tui.ui.shared.screens.form_base import FormScreen, field_row, options
from reception_tui.ui.shared.widgets.ticks import TickBox


@dataclass(frozen=True)
class IssueFormResult:
    """The saved issue and the disposition kind to record next ("" for later)."""

    saved: Saved
    next_disposition: str = ""


def issue_values(issue: Issue) -> dict[str, Any]:
    """A stored issue as form values (for editing)."""
    return {
        "category": issue.category,
        "request_type": issue.request_type,
        "place": issue.place,
        "own_words": issue.own_words,
        "summary": issue.summary,
        "receiving_deputy": issue.receiving_deputy,
        "confidential": issue.confidential,
    }


def issue_input(values: dict[str, Any]) -> IssueInput:
    """Form values as the domain's input record."""
    return IssueInput(
        category=str(values.get("category", "")),
        request_type=str(values.get("request_type", "")),
        place=str(values.get("place", "")),
        own_words=str(values.get("own_words", "")),
        summary=str(values.get("summary", "")),
        receiving_deputy=str(values.get("receiving_deputy", "")),
        confidential=bool(values.get("confidential", False)),
    )


def deputy_choices(config: SiteConfig, on_duty: tuple[str, ...]) -> list[str]:
    """Deputies on duty first, then the others of the studio."""
    return [*on_duty, *(d.name for d in config.deputies if d.name not in on_duty)]


class IssueForm(FormScreen[IssueFormResult]):
    """Record a new issue for a visitor, or correct one."""

    FORM_NAME = "issue"

    def __init__(
        self,
        config: SiteConfig,
        *,
        on_duty: tuple[str, ...],
        save: Callable[[IssueInput], Saved],
        visitor_id: str,
        queue_number: int,
        issue: Issue | None = None,
        drafts: DraftStore | None = None,
        restore: dict[str, Any] | None = None,
    ) -> None:
        key = "desk.issue.title_edit" if issue else "desk.issue.title_new"
        title = t(key, number=queue_number, case=issue.case_number if issue else "")

        def save_values(values: dict[str, Any]) -> IssueFormResult:
            return IssueFormResult(save(issue_input(values)), str(values.get("next_disposition", "")))

        super().__init__(
            title=title,
            save=save_values,
            drafts=drafts,
            visitor_id=visitor_id,
            record_id=issue.id if issue else "",
            restore=restore,
            check=lambda values: check_issue(issue_input(values), config),
        )
        self.config = config
        self.on_duty = on_duty
        self.issue = issue

    def compose_fields(self) -> ComposeResult:
        """Category, request type, place, own words, summary, receiving deputy, confidentiality."""
        values = issue_values(self.issue) if self.issue else {}
        config = self.config

        def select(name: str, choices: list[str]) -> Select[str]:
            current = values.get(name, "")
            return Select(
                options([(c, c) for c in choices]),
                prompt=t("desk.choose"),
                value=current if current in choices else Select.NULL,
            )

        yield field_row(
            "category", t("desk.issue.category") + " *", select("category", list(config.categories))
        )
        yield field_row(
            "request_type",
            t("desk.issue.request_type") + " *",
            select("request_type", list(config.request_types)),
        )
        yield field_row("place", t("desk.issue.place"), Input(values.get("place", ""), max_length=200))
        yield field_row(
            "own_words",
            t("desk.issue.own_words"),
            TextArea(values.get("own_words", ""), soft_wrap=True, classes="long-text"),
        )
        yield field_row(
            "summary",
            t("desk.issue.summary"),
            TextArea(values.get("summary", ""), soft_wrap=True, classes="long-text"),
        )
        yield field_row(
            "receiving_deputy",
            t("desk.issue.receiving_deputy"),
            select("receiving_deputy", deputy_choices(config, self.on_duty)),
        )
        yield field_row(
            "confidential", "", TickBox(t("desk.issue.confidential"), values.get("confidential", False))
        )
        if self.issue is None:
            kinds = [(t("desk.disposition.later"), "")] + [
                (t(f"desk.kind.{kind.value}"), kind.value) for kind in DispositionKind
            ]
            yield field_row(
                "next_disposition",
                t("desk.issue.next_disposition"),
                Select(options(kinds), allow_blank=False, value=""),
            )
