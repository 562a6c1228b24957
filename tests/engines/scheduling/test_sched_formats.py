"""Readers of FJSPLIB / JSPLIB text, their errors, and solution JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from suigang.engines.scheduling import (
    FormatError,
    Objective,
    read_instance,
    read_schedule,
    solve,
    write_solution,
)
from tests.conftest import shared_path


def test_brandimarte_mk01_is_read_zero_based() -> None:
    """mk01 is 10 jobs x 6 machines; its first operation lists machines 1 and 3 (1-based)."""
    inst = read_instance(shared_path("benchmarks", "scheduling", "brandimarte", "mk01.txt"))
    assert (len(inst.jobs), len(inst.machines), inst.n_operations) == (10, 6, 55)
    first = inst.jobs[0].operations[0]
    assert [(m.machine, m.duration) for m in first.modes] == [(0, 5), (2, 4)]


def test_taillard_ta01_is_read_as_jsplib() -> None:
    """ta01 is 15x15; job 0 starts on machine 6 for 94 (0-based JSPLIB text)."""
    inst = read_instance(shared_path("benchmarks", "scheduling", "jsplib", "ta01.txt"))
    assert (len(inst.jobs), len(inst.machines), inst.n_operations) == (15, 15, 225)
    assert inst.jobs[0].operations[0].modes[0].machine == 6
    assert inst.jobs[0].operations[0].modes[0].duration == 94


def test_bad_token_names_file_line_and_token(tmp_path: Path) -> None:
    """A non-integer duration on line 3 is reported with the line and the token."""
    f = tmp_path / "bad.fjs"
    f.write_text("2 2 1\n1 1 1 5\n1 1 2 x7\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_instance(f, "fjsplib")
    assert err.value.line == 3 and err.value.token == "x7"
    assert str(err.value).startswith(f"{f}:3:")


def test_machine_out_of_range_in_fjsplib(tmp_path: Path) -> None:
    """Machine 3 in a 2-machine FJSPLIB file is out of range; line 2 and token '3' are named."""
    f = tmp_path / "bad.txt"
    f.write_text("1 2 1\n1 1 3 5\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_instance(f, "fjsplib")
    assert (err.value.line, err.value.token) == (2, "3")


def test_truncated_jsplib(tmp_path: Path) -> None:
    """A JSPLIB job line with too few pairs is reported on the line where the next job starts."""
    f = tmp_path / "short.txt"
    f.write_text("2 2\n0 1 1 2\n0 3\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"end|few"):
        read_instance(f, "jsplib")


def test_solution_json_round_trip(tmp_path: Path) -> None:
    """The written solution has the DESIGN §6 keys and reads back to the same schedule."""
    import json

    inst = read_instance(shared_path("benchmarks", "scheduling", "jsplib", "ft06.txt"))
    res = solve(inst, Objective(), time_limit_s=1, iteration_limit=50, use_cpsat=False)
    path = tmp_path / "s.json"
    write_solution(res, path)
    data = json.loads(path.read_text())
    assert {
        "instance",
        "objective",
        "status",
        "makespan",
        "lower_bound",
        "wall_time_s",
        "operations",
    } <= set(data)
    assert data["instance"] == "ft06" and data["objective"] == "makespan"
    assert read_schedule(path) == res.schedule
