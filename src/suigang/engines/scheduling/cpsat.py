"""The full OR-Tools CP-SAT model: exact search and lower bounds for small instances.

One optional interval per (operation, mode), one no-overlap per machine including the
machine's unavailable intervals as fixed intervals, precedence and release as linear
constraints, pins as fixed values. Sequence-dependent setups are not modelled here (the
caller does not use this model for instances with setups).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from suigang.engines.scheduling.model import Instance, Objective, ObjectiveKind
from suigang.engines.scheduling.solution import Schedule, ScheduledOperation, Status


@dataclass(frozen=True, slots=True)
class CpSatOutcome:
    """Status, best schedule and proven bound (on the first objective term) of a CP-SAT run."""

    status: Status
    schedule: Schedule | None
    bound: int | None


def has_setups(instance: Instance) -> bool:
    """True when any machine has a non-zero setup time."""
    return any(v for m in instance.machines for row in m.setup_times for v in row)


def horizon(instance: Instance) -> int:
    """A start-time horizon no optimal schedule exceeds."""
    total = sum(max(md.duration for md in op.modes) for _, _, op in instance.operations())
    latest = max(
        [j.release for j in instance.jobs]
        + [b for m in instance.machines for _, b in m.unavailable]
        + [
            (op.pinned_start or 0) + max(md.duration for md in op.modes)
            for _, _, op in instance.operations()
        ]
    )
    return total + latest


def solve_cpsat(
    instance: Instance,
    objective: Objective,
    *,
    time_limit_s: float,
    workers: int = 1,
    seed: int = 0,
    hint: Schedule | None = None,
    on_solution: Callable[[Schedule], None] | None = None,
    keep: Schedule | None = None,
    free: frozenset[tuple[int, int]] = frozenset(),
    cutoff: int | None = None,
) -> CpSatOutcome:
    """Solve with CP-SAT; lexicographic objectives are weighted by the horizon.

    With ``keep``, every operation not in ``free`` keeps its machine and its order on that
    machine (times stay free): the neighbourhood of a large-neighbourhood-search step.
    With ``cutoff``, the first objective term must be <= cutoff: INFEASIBLE then proves that
    nothing better than cutoff + 1 exists.
    """
    from ortools.sat.python import cp_model

    if has_setups(instance):
        raise ValueError("the CP-SAT model does not handle setup times")
    model = cp_model.CpModel()
    h = horizon(instance)
    starts: dict[tuple[int, int], cp_model.IntVar] = {}
    ends: dict[tuple[int, int], cp_model.IntVar] = {}
    chosen: dict[tuple[int, int, int], cp_model.IntVar] = {}
    mode_lits: dict[tuple[int, int], list[tuple[int, cp_model.IntVar]]] = {}
    per_machine: list[list[cp_model.IntervalVar]] = [[] for _ in instance.machines]
    kept = keep.by_key() if keep is not None else {}
    for j, i, op in instance.operations():
        job = instance.jobs[j]
        fixed_m = op.pinned_machine
        if fixed_m is None and (j, i) in kept and (j, i) not in free:
            fixed_m = kept[j, i].machine
        s = model.new_int_var(job.release, h, f"s{j}_{i}")
        e = model.new_int_var(job.release, h + max(md.duration for md in op.modes), f"e{j}_{i}")
        starts[j, i], ends[j, i] = s, e
        if op.pinned_start is not None:
            model.add(s == op.pinned_start)
        lits = []
        for md in op.modes:
            if fixed_m is not None and md.machine != fixed_m:
                continue
            if len(op.modes) == 1 or fixed_m is not None:
                lit = model.new_constant(1)
                iv = model.new_interval_var(s, md.duration, e, f"i{j}_{i}_{md.machine}")
            else:
                lit = model.new_bool_var(f"x{j}_{i}_{md.machine}")
                mode_lits.setdefault((j, i), []).append((md.machine, lit))
                iv = model.new_optional_interval_var(
                    s, md.duration, e, lit, f"i{j}_{i}_{md.machine}"
                )
            chosen[j, i, md.machine] = lit
            lits.append(lit)
            per_machine[md.machine].append(iv)
        model.add_exactly_one(lits)
    for m, machine in enumerate(instance.machines):
        for a, b in machine.unavailable:
            per_machine[m].append(model.new_fixed_size_interval_var(a, b - a, f"down{m}_{a}"))
        if len(per_machine[m]) > 1:
            model.add_no_overlap(per_machine[m])
    for j, job in enumerate(instance.jobs):
        for a, b in job.arcs():
            model.add(starts[j, b] >= ends[j, a])
    if keep is not None:
        order: dict[int, list[ScheduledOperation]] = {}
        for o in keep.operations:
            if (o.job, o.index) not in free:
                order.setdefault(o.machine, []).append(o)
        for seq in order.values():
            seq.sort(key=lambda o: (o.start, o.end))
            for x, y in itertools.pairwise(seq):
                model.add(starts[y.job, y.index] >= ends[x.job, x.index])
    completion = []
    for j, job in enumerate(instance.jobs):
        c = model.new_int_var(0, 2 * h, f"c{j}")
        model.add_max_equality(c, [ends[j, i] for i in range(len(job.operations))])
        completion.append(c)
    terms = []
    for term in objective.terms:
        if term is ObjectiveKind.MAKESPAN:
            v = model.new_int_var(0, 2 * h, "makespan")
            model.add_max_equality(v, completion)
        elif term is ObjectiveKind.TWT:
            tard = []
            for j, job in enumerate(instance.jobs):
                if job.due is not None:
                    t = model.new_int_var(0, 2 * h, f"t{j}")
                    model.add_max_equality(t, [0, completion[j] - job.due])
                    tard.append(job.weight * t)
            v = model.new_int_var(0, 2 * h * max(1, sum(j.weight for j in instance.jobs)), "twt")
            model.add(v == sum(tard))
        elif term is ObjectiveKind.LMAX:
            lates = [
                completion[j] - job.due
                for j, job in enumerate(instance.jobs)
                if job.due is not None
            ]
            v = model.new_int_var(-2 * h, 2 * h, "lmax")
            if lates:
                model.add_max_equality(v, lates)
            else:
                model.add(v == 0)
        else:
            v = model.new_constant(0)
        terms.append(v)
    weight = 1
    expr: Any = 0
    for v in reversed(terms):
        expr = expr + weight * v
        weight *= 4 * h * max(1, sum(j.weight for j in instance.jobs)) + 1
    model.minimize(expr)
    if cutoff is not None:
        model.add(terms[0] <= cutoff)
    if hint is not None:
        for o in hint.operations:
            model.add_hint(starts[o.job, o.index], o.start)
            for m, lit in mode_lits.get((o.job, o.index), []):
                model.add_hint(lit, m == o.machine)

    def extract(value: Callable[[cp_model.IntVar], int]) -> Schedule:
        ops = []
        for j, i, op in instance.operations():
            s = value(starts[j, i])
            for md in op.modes:
                lit = chosen.get((j, i, md.machine))
                if lit is not None and value(lit):
                    ops.append(ScheduledOperation(j, i, md.machine, s, s + md.duration))
                    break
        return Schedule(tuple(ops))

    class _Cb(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            if on_solution is not None:
                on_solution(extract(self.value))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit_s)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    code = solver.solve(model, _Cb())
    if code == cp_model.OPTIMAL:
        status = Status.OPTIMAL
    elif code == cp_model.FEASIBLE:
        status = Status.FEASIBLE
    elif code == cp_model.INFEASIBLE:
        status = Status.INFEASIBLE
    else:
        status = Status.UNKNOWN
    schedule = extract(solver.value) if status in (Status.OPTIMAL, Status.FEASIBLE) else None
    bound = None
    if len(terms) == 1 and status is not Status.INFEASIBLE:
        bound = math.ceil(solver.best_objective_bound - 1e-6)
    return CpSatOutcome(status, schedule, bound)
