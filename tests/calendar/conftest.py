"""Fixtures for the calendar tests: variants of the sample config's reception rule."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from reception_tui.domain.site import SiteConfig


@pytest.fixture
def with_rule(sample_config: SiteConfig) -> Callable[..., SiteConfig]:
    """The sample config with some reception rule fields (and optionally other fields) replaced."""

    def make(
        official_days: tuple[Any, ...] | None = None, deputies: tuple[Any, ...] | None = None, **rule: Any
    ) -> SiteConfig:
        config = dataclasses.replace(
            sample_config, reception=dataclasses.replace(sample_config.reception, **rule)
        )
        if official_days is not None:
            config = dataclasses.replace(config, official_days=official_days)
        if deputies is not None:
            config = dataclasses.replace(config, deputies=deputies)
        return config

    return make
