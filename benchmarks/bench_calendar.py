"""Calendar timings: a year's plan, the working-day test and a notice, against plain weekday arithmetic."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta

from reception_tui.calendar import WorkingDays, duty_for, make_working_day_test, plan_year, render_notice
from reception_tui.config import load_config, sample_config_path
from reception_tui.domain.dispositions import weekdays_only


def timed(action: Callable[[], object], repeat: int) -> float:
    """Mean seconds per call over ``repeat`` calls."""
    start = time.perf_counter()
    for _ in range(repeat):
        action()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    config = load_config(sample_config_path())
    days_2026 = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    test = make_working_day_test(config)
    duty = duty_for(config, date(2026, 2, 24))
    assert duty is not None
    baseline = timed(lambda: [weekdays_only(d) for d in days_2026], 200)
    rows = [
        ("365 days, weekdays_only (baseline)", baseline),
        ("365 days, China working-day test", timed(lambda: [test(d) for d in days_2026], 50)),
        ("WorkingDays() construction", timed(lambda: WorkingDays(config.official_days), 50)),
        ("plan_year 2026 (fresh calendar)", timed(lambda: plan_year(config, 2026), 20)),
        ("plan_year 2027 (estimated year)", timed(lambda: plan_year(config, 2027), 20)),
        ("notice as text", timed(lambda: render_notice(config, duty, "text"), 50)),
        ("notice as A4 PDF", timed(lambda: render_notice(config, duty, "pdf"), 10)),
    ]
    print(f"{'what':<40} {'ms per call':>12} {'x baseline':>11}")
    for name, seconds in rows:
        print(f"{name:<40} {seconds * 1000:>12.3f} {seconds / baseline:>11.1f}")


if __name__ == "__main__":
    main()
