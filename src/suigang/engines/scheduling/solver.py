"""``solve``: dispatching, parallel tabu chains, then CP-SAT warm-started from the incumbent.

Up to 1,200 operations a short CP-SAT run comes first (10% of the time, at most 2 s: small
shops are often proven optimal at once), then tabu search to half the time, LNS to 70% and
the full CP-SAT model for the rest (which may also prove optimality and gives the lower
bound); up to 5,000 the last 30% goes to
large-neighbourhood search with CP-SAT on time-window sub-problems; above that, and for
instances with setup times (not in the CP-SAT model), tabu search runs to the end.

Determinism: with ``iteration_limit`` the result depends only on the instance, objective,
seed and worker count (chains advance in fixed rounds and share their best solution at fixed
round numbers). Under a wall-clock limit the number of rounds, and so the result, depends on
the machine's speed; the CP-SAT phase is deterministic in itself only for one worker.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from suigang.engines.scheduling._search import Problem, Solution, TabuChain
from suigang.engines.scheduling.cpsat import has_setups, solve_cpsat
from suigang.engines.scheduling.lns import lns
from suigang.engines.scheduling.model import Instance, Objective, ObjectiveKind
from suigang.engines.scheduling.solution import (
    Schedule,
    SolveResult,
    Status,
    objective_values,
)

Incumbent = Callable[[float, tuple[int, ...]], None]

CPSAT_MAX_OPS = 1200  # above this the full model is not worth its build time in a short run
LNS_MAX_OPS = 5000  # above this each sub-problem model costs too much to build
MARGIN_S = 0.3  # kept back for building the result
SMALL_TABU_SHARE = 0.5  # up to CPSAT_MAX_OPS: tabu search until this share of the time,
SMALL_LNS_END = 0.7  # then LNS until this share, then the full CP-SAT model
MEDIUM_TABU_SHARE = 0.7  # up to LNS_MAX_OPS: tabu search, then LNS to the end
QUICK_PROOF_SHARE = 0.1  # up to CPSAT_MAX_OPS: first a short CP-SAT run that may prove
QUICK_PROOF_MAX_S = 2.0  # the dispatching schedule's neighbourhood optimal at once


def trivial_lower_bound(instance: Instance) -> int:
    """Longest job chain of minimum durations, and average machine load, whichever is larger."""
    best = 0
    total = 0
    for job in instance.jobs:
        mins = [min(md.duration for md in op.modes) for op in job.operations]
        total += sum(mins)
        longest = list(mins)
        order = _topo(len(mins), job.arcs())
        for a in order:
            for x, b in job.arcs():
                if x == a:
                    longest[b] = max(longest[b], longest[a] + mins[b])
        best = max(best, job.release + max(longest))
    return max(best, -(-total // len(instance.machines)))


def _topo(n: int, arcs: tuple[tuple[int, int], ...]) -> list[int]:
    indeg = [0] * n
    for _, b in arcs:
        indeg[b] += 1
    order = [i for i in range(n) if indeg[i] == 0]
    k = 0
    while k < len(order):
        a = order[k]
        k += 1
        for x, b in arcs:
            if x == a:
                indeg[b] -= 1
                if indeg[b] == 0:
                    order.append(b)
    return order


def dispatch(instance: Instance, objective: Objective | None = None) -> SolveResult:
    """The best schedule of the dispatching rules alone (fast, always feasible without pins)."""
    t0 = time.perf_counter()
    objective = objective or Objective()
    problem = Problem(instance, objective)
    sol = problem.best_construction()
    return _result(instance, objective, problem, sol, None, time.perf_counter() - t0, False, ())


def solve(
    instance: Instance,
    objective: Objective | None = None,
    *,
    time_limit_s: float = 10.0,
    workers: int = 1,
    seed: int = 0,
    iteration_limit: int | None = None,
    use_cpsat: bool = True,
    on_incumbent: Incumbent | None = None,
) -> SolveResult:
    """Find a good schedule within ``time_limit_s`` seconds using ``workers`` threads.

    ``on_incumbent(seconds, objective_value)`` is called for each improving schedule.
    ``iteration_limit`` caps the tabu iterations per chain (deterministic budget).
    """
    t0 = time.perf_counter()
    objective = objective or Objective()
    if time_limit_s <= 0:
        raise ValueError(f"time_limit_s must be > 0, got {time_limit_s}")
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    trail: list[tuple[float, tuple[int, ...]]] = []

    def report(value: tuple[int, ...]) -> None:
        if not trail or value < trail[-1][1]:
            elapsed = time.perf_counter() - t0
            trail.append((elapsed, value))
            if on_incumbent is not None:
                on_incumbent(elapsed, value)

    problem = Problem(instance, objective)
    best = problem.best_construction()
    if best is None:
        return _result(
            instance, objective, problem, None, None, time.perf_counter() - t0, False, ()
        )
    if problem.time(best.op_mode, best.mprev) is None:
        # the sequences must time back to a feasible schedule before local search starts
        return _result(
            instance, objective, problem, best, None, time.perf_counter() - t0, False, ()
        )
    report(best.value)
    lb = trivial_lower_bound(instance) if objective.terms[0] is ObjectiveKind.MAKESPAN else None
    cp_ok = use_cpsat and not has_setups(instance)
    small = cp_ok and problem.n <= CPSAT_MAX_OPS
    medium = cp_ok and CPSAT_MAX_OPS < problem.n <= LNS_MAX_OPS
    tabu_share = SMALL_TABU_SHARE if small else MEDIUM_TABU_SHARE if medium else 1.0
    deadline = t0 + time_limit_s * tabu_share
    if small and iteration_limit is None and (lb is None or best.value[0] > lb):
        # small shops are often solved to optimality in well under a second: answer at once
        out = solve_cpsat(
            instance,
            objective,
            time_limit_s=min(QUICK_PROOF_MAX_S, time_limit_s * QUICK_PROOF_SHARE),
            workers=workers,
            seed=seed,
            hint=problem.schedule(best),
            on_solution=lambda s: report(objective_values(instance, s, objective)),
        )
        if out.schedule is not None:
            value = objective_values(instance, out.schedule, objective)
            if out.status is Status.OPTIMAL:
                return _final(instance, objective, out.schedule, value, lb, t0, trail, True)
            timed = _retime(problem, out.schedule) if value < best.value else None
            if timed is not None and timed.value <= value:
                best = timed
        if out.bound is not None and lb is not None:
            lb = max(lb, out.bound)
    if lb is None or best.value[0] > lb:
        best = _run_tabu(problem, best, workers, seed, deadline, iteration_limit, report)
    proven = lb is not None and best.value[0] <= lb
    if (small or medium) and not proven:
        end_at = t0 + time_limit_s * (SMALL_LNS_END if small else 1.0) - MARGIN_S
        improved = lns(
            instance,
            objective,
            problem.schedule(best),
            deadline=end_at,
            workers=workers,
            seed=seed,
            on_improve=lambda s, v: report(v),
        )
        value = objective_values(instance, improved, objective)
        if value < best.value:
            if medium:
                return _final(instance, objective, improved, value, lb, t0, trail, False)
            timed = _retime(problem, improved)
            if timed is not None and timed.value <= value:
                best = timed
    if small and not proven:
        remaining = time_limit_s - (time.perf_counter() - t0) - MARGIN_S
        if remaining > 0.2:
            out = solve_cpsat(
                instance,
                objective,
                time_limit_s=remaining,
                workers=workers,
                seed=seed,
                hint=problem.schedule(best),
                on_solution=lambda s: report(objective_values(instance, s, objective)),
            )
            if out.bound is not None and lb is not None:
                lb = max(lb, out.bound)
            if out.schedule is not None:
                value = objective_values(instance, out.schedule, objective)
                if value <= best.value:
                    return _final(
                        instance,
                        objective,
                        out.schedule,
                        value,
                        lb,
                        t0,
                        trail,
                        out.status is Status.OPTIMAL,
                    )
            proven = out.status is Status.OPTIMAL or (lb is not None and best.value[0] <= lb)
    return _result(
        instance, objective, problem, best, lb, time.perf_counter() - t0, proven, tuple(trail)
    )


def _run_tabu(
    problem: Problem,
    initial: Solution,
    workers: int,
    seed: int,
    deadline: float,
    iteration_limit: int | None,
    report: Callable[[tuple[int, ...]], None],
) -> Solution:
    n = problem.n
    max_cands = 400 if n < 2000 else 96
    chains = [TabuChain(problem, initial, seed * 1000 + w, max_cands) for w in range(workers)]
    per_round = max(5, min(500, 60_000 // max(n, 1)))
    share_every = 20
    done = 0
    rnd = 0
    best_value = initial.value
    pool = ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        while time.perf_counter() < deadline:
            if iteration_limit is not None and done >= iteration_limit:
                break
            step = per_round if iteration_limit is None else min(per_round, iteration_limit - done)
            if pool is None:
                chains[0].advance(step)
            else:
                list(pool.map(lambda c, k=step: c.advance(k), chains))
            done += step
            rnd += 1
            leader = min(chains, key=lambda c: c.best_value)
            if leader.best_value < best_value:
                best_value = leader.best_value
                report(best_value)
            if workers > 1 and rnd % share_every == 0:
                shared = leader.best()
                for c in chains:
                    if c is not leader and c.best_value > leader.best_value:
                        c.restart_from(shared)
    finally:
        if pool is not None:
            pool.shutdown()
    leader = min(chains, key=lambda c: c.best_value)
    return leader.best() if leader.best_value < initial.value else initial


def _retime(problem: Problem, schedule: Schedule) -> Solution | None:
    """The kernel form of a schedule: its modes and machine orders, timed again."""
    f = problem.flat
    n = problem.n
    op_mode = np.empty(n, dtype=np.int64)
    mprev = np.full(n, -1, dtype=np.int64)
    by_machine: dict[int, list[tuple[int, int, int]]] = {}
    for o in schedule.operations:
        g = int(f.job_first[o.job]) + o.index
        for k in range(int(f.mode_ptr[g]), int(f.mode_ptr[g + 1])):
            if int(f.mode_machine[k]) == o.machine:
                op_mode[g] = k
        by_machine.setdefault(o.machine, []).append((o.start, o.end, g))
    for seq in by_machine.values():
        seq.sort()
        for a, b in itertools.pairwise(seq):
            mprev[b[2]] = a[2]
    return problem.time(op_mode, mprev)


def _result(
    instance: Instance,
    objective: Objective,
    problem: Problem,
    sol: Solution | None,
    lb: int | None,
    wall: float,
    proven: bool,
    trail: tuple[tuple[float, tuple[int, ...]], ...],
) -> SolveResult:
    if sol is None:
        return SolveResult(instance.name, objective, Status.UNKNOWN, None, None, lb, wall, trail)
    status = Status.OPTIMAL if proven else Status.FEASIBLE
    return SolveResult(
        instance.name, objective, status, problem.schedule(sol), sol.value, lb, wall, trail
    )


def _final(
    instance: Instance,
    objective: Objective,
    schedule: Schedule,
    value: tuple[int, ...],
    lb: int | None,
    t0: float,
    trail: list[tuple[float, tuple[int, ...]]],
    optimal: bool,
) -> SolveResult:
    status = Status.OPTIMAL if optimal else Status.FEASIBLE
    if optimal and lb is not None and objective.terms[0] is ObjectiveKind.MAKESPAN:
        lb = value[0]
    return SolveResult(
        instance.name,
        objective,
        status,
        schedule,
        value,
        lb,
        time.perf_counter() - t0,
        tuple(trail),
    )
