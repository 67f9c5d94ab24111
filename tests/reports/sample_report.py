"""A hand-built report for the renderers' tests: Chinese units and categories, a rate with a zero denominator,
several tables, a bar chart and a line chart (as ``reports.compute`` would build one for 2026-11)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from reception_tui.i18n import EN, ZH
from reception_tui.reports.model import Chart, Figure, Period, Report, Series, Table

CST = timezone(timedelta(hours=8))

CATEGORIES = (
    ("城乡建设与规划", 14),
    ("交通出行", 11),
    ("物业与社区管理", 9),
    ("社会保障与劳动就业", 6),
    ("环境保护与环境卫生", 5),
    ("report.value.other", 3),
)
UNITS = (
    # unit, transferred, replied, on time, overdue
    ("区住房和城乡建设局", 12, 10, 8, 2),
    ("区交通运输局", 7, 7, 6, 0),
    ("北山街道办事处", 9, 6, 6, 3),
    ("区人力资源和社会保障局", 0, 0, 0, 0),
)
MONTHS = (("2026-06", 21), ("2026-07", 18), ("2026-08", 25), ("2026-09", 30), ("2026-10", 27), ("2026-11", 48))

LABELS_ZH = {
    "report.figure.days_held": "接待日（已举行）",
    "report.figure.visitors": "来访人数",
    "report.figure.issues": "反映事项",
    "report.figure.on_the_spot_rate": "当场解释率",
    "report.figure.reply_rate": "答复率",
    "report.figure.on_time_reply_rate": "按期答复率",
    "report.figure.reply_days_median": "答复用时中位数（工作日）",
    "report.figure.solved_rate": "办成率（A类）",
    "report.figure.satisfaction_rate": "满意率",
    "report.definition.visitors": "本期接待日登记并反映了事项的来访人数（每场每人计一次）。",
    "report.definition.issues": "本期接待日登记的反映事项数。",
    "report.definition.on_the_spot_rate": "当场解释的事项数 ÷ 本期登记的全部事项数。",
    "report.definition.reply_rate": "应答复日期在本期内的已交办件中已收到答复的件数 ÷ 应答复日期在本期内的已交办件数。",
    "report.definition.on_time_reply_rate": "答复日期不晚于（延期后的）应答复日期的件数 ÷ 本期收到答复的件数。",
    "report.definition.reply_days_median": "从转办到答复的工作日数的中位数。",
    "report.definition.solved_rate": "办理结果为A类（已经解决或基本解决）的件数 ÷ 本期收到答复的件数；办结不等于办成。",
    "report.definition.satisfaction_rate": "最近一次测评为满意或基本满意的件数 ÷ 已测评的件数。",
    "report.table.by_category": "按类别",
    "report.table.by_unit": "按承办单位",
    "report.table.by_month": "按月趋势",
    "report.chart.by_category": "反映事项按类别",
    "report.chart.by_unit": "各承办单位转办与答复",
    "report.chart.by_month": "每月反映事项",
    "report.column.category": "类别",
    "report.column.unit": "承办单位",
    "report.column.month": "月份",
    "report.column.issues": "事项数",
    "report.column.share": "占比",
    "report.column.transferred": "交办",
    "report.column.replied": "答复",
    "report.column.reply_rate": "答复率",
    "report.column.overdue": "逾期",
    "report.note.unimported": "有 1 个计划接待日的记录尚未导入。",
    "report.value.other": "其他",
}
LABELS_EN = {
    "report.figure.days_held": "Reception days held",
    "report.figure.visitors": "Visitors",
    "report.figure.issues": "Issues",
    "report.figure.on_the_spot_rate": "On-the-spot rate",
    "report.figure.reply_rate": "Reply rate",
    "report.figure.on_time_reply_rate": "On-time reply rate",
    "report.figure.reply_days_median": "Median reply time (working days)",
    "report.figure.solved_rate": "Solved rate (class A)",
    "report.figure.satisfaction_rate": "Satisfaction rate",
    "report.table.by_category": "By category",
    "report.table.by_unit": "By unit",
    "report.table.by_month": "By month",
    "report.chart.by_category": "Issues by category",
    "report.chart.by_unit": "Transfers and replies by unit",
    "report.chart.by_month": "Issues per month",
    "report.value.other": "Other",
    "report.column.category": "Category",
    "report.column.unit": "Unit",
    "report.column.month": "Month",
    "report.column.issues": "Issues",
    "report.column.share": "Share",
    "report.column.transferred": "Transferred",
    "report.column.replied": "Replies",
    "report.column.reply_rate": "Reply rate",
    "report.column.overdue": "Overdue",
}


def install_labels() -> None:
    """The fixture's labels in the catalogue, unless it has them already (where the reports' own catalogue has a key,
    the text here is its text, so these renderings stay the same once it is merged)."""
    for key, text in LABELS_ZH.items():
        ZH.setdefault(key, text)
    for key, text in LABELS_EN.items():
        EN.setdefault(key, text)


def month_period(year: int, month: int) -> Period:
    start = date(year, month, 1)
    end = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    return Period(start, end, f"{year}-{month:02d}")


def sample_report(
    period: Period | None = None, *, site: str | None = "BSJD", office_name: str = "北山街道人大工委", scale: int = 1
) -> Report:
    """The report of November 2026 (``scale`` multiplies the counts, so two reports tell apart on screen)."""
    install_labels()
    period = period or month_period(2026, 11)
    length = (period.end - period.start).days + 1
    if period.start.day == 1 and period.end.month == period.start.month:  # a month: the month before
        before = period.start - timedelta(days=1)
        previous = month_period(before.year, before.month)
    else:
        start, end = period.start - timedelta(days=length), period.start - timedelta(days=1)
        previous = Period(start, end, f"{start.isoformat()}..{end.isoformat()}")
    issues = sum(count for _, count in CATEGORIES) * scale
    transferred = sum(row[1] for row in UNITS) * scale
    replied = sum(row[2] for row in UNITS) * scale
    on_time = sum(row[3] for row in UNITS) * scale
    figures = (
        Figure("days_held", "count", 4 * scale, previous=3),
        Figure("visitors", "count", 41 * scale, previous=35),
        Figure("issues", "count", issues, previous=40),
        Figure("on_the_spot_rate", "rate", 20 * scale / issues, 20 * scale, issues, previous=0.4),
        Figure("reply_rate", "rate", replied / transferred, replied, transferred, previous=0.75),
        Figure("on_time_reply_rate", "rate", on_time / replied, on_time, replied, previous=None),
        Figure("reply_days_median", "days", 6.5, previous=8.0),
        Figure("solved_rate", "rate", 12 * scale / replied, 12 * scale, replied, previous=0.5),
        Figure("satisfaction_rate", "rate", None, 0, 0, previous=0.9),
    )
    by_category = Table(
        "by_category", ("category", "issues", "share"),
        tuple((name, count * scale, count * scale / issues) for name, count in CATEGORIES),
        rate_columns=(2,),
    )  # fmt: skip
    by_unit = Table(
        "by_unit", ("unit", "transferred", "replied", "reply_rate", "overdue"),
        tuple((name, t * scale, r * scale, (r / t) if t else None, o * scale) for name, t, r, _, o in UNITS),
        rate_columns=(3,),
    )  # fmt: skip
    by_month = Table("by_month", ("month", "issues"), tuple((month, count * scale) for month, count in MONTHS))
    charts = (
        Chart("by_category", "bar", tuple(name for name, _ in CATEGORIES),
              (Series("issues", tuple(float(count * scale) for _, count in CATEGORIES)),), "by_category"),
        Chart("by_unit", "bar", tuple(row[0] for row in UNITS),
              (Series("report.column.transferred", tuple(float(row[1] * scale) for row in UNITS)),
               Series("report.column.replied", tuple(float(row[2] * scale) for row in UNITS))), "by_unit"),
        Chart("by_month", "line", tuple(month for month, _ in MONTHS),
              (Series("issues", tuple(float(count * scale) for _, count in MONTHS)),), "by_month"),
    )  # fmt: skip
    return Report(
        period, previous, site, office_name, datetime(2026, 12, 3, 9, 30, tzinfo=CST), figures,
        (by_category, by_unit, by_month), charts, ("report.note.unimported",),
    )  # fmt: skip
