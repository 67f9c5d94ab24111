"""The case list's filters as one value: what the filter dialog sets, the ``o`` key toggles and the
filter line summarises; turned into a :class:`CaseQuery` with the search text and today's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reception_tui.domain.followup import CaseState, add_working_days
from reception_tui.i18n import language, t
from reception_tui.office.model import CaseQuery
from reception_tui.office.words import state_label
from reception_tui.ui.office.services import OfficeServices


@dataclass(frozen=True)
class Filters:
    """Empty strings / None / False mean "any"."""

    state: CaseState | None = None
    unit: str = ""
    district: str = ""
    deputy: str = ""
    category: str = ""
    site: str = ""
    day_from: date | None = None
    day_to: date | None = None
    overdue: bool = False
    due_soon: bool = False
    survey: bool = False
    changed: bool = False

    @property
    def active(self) -> bool:
        return self != Filters()

    def query(self, services: OfficeServices, text: str = "") -> CaseQuery:
        """The store's query for these filters and the search ``text`` on the services' today."""
        today = services.today()
        due_by = None
        if self.due_soon:
            rules = services.settings.followup
            due_by = add_working_days(today, rules.due_soon_working_days, services.working_days)
        return CaseQuery(
            states=(self.state,) if self.state else (), unit=self.unit, district=self.district,
            deputy=self.deputy, category=self.category, site_code=self.site, day_from=self.day_from,
            day_to=self.day_to, overdue_on=today if self.overdue else None, due_by=due_by,
            waiting_for_survey=self.survey, source_changed=self.changed, text=text.strip(),
        )  # fmt: skip

    def summary(self, services: OfficeServices) -> str:
        """One line: ``筛选：已交办 · 西湖区民政局 · 只看逾期`` (or ``筛选：全部``)."""
        parts: list[str] = []
        if self.state:
            parts.append(state_label(self.state, labels=services.settings.state_labels))
        if self.unit:
            parts.append(services.unit_name(self.unit))
        parts.extend(value for value in (self.district, self.deputy, self.category, self.site) if value)
        if self.day_from:
            parts.append(t("workbench.filters.from", day=self.day_from.isoformat()))
        if self.day_to:
            parts.append(t("workbench.filters.to", day=self.day_to.isoformat()))
        for flag, key in ((self.overdue, "overdue"), (self.due_soon, "due_soon"), (self.survey, "survey"),
                          (self.changed, "changed")):  # fmt: skip
            if flag:
                parts.append(t(f"workbench.filters.{key}"))
        if not parts:
            return t("workbench.filters.none")
        separator = " · " if language() == "zh" else ", "
        return t("workbench.filters.prefix") + separator.join(parts)
