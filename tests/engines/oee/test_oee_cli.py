"""``suigang oee compute`` on CSV files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from suigang.cli import app

STATES = """machine,start,end,item_state,operation_mode,produced,scrap,rework
m1,2026-03-02T08:00:00Z,2026-03-02T08:30:00Z,Executing,Setup,0,0,0
m1,2026-03-02T08:30:00Z,2026-03-02T11:30:00Z,Executing,Processing,300,10,5
m1,2026-03-02T11:30:00Z,2026-03-02T11:50:00Z,NotExecuting,None,0,0,0
m1,2026-03-02T11:50:00Z,2026-03-02T12:00:00Z,Executing,Processing,20,0,0
m1,2026-03-02T12:00:00Z,2026-03-02T12:30:00Z,NotExecuting,None,0,0,0
m1,2026-03-02T12:30:00Z,2026-03-02T13:10:00Z,OutOfService,Processing,0,0,0
m1,2026-03-02T13:10:00Z,2026-03-02T16:00:00Z,Executing,Processing,320,10,7
m2,2026-03-02T08:00:00Z,2026-03-02T12:00:00Z,Executing,Processing,480,0,0
"""
PLANNED = "machine,start,end\nm1,2026-03-02T12:00:00Z,2026-03-02T12:30:00Z\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    states, planned = tmp_path / "states.csv", tmp_path / "planned.csv"
    states.write_text(STATES)
    planned.write_text(PLANNED)
    return states, planned


def run(*args: str):
    return CliRunner().invoke(app, ["oee", "compute", *args])


def test_worked_example_as_json(files) -> None:
    """The issue's worked check through the CLI: m1 reproduces A 0.8, OEE 0.6756, NEE 0.7319."""
    states, planned = files
    result = run(str(states), "--pru", "30", "--planned-down", str(planned), "--json")
    assert result.exit_code == 0, result.output
    rows = {r["machine"]: r for r in json.loads(result.stdout)}
    m1 = rows["m1"]
    assert [m1[k] for k in ("pot", "pdot", "pbt", "apt", "aust", "adet", "adot")] == [
        28800.0,
        1800.0,
        27000.0,
        21600.0,
        1800.0,
        2400.0,
        1200.0,
    ]
    assert round(m1["availability"], 3) == 0.8 and round(m1["oee"], 4) == 0.6756
    assert round(m1["nee"], 4) == 0.7319 and round(m1["technical_efficiency"], 3) == 0.9
    # m2 has no planned downtime and reports for half of the 8 h span: 4 h unknown.
    assert rows["m2"]["unknown"] == 14400.0 and rows["m2"]["availability"] == 0.5
    assert rows["m2"]["quality_ratio"] == 1.0 and rows["m2"]["flags"] == ["states_incomplete"]


def test_window_options_set_pot(files) -> None:
    """--start/--end fix POT to 4 h regardless of the span of the states."""
    states, _ = files
    result = run(
        str(states),
        "--pru",
        "30",
        "--start",
        "2026-03-02T08:00:00Z",
        "--end",
        "2026-03-02T12:00:00Z",
        "--json",
    )
    rows = {r["machine"]: r for r in json.loads(result.stdout)}
    assert rows["m2"]["pot"] == 14400.0 and rows["m2"]["availability"] == 1.0
    assert rows["m2"]["effectiveness"] == 1.0  # 480 parts × 30 s = 4 h of production


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (STATES, ["--pru", "0"], "--pru must be a positive"),
        (STATES.replace("Setup", "Tooling"), ["--pru", "30"], "operation_mode 'Tooling'"),
        (
            STATES.replace("2026-03-02T08:30:00Z,Exec", "yesterday,Exec"),
            ["--pru", "30"],
            "ISO 8601",
        ),
        ("machine,start\nm1,2026-03-02T08:00:00Z\n", ["--pru", "30"], "missing column"),
        (
            STATES,
            ["--pru", "30", "--start", "2026-03-03T00:00:00Z", "--end", "2026-03-02T00:00:00Z"],
            "not after",
        ),
    ],
)
def test_bad_input_is_a_clear_error_with_exit_2(tmp_path, content, args, message) -> None:
    """Bad input names the problem on stderr and exits 2 without a traceback."""
    path = tmp_path / "s.csv"
    path.write_text(content)
    result = run(str(path), *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
