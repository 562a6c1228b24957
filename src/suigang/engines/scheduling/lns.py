"""Large-neighbourhood search with CP-SAT on sub-problems, warm-started from the incumbent.

Each step frees the operations that start inside a random time window (machine and order
both free), keeps every other operation on its machine and in its order (times free), and
asks CP-SAT for a better schedule within a short limit, hinted with the incumbent. Window
width adapts: it grows after steps that prove their neighbourhood optimal and shrinks after
steps that run out of time.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from suigang.engines.scheduling.cpsat import solve_cpsat
from suigang.engines.scheduling.model import Instance, Objective
from suigang.engines.scheduling.solution import Schedule, Status, objective_values


def lns(
    instance: Instance,
    objective: Objective,
    incumbent: Schedule,
    *,
    deadline: float,
    workers: int = 1,
    seed: int = 0,
    target_free: int = 60,
    step_limit_s: float = 1.0,
    on_improve: Callable[[Schedule, tuple[int, ...]], None] | None = None,
) -> Schedule:
    """Improve ``incumbent`` until ``deadline`` (a ``time.perf_counter()`` value)."""
    rng = random.Random(seed)
    best = incumbent
    best_value = objective_values(instance, best, objective)
    n = len(best.operations)
    free_count = max(5, min(target_free, n))
    while True:
        left = deadline - time.perf_counter()
        if left < 0.1:
            break
        ops = sorted(best.operations, key=lambda o: o.start)
        if rng.random() < 0.5:
            # a window biased towards the end of the schedule, where the makespan is decided
            first = max(0, n - free_count - rng.randrange(max(1, n // 3)))
        else:
            first = rng.randrange(max(1, n - free_count + 1))
        chosen = ops[first : first + free_count]
        free = frozenset(
            (o.job, o.index) for o in chosen if not instance.jobs[o.job].operations[o.index].pinned
        )
        out = solve_cpsat(
            instance,
            objective,
            time_limit_s=min(step_limit_s, left),
            workers=workers,
            seed=rng.randrange(1 << 20),
            hint=best,
            keep=best,
            free=free,
        )
        if out.schedule is not None:
            value = objective_values(instance, out.schedule, objective)
            if value <= best_value:
                improved = value < best_value
                best, best_value = out.schedule, value
                if improved and on_improve is not None:
                    on_improve(best, best_value)
        if out.status is Status.OPTIMAL:
            free_count = min(n, int(free_count * 1.2) + 1)
        else:
            free_count = max(5, int(free_count * 0.8))
    return best
