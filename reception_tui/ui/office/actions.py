"""The workbench's actions, one table per screen: keys, labels, help lines, footer and palette
(see ``ui/shared/actions``). Kept apart from the screens so the app can check a site's ``keys:``
against every table without importing the screens."""

from __future__ import annotations

from reception_tui.ui.shared.actions import Action

APP: tuple[Action, ...] = (
    Action("quit", "ctrl+q", "quit", "ui.key.quit", "ui.cmd.quit", priority=True),
    Action("command_palette", "ctrl+p", "command_palette", "ui.key.palette", show=False, priority=True,
           palette=False),
)  # fmt: skip

CLERK: tuple[Action, ...] = (
    Action("clerk_choose", "enter", "choose", "workbench.key.choose", palette=False, priority=True),
)

CASE_LIST: tuple[Action, ...] = (
    Action("cases_open", "enter", "open_selected", "workbench.key.open", palette=False),
    Action("cases_mark", "space", "mark", "workbench.key.mark", palette=False),
    Action("cases_transfer", "t", "transfer", "workbench.key.transfer", "workbench.cmd.transfer"),
    Action("cases_remind", "n", "remind", "workbench.key.remind", "workbench.cmd.remind"),
    Action("cases_filters", "f", "filters", "workbench.key.filters", "workbench.cmd.filters"),
    Action("cases_overdue", "o", "toggle_overdue", "workbench.key.overdue", "workbench.cmd.overdue"),
    Action("cases_stats", "s", "stats", "report_view.key.stats", "report_view.cmd.stats"),
    Action("cases_search", "slash", "search", "workbench.key.search"),
    Action("cases_next_page", "pagedown,right_square_bracket", "page(1)", "workbench.key.next_page"),
    Action("cases_prev_page", "pageup,left_square_bracket", "page(-1)", "workbench.key.prev_page"),
    Action("cases_refresh", "f5,ctrl+r", "refresh", "workbench.key.refresh", "workbench.cmd.refresh"),
    Action("cases_help", "f1", "help", "workbench.key.help"),
)

FILTERS: tuple[Action, ...] = (
    Action("filters_apply", "ctrl+s", "apply", "workbench.key.apply", palette=False, priority=True),
    Action("filters_clear", "ctrl+l", "clear", "workbench.key.clear", palette=False, priority=True),
    Action("filters_cancel", "escape", "cancel", "workbench.key.cancel", palette=False),
)

TRANSFER: tuple[Action, ...] = (
    Action("transfer_apply", "ctrl+s", "apply", "workbench.key.transfer", palette=False, priority=True),
    Action("transfer_cancel", "escape", "cancel", "workbench.key.cancel", palette=False),
)

REMIND: tuple[Action, ...] = (
    Action("remind_apply", "ctrl+s", "apply", "workbench.key.remind", palette=False, priority=True),
    Action("remind_cancel", "escape", "cancel", "workbench.key.cancel", palette=False),
)

REPORT: tuple[Action, ...] = (Action("report_close", "escape,enter", "close", "workbench.key.close", palette=False),)

STATS: tuple[Action, ...] = (
    Action("stats_prev", "left,left_square_bracket", "shift(-1)", "report_view.key.prev", "report_view.cmd.prev",
           priority=True),
    Action("stats_next", "right,right_square_bracket", "shift(1)", "report_view.key.next", "report_view.cmd.next",
           priority=True),
    Action("stats_length", "m", "switch_length", "report_view.key.length", "report_view.cmd.length"),
    Action("stats_refresh", "f5,ctrl+r", "refresh", "workbench.key.refresh", "workbench.cmd.refresh"),
    Action("stats_help", "f1", "help", "workbench.key.help"),
    Action("stats_back", "escape", "back", "report_view.key.back", palette=False),
)  # fmt: skip

TABLES: dict[str, tuple[Action, ...]] = {
    "app": APP,
    "clerk": CLERK,
    "cases": CASE_LIST,
    "filters": FILTERS,
    "transfer": TRANSFER,
    "remind": REMIND,
    "report": REPORT,
    "stats": STATS,
}
"""Every workbench table by screen name, the app's own under ``"app"``."""
