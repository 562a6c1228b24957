"""Solvers: exact optima on small cases, side constraints respected, checker agreement."""

from __future__ import annotations

from suigang.engines.scheduling import (
    Job,
    Machine,
    Objective,
    Status,
    check,
    dispatch,
    read_instance,
    solve,
)
from suigang.engines.scheduling.cpsat import solve_cpsat
from tests.conftest import shared_path
from tests.engines.scheduling.sched_helpers import chain, op, shop


def test_one_press_forces_sequence() -> None:
    """Two jobs on one press cannot overlap, so the makespan is the sum of durations."""
    inst = shop([chain(op((0, 3))), chain(op((0, 2)))], 1)
    res = solve(inst, time_limit_s=2)
    assert res.status is Status.OPTIMAL
    assert res.makespan == 5


def test_flexible_choice_splits_load() -> None:
    """Two 4-unit operations that may each use either of two machines finish together at 4."""
    inst = shop([chain(op((0, 4), (1, 4))), chain(op((0, 4), (1, 4)))], 2)
    res = solve(inst, time_limit_s=2)
    assert res.makespan == 4
    assert res.status is Status.OPTIMAL


def test_ft06_optimum_55() -> None:
    """ft06 (6x6) has the proven optimum 55 (Fisher & Thompson 1963; bks.csv lb == ub)."""
    inst = read_instance(shared_path("benchmarks", "scheduling", "jsplib", "ft06.txt"))
    res = solve(inst, time_limit_s=8, workers=1)
    assert res.makespan == 55
    assert check(inst, res.schedule).ok  # type: ignore[arg-type]


def test_mk01_reaches_optimum_40() -> None:
    """Brandimarte mk01 has the proven optimum 40; the tabu search finds it in a few seconds."""
    inst = read_instance(shared_path("benchmarks", "scheduling", "brandimarte", "mk01.txt"))
    res = solve(inst, time_limit_s=8, workers=1, use_cpsat=False)
    assert res.makespan == 40
    assert check(inst, res.schedule).ok  # type: ignore[arg-type]


def test_setups_force_grouping() -> None:
    """Families A,B,A on one machine with setup 10 between families: grouping A,A,B costs one
    setup, so the optimum is 3 + 10 = 13 (alternating would cost 23)."""
    m = Machine(setup_times=((0, 10), (10, 0)))
    inst = shop(
        [chain(op((0, 1), family=0)), chain(op((0, 1), family=1)), chain(op((0, 1), family=0))],
        1,
        [m],
    )
    res = solve(inst, time_limit_s=2)
    assert res.makespan == 13
    assert check(inst, res.schedule).ok  # type: ignore[arg-type]


def test_calendar_pushes_work_past_downtime() -> None:
    """A 5-unit operation cannot fit before downtime [3, 10), so it starts at 10 and ends 15."""
    inst = shop([chain(op((0, 5)))], 1, [Machine(unavailable=((3, 10),))])
    res = solve(inst, time_limit_s=1)
    assert res.schedule is not None
    assert (res.schedule.operations[0].start, res.makespan) == (10, 15)


def test_pinned_operation_stays_and_others_fit_around() -> None:
    """An op pinned at [2, 6) on the only machine: the 2-unit job fits before it, the 3-unit
    job after it, so the makespan is 9."""
    inst = shop(
        [
            chain(op((0, 4), pinned_machine=0, pinned_start=2)),
            chain(op((0, 2))),
            chain(op((0, 3))),
        ],
        1,
    )
    res = solve(inst, time_limit_s=2)
    sched = res.schedule
    assert sched is not None
    pinned = sched.by_key()[(0, 0)]
    assert (pinned.start, pinned.end) == (2, 6)
    assert res.makespan == 9
    assert check(inst, sched).ok


def test_assembly_tree_waits_for_all_components() -> None:
    """Assembly op 2 needs components 0 (5 units) and 1 (3 units) made on two machines in
    parallel, so it starts at 5 and the makespan is 5 + 2 = 7."""
    job = Job((op((0, 5)), op((1, 3)), op((0, 2), (1, 2))), precedences=((0, 2), (1, 2)))
    inst = shop([job], 2)
    res = solve(inst, time_limit_s=2)
    assert res.schedule is not None
    assert res.schedule.by_key()[(0, 2)].start == 5
    assert res.makespan == 7


def test_release_dates_respected() -> None:
    """A job released at 7 cannot start before 7; one 2-unit op makes makespan 9."""
    inst = shop([chain(op((0, 2)), release=7)], 1)
    res = dispatch(inst)
    assert res.makespan == 9


def test_total_weighted_tardiness_orders_by_weight() -> None:
    """Two 5-unit jobs due at 5 on one machine: the weight-3 job goes first, so the weight-1
    job is 5 late and the total weighted tardiness is 5 (the other order gives 15)."""
    inst = shop([chain(op((0, 5)), due=5, weight=1), chain(op((0, 5)), due=5, weight=3)], 1)
    res = solve(inst, Objective.parse("twt"), time_limit_s=2)
    assert res.objective_value == (5,)


def test_cpsat_matches_optimum_on_ft06() -> None:
    """The full CP-SAT model proves ft06 = 55, and its bound equals the optimum."""
    inst = read_instance(shared_path("benchmarks", "scheduling", "jsplib", "ft06.txt"))
    out = solve_cpsat(inst, Objective(), time_limit_s=20, workers=1)
    assert out.status is Status.OPTIMAL
    assert out.schedule is not None and out.schedule.makespan == 55 and out.bound == 55
    assert check(inst, out.schedule).ok


def test_iteration_budget_is_deterministic() -> None:
    """Same seed, workers and iteration budget give the same schedule twice (mk02)."""
    inst = read_instance(shared_path("benchmarks", "scheduling", "brandimarte", "mk02.txt"))
    a = solve(inst, time_limit_s=60, workers=2, seed=3, iteration_limit=400, use_cpsat=False)
    b = solve(inst, time_limit_s=60, workers=2, seed=3, iteration_limit=400, use_cpsat=False)
    assert a.schedule == b.schedule
    assert check(inst, a.schedule).ok  # type: ignore[arg-type]


def test_incumbents_are_reported_in_improving_order() -> None:
    """The callback sees strictly improving values, the last one equal to the result."""
    inst = read_instance(shared_path("benchmarks", "scheduling", "brandimarte", "mk01.txt"))
    seen: list[tuple[int, ...]] = []
    res = solve(inst, time_limit_s=1, use_cpsat=False, on_incumbent=lambda t, v: seen.append(v))
    assert seen == sorted(set(seen), reverse=True)
    assert seen[-1] == res.objective_value
