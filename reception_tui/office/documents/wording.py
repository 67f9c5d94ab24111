"""Every printed word of the office's documents, in one place (official paper: Chinese only).

An office that words its documents differently changes this module; the layout modules only arrange
these texts. Templates use ``str.format`` fields; dates are formatted by :func:`cn_date`.
"""

from __future__ import annotations

from datetime import date

from reception_tui.domain.followup import Outcome


def cn_date(day: date) -> str:
    """A date as official documents print it: 2026年12月3日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


ANONYMOUS = "匿名"
NOT_GIVEN = "—"
ELLIPSIS = "…"

# -- transfer slip (转办单) ------------------------------------------------------------------------------
SLIP_TITLE = "人大代表接待选民来访事项转办单"
SLIP_NUMBER = "编号：{number}"
SLIP_DATE = "转办日期：{date}"
SLIP_UNIT = "承办单位"
SLIP_CASE_NUMBER = "登记编号"
SLIP_DAY = "接待日期"
SLIP_DEPUTY = "接待代表"
SLIP_VISITOR = "来访人"
SLIP_PHONE = "联系电话"
SLIP_ADDRESS = "住址"
SLIP_CATEGORY = "问题类别"
SLIP_PLACE = "事项地点"
SLIP_SUMMARY = "事项摘要"
SLIP_INTRO = "{unit}：\n现将人大代表接待日选民反映的下列事项转交你单位办理。"
SLIP_DUE = "请于 {due}前书面答复。"
SLIP_CONTACT = "联系方式：{contact}"
CUT_LINE = "（沿此线剪下，签收后交回）"
RECEIPT_TITLE = "转办单签收回执"
RECEIPT_SLIP = "转办单编号：{number}"
RECEIPT_CASE = "登记编号：{case_number}"
RECEIPT_UNIT = "承办单位：{unit}"
RECEIPT_DUE = "应答复日期：{due}"
RECEIPT_SIGN_UNIT = "签收单位（盖章）：________________________"
RECEIPT_SIGNER = "签收人：________________"
RECEIPT_SIGN_DATE = "日期：______年____月____日"

# -- cover list (转办清单) -------------------------------------------------------------------------------
COVER_TITLE = "转办事项清单"
COVER_UNIT = "承办单位：{unit}"
COVER_DATE = "转办日期：{date}"
COVER_COUNT = "共 {count} 件"
COVER_COLUMNS = ("序号", "登记编号", "类别", "摘要", "应答复日期")
COVER_SUMMARY_CHARS = 20
"""How much of a summary the cover list shows (the slip that follows has all of it)."""
COVER_CATEGORY_CHARS = 12
COVER_NOTE = "转办单附后，每件一份。请逐件签收并按期书面答复。"

# -- reminder (催办通知) ---------------------------------------------------------------------------------
REMINDER_TITLE = "催办通知"
REMINDER_BODY = (
    "{unit}：\n我办转交你单位办理的下列选民来访事项已超过答复期限，至 {today}尚未收到书面答复。"
    "请抓紧办理，并于 {new_due}前书面答复。"
)
REMINDER_COLUMNS = ("序号", "登记编号", "转办日期", "应答复日期", "逾期天数")
REMINDER_DAYS = "{days} 天"
REMINDER_COUNT = "共 {count} 件。"

# -- reply letter to the voter (答复告知书) ---------------------------------------------------------------
REPLY_TITLE = "答复告知书"
REPLY_TO = "{name}："
REPLY_TO_ANONYMOUS = "来访群众："
REPLY_INTRO = "您于 {day}在{site}反映的“{summary}”问题（登记编号：{case_number}），已交{unit}办理。"
REPLY_FORWARDED = "现将办理情况告知如下："
REPLY_ANSWER = "办理单位答复："
REPLY_OUTCOME = "办理结果：{label}"
REPLY_DEPUTY = "接待代表：{deputy}"
REPLY_CONTACT = "如有疑问，请联系：{contact}"
REPLY_THANKS = "感谢您对人大工作的关心和支持！"

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.A: "已经解决或基本解决",
    Outcome.B: "正在解决或已列入计划逐步解决",
    Outcome.C: "因条件限制或其他原因需以后解决",
    Outcome.D: "留作参考",
}
"""The outcome classes in plain words (the office settings may word them differently and pass their own)."""

PAGE_NUMBER = "— {page} —"
