"""``suigang bench catalog`` runs end to end on a tiny factory (timings are not asserted)."""

from __future__ import annotations

from typer.testing import CliRunner

from suigang.bench.catalog import PHASES, machines_csv, products_csv
from suigang.cli import app


def test_generated_files_have_the_announced_rows() -> None:
    """10 machines give 10 machine rows and 2 products × 5 steps = 10 product rows."""
    assert len(machines_csv(10, 3).decode().splitlines()) == 1 + 10
    assert len(products_csv(2, 10, 3).decode().splitlines()) == 1 + 10


def test_bench_reports_every_phase() -> None:
    """One line per phase after the machine and set-up lines, then the ratios."""
    result = CliRunner().invoke(app, ["bench", "catalog", "--machines", "10", "--rounds", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == "database sqlite, 10 machines, 2 products x 5 steps, 1 rounds (median s)"
    assert [line.split("  ")[1].strip() for line in lines[2:10]] == list(PHASES)
    assert lines[10].startswith("  unchanged/new machines ")
