"""Read the SPC reference CSVs under ../shared/datasets/spc (skips when they are absent)."""

from __future__ import annotations

import csv

from tests.conftest import shared_path


def rows(name: str) -> list[dict[str, str]]:
    """All rows of ``name``.csv as dictionaries."""
    with shared_path("datasets", "spc", f"{name}.csv").open(newline="") as f:
        return list(csv.DictReader(f))


def column(data: list[dict[str, str]], name: str) -> tuple[float, ...]:
    """One numeric column."""
    return tuple(float(r[name]) for r in data)
