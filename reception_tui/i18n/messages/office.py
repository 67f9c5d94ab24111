"""Messages of the office's follow-up (跟踪问效): states, steps, outcome classes, surveys and the rules' refusals.

The rules' refusals (``followup.error.*``) get the raw values of states and steps from the domain;
``reception_tui.office.words.error_text`` puts them into words before formatting.
"""

ZH: dict[str, str] = {
    # detailed states (CaseState)
    "office.state.awaiting_transfer": "待交办",
    "office.state.transferred": "已交办",
    "office.state.returned": "已退回",
    "office.state.extended": "已延期",
    "office.state.replied": "已答复",
    "office.state.copied": "已抄送代表",
    "office.state.informed": "已反馈选民",
    "office.state.surveyed": "已测评",
    "office.state.rehandling": "重办",
    "office.state.settled": "待办结",
    "office.state.closed": "已办结",
    # coarse status (CaseStatus)
    "office.status.open": "未办结",
    "office.status.closed": "已办结",
    # how the desk disposed of the issue (CaseKind)
    "office.kind.transfer": "需转办",
    "office.kind.suggestion": "代表建议",
    "office.kind.explained": "当场解释",
    "office.kind.redirected": "引导",
    "office.kind.undecided": "未定处理方式",
    # steps (StepKind)
    "office.step.transfer": "交办",
    "office.step.return": "退回",
    "office.step.extend": "延期",
    "office.step.reply": "答复",
    "office.step.copy": "抄送代表",
    "office.step.inform": "反馈选民",
    "office.step.survey": "测评",
    "office.step.rehandle": "重办",
    "office.step.close": "办结",
    "office.step.reopen": "重新打开",
    # outcome classes (Outcome): the national wording; offices may override it in office.yaml
    "office.outcome.A": "已经解决或基本解决",
    "office.outcome.B": "正在解决或已列入计划逐步解决",
    "office.outcome.C": "因条件限制或其他原因需以后解决",
    "office.outcome.D": "留作参考",
    "office.outcome_short.A": "A类",
    "office.outcome_short.B": "B类",
    "office.outcome_short.C": "C类",
    "office.outcome_short.D": "D类",
    # survey verdicts (Satisfaction)
    "office.satisfaction.satisfied": "满意",
    "office.satisfaction.basically": "基本满意",
    "office.satisfaction.unsatisfied": "不满意",
    # how a deputy answered the voter (FeedbackChannel)
    "office.channel.phone": "电话",
    "office.channel.visit": "走访",
    "office.channel.letter": "书面",
    "office.channel.reception_day": "下次接待日",
    # how a time limit is counted (LimitKind)
    "office.limit.working_days": "{amount} 个工作日",
    "office.limit.calendar_days": "{amount} 天",
    "office.limit.months": "{amount} 个月",
    # the rules' refusals (domain/followup.py)
    "followup.error.not_now": "案件当前为“{state}”，不能“{step}”；请先完成当前状态允许的步骤",
    "followup.error.future": "日期 {day} 晚于今天，请填写已经发生的日期",
    "followup.error.unknown_unit": "承办单位“{unit}”不在配置的转办单位中，请从列表中选择，或先在配置中添加该单位",
    "followup.error.due_before": "应答复日期 {day} 早于交办日期 {start}，请填写 {start} 或以后的日期",
    "followup.error.extend_late": "已过应答复日期 {due}，不能再延期；延期须在 {due} 前（含当天）提出",
    "followup.error.extend_not_later": "新的应答复日期须晚于原定的 {due}，请填写 {due} 以后的日期",
    "followup.error.extend_too_far": "代表建议延期后最长办理至 {longest}，请填写 {longest} 或以前的日期",
    "followup.error.required": "此项必填，请填写",
    "followup.error.bad_date": "“{value}”不是有效日期，请按 YYYY-MM-DD 填写，例如 2026-03-20",
    "followup.error.bad_choice": "“{value}”不是可选的值，请从列表中选择",
    "followup.error.before_previous": "日期 {day} 早于上一步的日期 {previous}，请填写 {previous} 或以后的日期",
}

EN: dict[str, str] = {
    "office.state.awaiting_transfer": "Awaiting transfer",
    "office.state.transferred": "Transferred",
    "office.state.returned": "Returned",
    "office.state.extended": "Extended",
    "office.state.replied": "Replied",
    "office.state.copied": "Copied to deputies",
    "office.state.informed": "Voter informed",
    "office.state.surveyed": "Surveyed",
    "office.state.rehandling": "Re-handling",
    "office.state.settled": "Ready to close",
    "office.state.closed": "Closed",
    "office.status.open": "Open",
    "office.status.closed": "Closed",
    "office.kind.transfer": "Transfer",
    "office.kind.suggestion": "Deputy's suggestion",
    "office.kind.explained": "Explained on the spot",
    "office.kind.redirected": "Redirected",
    "office.kind.undecided": "Undecided",
    "office.step.transfer": "Transfer",
    "office.step.return": "Return",
    "office.step.extend": "Extend",
    "office.step.reply": "Reply",
    "office.step.copy": "Copy to deputies",
    "office.step.inform": "Inform the voter",
    "office.step.survey": "Survey",
    "office.step.rehandle": "Re-handle",
    "office.step.close": "Close",
    "office.step.reopen": "Reopen",
    "office.outcome.A": "Solved or basically solved",
    "office.outcome.B": "Being solved or planned to be solved step by step",
    "office.outcome.C": "To be solved later because of constraints or other reasons",
    "office.outcome.D": "Kept for reference",
    "office.outcome_short.A": "Class A",
    "office.outcome_short.B": "Class B",
    "office.outcome_short.C": "Class C",
    "office.outcome_short.D": "Class D",
    "office.satisfaction.satisfied": "Satisfied",
    "office.satisfaction.basically": "Basically satisfied",
    "office.satisfaction.unsatisfied": "Unsatisfied",
    "office.channel.phone": "Phone",
    "office.channel.visit": "Visit",
    "office.channel.letter": "Letter",
    "office.channel.reception_day": "Next reception day",
    "office.limit.working_days": "{amount} working days",
    "office.limit.calendar_days": "{amount} days",
    "office.limit.months": "{amount} months",
    "followup.error.not_now": (
        "The case is {state}: it cannot be given the step {step}; do one of the steps its state allows first"
    ),
    "followup.error.future": "The date {day} is after today; enter the day it happened",
    "followup.error.unknown_unit": (
        "The unit {unit} is not one of the configured transfer targets; choose one from the list or add it to the "
        "config first"
    ),
    "followup.error.due_before": "The due date {day} is before the transfer date {start}; enter {start} or later",
    "followup.error.extend_late": (
        "The due date {due} has passed: the case can no longer be extended; extensions are asked for by {due}"
    ),
    "followup.error.extend_not_later": "The new due date must be after the current one, {due}; enter a later date",
    "followup.error.extend_too_far": (
        "An extended deputy's suggestion may run until {longest} at most; enter {longest} or earlier"
    ),
    "followup.error.required": "Required: please fill this in",
    "followup.error.bad_date": "“{value}” is not a date; write it as YYYY-MM-DD, e.g. 2026-03-20",
    "followup.error.bad_choice": "“{value}” is not one of the choices; pick one from the list",
    "followup.error.before_previous": (
        "The date {day} is before the previous step's date {previous}; enter {previous} or later"
    ),
}
