"""``suigang schedule`` solve / check / repair / generate, end to end through Typer."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from suigang.cli import app
from tests.conftest import shared_path

runner = CliRunner()


def test_solve_check_repair_round_trip(tmp_path: Path) -> None:
    """mk01 solved, accepted by check, repaired after an outage and accepted again."""
    inst = shared_path("benchmarks", "scheduling", "brandimarte", "mk01.txt")
    sol = tmp_path / "s.json"
    gantt = tmp_path / "g.svg"
    res = runner.invoke(
        app,
        [
            "schedule",
            "solve",
            str(inst),
            "--time-limit",
            "2",
            "--output",
            str(sol),
            "--gantt",
            str(gantt),
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(sol.read_text())
    assert data["instance"] == "mk01" and len(data["operations"]) == 55
    assert gantt.read_text().startswith("<svg")
    ok = runner.invoke(app, ["schedule", "check", str(inst), str(sol)])
    assert ok.exit_code == 0 and "feasible: 55 operations" in ok.output
    new = tmp_path / "n.json"
    rep = runner.invoke(
        app,
        [
            "schedule",
            "repair",
            str(inst),
            str(sol),
            "--machine-down",
            "0:0:10",
            "--output",
            str(new),
        ],
    )
    assert rep.exit_code == 0, rep.output
    assert "operation(s) moved" in rep.output
    # nothing may run on machine 0 during the outage
    ops = json.loads(new.read_text())["operations"]
    assert all(not (o["machine"] == 0 and o["start"] < 10 and o["end"] > 0) for o in ops)


def test_check_rejects_a_broken_solution(tmp_path: Path) -> None:
    """Moving one operation onto time 0 of a busy machine makes check exit 1 with a reason."""
    inst = shared_path("benchmarks", "scheduling", "jsplib", "ft06.txt")
    sol = tmp_path / "s.json"
    assert (
        runner.invoke(
            app, ["schedule", "solve", str(inst), "--time-limit", "1", "--output", str(sol)]
        ).exit_code
        == 0
    )
    data = json.loads(sol.read_text())
    data["operations"][5]["start"] = 0
    data["operations"][5]["end"] = 1
    sol.write_text(json.dumps(data))
    res = runner.invoke(app, ["schedule", "check", str(inst), str(sol)])
    assert res.exit_code == 1
    assert "job 0 operation 5" in res.output


def test_bad_file_exits_2_naming_line_and_token(tmp_path: Path) -> None:
    """A garbled token gives exit code 2 and a message with file:line and the token."""
    bad = tmp_path / "bad.txt"
    bad.write_text("2 2\n0 3 1 x\n1 2 0 4\n")
    res = runner.invoke(app, ["schedule", "solve", str(bad), "--output", str(tmp_path / "o.json")])
    assert res.exit_code == 2
    assert f"{bad}:2:" in res.output and "'x'" in res.output


def test_bad_machine_down_argument(tmp_path: Path) -> None:
    """A malformed --machine-down is refused with exit code 2 before any work."""
    inst = shared_path("benchmarks", "scheduling", "jsplib", "ft06.txt")
    res = runner.invoke(
        app,
        ["schedule", "repair", str(inst), str(inst), "--machine-down", "1:5", "--output", "x.json"],
    )
    assert res.exit_code == 2
    assert "MACHINE:START:END" in res.output


def test_generate_writes_json_instance(tmp_path: Path) -> None:
    """generate writes the requested size; the file reads back through solve."""
    out = tmp_path / "g.json"
    res = runner.invoke(
        app,
        [
            "schedule",
            "generate",
            "--jobs",
            "5",
            "--machines",
            "3",
            "--operations",
            "12",
            "--output",
            str(out),
        ],
    )
    assert res.exit_code == 0
    data = json.loads(out.read_text())
    assert len(data["jobs"]) == 5 and sum(len(j["operations"]) for j in data["jobs"]) == 12
