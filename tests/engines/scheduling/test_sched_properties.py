"""Property tests: random small instances with every feature always get feasible schedules."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from suigang.engines.scheduling import (
    Instance,
    Job,
    Machine,
    Mode,
    Operation,
    check,
    dispatch,
    solve,
)


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    n_m = draw(st.integers(1, 4))
    fams = draw(st.integers(1, 3))
    machines = []
    for _ in range(n_m):
        setups: tuple[tuple[int, ...], ...] = ()
        if draw(st.booleans()):
            setups = tuple(
                tuple(0 if a == b else draw(st.integers(0, 5)) for b in range(fams))
                for a in range(fams)
            )
        down: list[tuple[int, int]] = []
        if draw(st.booleans()):
            s = draw(st.integers(0, 30))
            down.append((s, s + draw(st.integers(1, 10))))
        machines.append(Machine(setup_times=setups, unavailable=tuple(down)))
    jobs = []
    for _ in range(draw(st.integers(1, 5))):
        n_ops = draw(st.integers(1, 4))
        ops = []
        for _ in range(n_ops):
            ms = draw(st.lists(st.integers(0, n_m - 1), min_size=1, max_size=n_m, unique=True))
            ops.append(
                Operation(
                    tuple(Mode(m, draw(st.integers(0, 9))) for m in ms),
                    family=draw(st.integers(0, fams - 1)),
                )
            )
        prec = None
        if n_ops > 2 and draw(st.booleans()):
            # an in-tree: each operation feeds a later one
            prec = tuple((i, draw(st.integers(i + 1, n_ops - 1))) for i in range(n_ops - 1))
        jobs.append(
            Job(tuple(ops), prec, release=draw(st.integers(0, 10)), due=draw(st.integers(0, 60)))
        )
    return Instance(tuple(machines), tuple(jobs))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_dispatch_always_feasible(inst: Instance) -> None:
    """Dispatching handles setups, calendars, releases and trees on any small instance."""
    res = dispatch(inst)
    assert res.schedule is not None
    assert check(inst, res.schedule).violations == ()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from(["makespan", "twt", "lmax", "setup", "lex:twt,makespan"]))
def test_tabu_always_feasible_and_no_worse(inst: Instance, objective: str) -> None:
    """Tabu moves keep every constraint and never return worse than the dispatch start."""
    from suigang.engines.scheduling import Objective

    obj = Objective.parse(objective)
    start = dispatch(inst, obj)
    res = solve(inst, obj, time_limit_s=5, iteration_limit=30, use_cpsat=False)
    assert res.schedule is not None
    assert check(inst, res.schedule).violations == ()
    assert res.objective_value is not None and start.objective_value is not None
    assert res.objective_value <= start.objective_value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 3), st.integers(0, 40), st.integers(1, 20), st.integers(1, 3))
def test_repair_keeps_pins_and_feasibility(
    inst: Instance, machine: int, start: int, length: int, n_pins: int
) -> None:
    """Pin the first operations of a plan, knock a machine out: pins stay, the rest is valid."""
    from dataclasses import replace

    from suigang.engines.scheduling.repair import MachineDown, repair

    plan = dispatch(inst).schedule
    assert plan is not None
    first = sorted(plan.operations, key=lambda o: o.start)[:n_pins]
    jobs = list(inst.jobs)
    for o in first:
        job = jobs[o.job]
        ops = list(job.operations)
        ops[o.index] = replace(ops[o.index], pinned_machine=o.machine, pinned_start=o.start)
        jobs[o.job] = replace(job, operations=tuple(ops))
    pinned = Instance(inst.machines, tuple(jobs))
    m = machine % len(inst.machines)
    out = repair(pinned, plan, MachineDown(m, start, start + length))
    if out.schedule is None:
        # only allowed when a pin collides with the outage or waits on unpinned work
        keys = {(o.job, o.index) for o in first}
        waits = any(
            (o.job, a) not in keys
            for o in first
            for a, b in inst.jobs[o.job].arcs()
            if b == o.index
        )
        hit = any(o.machine == m and o.start < start + length and o.end > start for o in first)
        assert hit or waits
        return
    got = out.schedule.by_key()
    for o in first:
        assert got[(o.job, o.index)] == o
    assert check(out.instance, out.schedule).violations == ()
