"""Python side of the compiled search: solution state, construction and tabu chains."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from suigang.engines.scheduling._dispatch_kernel import N_RULES, dispatch
from suigang.engines.scheduling._flat import Flat, flatten, objective_codes
from suigang.engines.scheduling._kernels import decode, evaluate, pack, relink
from suigang.engines.scheduling._tabu_kernel import TabuSettings, TabuState, tabu_run
from suigang.engines.scheduling.model import Instance, Objective
from suigang.engines.scheduling.solution import Schedule, ScheduledOperation

I64 = npt.NDArray[np.int64]


@dataclass(slots=True)
class Solution:
    """Modes and machine predecessors of every operation, with its timing and objective."""

    op_mode: I64
    mprev: I64
    start: I64
    end: I64
    value: tuple[int, ...]


class Problem:
    """An instance compiled for the kernels, with one objective."""

    def __init__(self, instance: Instance, objective: Objective) -> None:
        self.instance = instance
        self.objective = objective
        self.flat: Flat = flatten(instance)
        self.F: tuple[Any, ...] = pack(self.flat)
        self.codes: I64 = objective_codes(objective)

    @property
    def n(self) -> int:
        return self.flat.n_ops

    def time(self, op_mode: I64, mprev: I64) -> Solution | None:
        """Time a (modes, sequences) solution; None when it is cyclic or breaks a pin."""
        n = self.n
        mnext = np.empty(n, dtype=np.int64)
        mfirst = np.empty(self.flat.n_machines, dtype=np.int64)
        mlast = np.empty(self.flat.n_machines, dtype=np.int64)
        relink(self.F, op_mode, mprev, mnext, mfirst, mlast)
        start = np.empty(n, dtype=np.int64)
        end = np.empty(n, dtype=np.int64)
        ok = decode(
            self.F,
            op_mode,
            mprev,
            mnext,
            start,
            end,
            np.empty(n, np.int64),
            np.empty(n, np.int64),
            np.empty(n, np.int64),
        )
        if not ok:
            return None
        return Solution(op_mode.copy(), mprev.copy(), start, end, self.value(op_mode, mprev, end))

    def value(self, op_mode: I64, mprev: I64, end: I64) -> tuple[int, ...]:
        out = np.empty(len(self.codes), dtype=np.int64)
        evaluate(self.F, self.codes, op_mode, mprev, end, np.empty(self.flat.n_jobs, np.int64), out)
        return tuple(int(v) for v in out)

    def construct(self, rule: int, noise: int = 0, seed: int = 0) -> Solution | None:
        """One dispatching pass; None when pinned operations cannot hold."""
        n = self.n
        op_mode = np.empty(n, dtype=np.int64)
        start = np.empty(n, dtype=np.int64)
        end = np.empty(n, dtype=np.int64)
        mprev = np.full(n, -1, dtype=np.int64)
        bad = dispatch(self.F, self.flat.n_machines, rule, noise, seed, op_mode, start, end, mprev)
        if bad >= 0:
            return None
        return Solution(op_mode, mprev, start, end, self.value(op_mode, mprev, end))

    def best_construction(self, rules: range | None = None) -> Solution | None:
        """The best of the dispatching rules (deterministic)."""
        best: Solution | None = None
        for rule in rules if rules is not None else range(N_RULES):
            sol = self.construct(rule)
            if sol is None:
                return None
            if best is None or sol.value < best.value:
                best = sol
        return best

    def schedule(self, sol: Solution) -> Schedule:
        f = self.flat
        machines = f.mode_machine[sol.op_mode]
        return Schedule(
            tuple(
                ScheduledOperation(
                    int(f.op_job[o]),
                    int(f.op_index[o]),
                    int(machines[o]),
                    int(sol.start[o]),
                    int(sol.end[o]),
                )
                for o in range(f.n_ops)
            )
        )


class TabuChain:
    """One tabu-search trajectory; ``advance(k)`` runs k more iterations (deterministic)."""

    def __init__(self, problem: Problem, initial: Solution, seed: int, max_cands: int) -> None:
        n = problem.n
        nm = problem.flat.n_machines
        self.problem = problem
        self.op_mode = initial.op_mode.copy()
        self.mprev = initial.mprev.copy()
        self.mnext = np.empty(n, dtype=np.int64)
        self.mfirst = np.empty(nm, dtype=np.int64)
        self.mlast = np.empty(nm, dtype=np.int64)
        relink(problem.F, self.op_mode, self.mprev, self.mnext, self.mfirst, self.mlast)
        self.best_mode = initial.op_mode.copy()
        self.best_prev = initial.mprev.copy()
        self.best_obj = np.array(initial.value, dtype=np.int64)
        # tabu on (operation, predecessor) pairs when that table fits, else per operation
        width = n + 1 if n <= 3000 else 1
        self.tabu_until = np.zeros((n, width), dtype=np.int32)
        self.counters = np.zeros(3, dtype=np.int64)
        self.counters[2] = np.iinfo(np.int64).max
        self.state = np.array([seed * 7919 + 17], dtype=np.uint64)
        self.cand = np.empty((max_cands, 4), dtype=np.int64)
        self.n_exact = 8  # candidates timed exactly per iteration, best estimates first
        self.window = 2  # positions either side of the start time tried on another machine
        # tenure 10 + jobs/machines (a common rule for job-shop tabu search), up to 1.5 times that
        self.tenure_min = 10 + problem.flat.n_jobs // max(1, nm)
        self.tenure_span = self.tenure_min // 2
        # iterations without improvement before going back to the best with a kick: long
        # enough to leave a basin (much shorter stalls keep the search around one solution)
        self.max_stall = 10_000 if n < 2000 else 150
        self.kick_min = 6  # a restart from the best applies kick_min..2*kick_min random moves

    def advance(self, iterations: int) -> None:
        run = TabuSettings(
            iterations,
            self.max_stall,
            self.tenure_min,
            self.tenure_span,
            self.n_exact,
            self.window,
            self.kick_min,
        )
        chain = TabuState(
            self.op_mode,
            self.mprev,
            self.mnext,
            self.mfirst,
            self.mlast,
            self.best_mode,
            self.best_prev,
            self.best_obj,
            self.tabu_until,
            self.counters,
            self.state,
            self.cand,
        )
        tabu_run(self.problem.F, self.problem.codes, run, chain)

    @property
    def best_value(self) -> tuple[int, ...]:
        return tuple(int(v) for v in self.best_obj)

    def best(self) -> Solution:
        sol = self.problem.time(self.best_mode, self.best_prev)
        assert sol is not None  # the chain only ever stores feasible solutions
        return sol

    def restart_from(self, sol: Solution) -> None:
        """Continue from ``sol`` (shared by the coordinator between rounds)."""
        self.op_mode[:] = sol.op_mode
        self.mprev[:] = sol.mprev
        relink(self.problem.F, self.op_mode, self.mprev, self.mnext, self.mfirst, self.mlast)
        self.best_mode[:] = sol.op_mode
        self.best_prev[:] = sol.mprev
        self.best_obj[:] = sol.value
        self.counters[1] = 0
        self.counters[2] = np.iinfo(np.int64).max
