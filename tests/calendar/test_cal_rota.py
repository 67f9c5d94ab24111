"""The duty rota over a year: fair turns, dates a deputy cannot attend, quotas per level."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from datetime import date

from reception_tui.calendar import assign_rota, plan_year
from reception_tui.domain.site import Deputy, SiteConfig


def test_fair_rotation_over_a_year(sample_config: SiteConfig) -> None:
    plan = plan_year(sample_config, 2026)
    assert all(len(duty.deputies) == 2 and duty.missing == 0 for duty in plan.days)
    assert sum(plan.rota.counts.values()) == 24
    assert max(plan.rota.counts.values()) - min(plan.rota.counts.values()) <= 1
    # nobody sits twice in one afternoon, and consecutive days change the whole pair when they can
    for duty in plan.days:
        assert len({d.name for d in duty.deputies}) == 2
    first_pairs = [{d.name for d in duty.deputies} for duty in plan.days[:3]]
    assert first_pairs[0].isdisjoint(first_pairs[1]) and first_pairs[1].isdisjoint(first_pairs[2])


def test_rota_is_stable(sample_config: SiteConfig) -> None:
    first = [[d.name for d in duty.deputies] for duty in plan_year(sample_config, 2026).days]
    second = [[d.name for d in duty.deputies] for duty in plan_year(sample_config, 2026).days]
    assert first == second


def test_unavailable_dates_are_respected_and_the_year_stays_fair(sample_config: SiteConfig) -> None:
    days_2026 = [duty.reception.day for duty in plan_year(sample_config, 2026).days]
    away = {
        "周建国": tuple(days_2026[:6]),  # abroad the whole first half
        "林晓梅": (days_2026[0], days_2026[7]),
        "陈志远": (days_2026[1],),
    }
    deputies = tuple(dataclasses.replace(d, unavailable=away.get(d.name, ())) for d in sample_config.deputies)
    config = dataclasses.replace(sample_config, deputies=deputies)
    plan = plan_year(config, 2026)
    for duty in plan.days:
        assert len(duty.deputies) == 2
        for deputy in duty.deputies:
            assert duty.reception.day not in deputy.unavailable
    counts = plan.rota.counts
    assert sum(counts.values()) == 24
    # the deputy away for six months catches up in the second half
    assert counts["周建国"] >= 3
    assert max(counts.values()) - min(counts.values()) <= 1
    assert [d.name for d in plan.days[0].deputies] == ["陈志远", "王秀英"]


def test_too_few_deputies_leaves_seats_empty(sample_config: SiteConfig) -> None:
    reception = plan_year(sample_config, 2026).days[0].reception
    deputies = (
        Deputy("甲", "district"),
        Deputy("乙", "district", (reception.day,)),
        Deputy("丙", "town", (reception.day,)),
    )
    rota = assign_rota([reception], deputies, 2)
    assert [d.name for d in rota.days[0].deputies] == ["甲"] and rota.days[0].missing == 1


def test_quota_check_by_level(with_rule: Callable[..., SiteConfig]) -> None:
    config = dataclasses.replace(with_rule(), quotas={"city": 4, "district": 3})
    plan = plan_year(config, 2026)
    lines = {q.deputy.name: q for q in plan.quota_lines}
    counts = Counter({name: q.count for name, q in lines.items()})
    assert counts == Counter(plan.rota.counts)
    assert lines["周建国"].count == 4 and not lines["周建国"].below_quota
    assert lines["吴国平"].count == 3 and lines["吴国平"].below_quota and lines["吴国平"].shortfall == 1
    assert not any(q.below_quota for q in plan.quota_lines if q.deputy.level == "district")


def test_sample_quotas_are_above_what_reception_days_alone_give(sample_config: SiteConfig) -> None:
    plan = plan_year(sample_config, 2026)
    assert all(q.quota == 10 and q.below_quota for q in plan.quota_lines)
    assert {q.shortfall for q in plan.quota_lines} == {6, 7}


def test_a_level_without_quota(sample_config: SiteConfig) -> None:
    deputies = (*sample_config.deputies, Deputy("钱多多", "provincial_unknown"))
    plan = plan_year(dataclasses.replace(sample_config, deputies=deputies), 2026)
    line = plan.quota_lines[-1]
    assert line.quota is None and not line.below_quota and line.shortfall == 0
    assert date(2026, 1, 20) == plan.days[0].reception.day
