"""Packaging glue: ships the top-level schemas/ and sample_data/ folders inside the wheel."""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["reception_tui", "reception_tui.*"]),
        "reception_tui.schemas",
        "reception_tui.sample_data",
    ],
    package_dir={"reception_tui.schemas": "schemas", "reception_tui.sample_data": "sample_data"},
)
