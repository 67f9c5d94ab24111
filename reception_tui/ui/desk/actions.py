"""The desk side's actions, one table per screen: keys, labels, help lines, footer and palette (see ui/shared/actions).

Kept apart from the screens so the app can check a site's ``keys:`` against every table without
importing the feature screens it opens on demand.
"""

from __future__ import annotations

from reception_tui.ui.shared.actions import Action

HOME: tuple[Action, ...] = (
    Action("home_today", "t", "today", "desk.key.today"),
    Action("home_open", "enter", "open_selected", "desk.key.open"),
    Action("refresh", "r", "refresh", "ui.key.refresh"),
)

DESK: tuple[Action, ...] = (
    Action("desk_new_visitor", "n", "new_visitor", "desk.key.new_visitor"),
    Action("desk_new_issue", "i", "new_issue", "desk.key.new_issue"),
    Action("desk_edit", "e", "edit", "desk.key.edit"),
    Action("desk_disposition", "d", "disposition", "desk.key.disposition"),
    Action("desk_receipt", "p", "print_receipt", "desk.key.receipt"),
    Action("desk_find", "f,slash", "find", "desk.key.find"),
    Action("desk_close", "x", "close_session", "desk.key.close_session"),
    Action("desk_help", "f1,question_mark", "help", "desk.key.help"),
    Action("desk_leave", "escape", "leave", "desk.key.leave", show=False, palette=False),
)

CLOSE_SESSION: tuple[Action, ...] = (
    Action("close_confirm", "ctrl+s", "close_session", "desk.key.confirm_close", priority=True),
    Action("close_back", "escape", "back", "desk.key.back"),
    Action("close_page_down", "pagedown", "scroll_summary('page_down')", "desk.key.page_down"),
    Action("close_page_up", "pageup", "scroll_summary('page_up')", "desk.key.page_up", show=False),
    Action("close_line_down", "down", "scroll_summary('down')", "desk.key.line_down", show=False),
    Action("close_line_up", "up", "scroll_summary('up')", "desk.key.line_up", show=False),
    Action("close_top", "home", "scroll_summary('home')", "desk.key.top", show=False),
    Action("close_bottom", "end", "scroll_summary('end')", "desk.key.bottom", show=False),
)

SCHEDULE: tuple[Action, ...] = (
    Action("calendar_write_notice", "n", "write_notice", "calendar.ui.key.notice", "calendar.ui.cmd.notice"),
    Action("calendar_open_desk", "d", "open_desk", "calendar.ui.key.desk", "calendar.ui.cmd.desk"),
    Action("calendar_refresh", "r", "refresh", "calendar.ui.key.refresh", "calendar.ui.cmd.refresh"),
    Action("calendar_back", "escape", "back", "calendar.ui.key.back", palette=False),
)

SYNC: tuple[Action, ...] = (
    Action("sync_export", "e", "export_selected", "exchange.ui.key.export", "exchange.ui.cmd.export"),
    Action("sync_export_all", "a", "export_all", "exchange.ui.key.export_all", "exchange.ui.cmd.export_all"),
    Action("sync_next_destination", "d", "next_destination", "exchange.ui.key.next_destination",
           "exchange.ui.cmd.next_destination"),
    Action("sync_refresh", "r", "refresh", "exchange.ui.key.refresh", "exchange.ui.cmd.refresh"),
    Action("sync_purge", "p", "purge", "exchange.ui.key.purge", "exchange.ui.cmd.purge"),
    Action("sync_back", "escape", "back", "exchange.ui.key.back", palette=False),
)  # fmt: skip

PURGE: tuple[Action, ...] = (
    Action("purge_confirm", "y", "answer(True)", "exchange.ui.key.confirm", palette=False),
    Action("purge_cancel", "n", "answer(False)", "exchange.ui.key.cancel", palette=False),
    Action("purge_escape", "escape", "answer(False)", "exchange.ui.key.cancel", show=False, palette=False),
)

RECEIPT: tuple[Action, ...] = (
    Action("receipt_print", "p", "print_receipt", "receipts.key.print", "receipts.cmd.print"),
    Action("receipt_reprint", "r", "reprint", "receipts.key.reprint", "receipts.cmd.reprint"),
    Action("receipt_save_pdf", "d", "save('pdf')", "receipts.key.pdf", "receipts.cmd.pdf"),
    Action("receipt_save_png", "g", "save('png')", "receipts.key.png", "receipts.cmd.png"),
    Action("receipt_retry", "t", "retry", "receipts.key.retry", "receipts.cmd.retry"),
    Action("receipt_cancel_failed", "c", "cancel_failed", "receipts.key.cancel", "receipts.cmd.cancel"),
    Action("receipt_close", "escape", "close", "receipts.key.close", palette=False),
)

SCAN: tuple[Action, ...] = (
    Action("scan_close", "escape", "close", "receipts.scan.key.close", "receipts.scan.title"),
    Action("scan_open", "ctrl+o", "open_found", "receipts.scan.key.open", "receipts.scan.cmd"),
)

TABLES: dict[str, tuple[Action, ...]] = {
    "home": HOME,
    "desk": DESK,
    "close_session": CLOSE_SESSION,
    "schedule": SCHEDULE,
    "sync": SYNC,
    "purge": PURGE,
    "receipt": RECEIPT,
    "scan": SCAN,
}
"""Every desk-side table by screen name (for checking a site's ``keys:``)."""
