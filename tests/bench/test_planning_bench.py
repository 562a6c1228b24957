"""``suigang bench planning`` runs end to end on the demo factory (timings are not asserted)."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from suigang.cli import app


def test_bench_tops_up_the_factory_and_reports_each_measure() -> None:
    """The generator adds whole work orders until at least 250 operations are open, so the
    count lands in [250, 250 + 5) (the demo's longest routing has 5 steps); one line per
    measure follows."""
    result = CliRunner().invoke(app, ["bench", "planning", "--operations", "250", "--rounds", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    found = re.match(r"database sqlite, (\d+) open operations, (\d+) work orders", lines[1])
    assert found is not None, lines[1]
    assert 250 <= int(found.group(1)) < 250 + 5
    assert lines[2] == "1 rounds, median s (min–max):"
    assert [line.split()[0] for line in lines[3:6]] == ["promise", "machine", "re-plan"]


def test_bad_rounds_is_refused() -> None:
    """--rounds 0 is bad input: exit code 2 and a message naming it."""
    result = CliRunner().invoke(app, ["bench", "planning", "--rounds", "0"])
    assert result.exit_code == 2 and "--rounds" in result.output
