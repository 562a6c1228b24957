"""A seeded generator of flexible job-shop instances, from toy size to 100,000 operations."""

from __future__ import annotations

import random

from suigang.engines.scheduling.model import Instance, Job, Machine, Mode, Operation


def generate(
    n_jobs: int,
    n_machines: int,
    n_operations: int,
    *,
    seed: int = 0,
    max_modes: int = 3,
    min_duration: int = 1,
    max_duration: int = 99,
    assembly: float = 0.0,
    setup_families: int = 0,
    max_setup: int = 10,
    downtimes: int = 0,
    due_factor: float | None = None,
) -> Instance:
    """A random instance; the same arguments always give the same instance.

    Operations are spread over jobs as evenly as possible (every job gets at least one).
    Each operation gets 1..``max_modes`` distinct machines with durations drawn around a base
    duration. With ``assembly`` > 0 that share of jobs is an in-tree (components feeding an
    assembly) instead of a chain. ``setup_families`` > 0 gives every machine a random setup
    matrix over that many families; ``downtimes`` adds unavailable intervals per machine;
    ``due_factor`` sets due dates at that multiple of the job's total mean work.
    """
    if n_jobs < 1 or n_machines < 1:
        raise ValueError(f"need at least one job and one machine, got {n_jobs}, {n_machines}")
    if n_operations < n_jobs:
        raise ValueError(f"n_operations {n_operations} is smaller than n_jobs {n_jobs}")
    if not max_modes >= 1:
        raise ValueError(f"max_modes must be >= 1, got {max_modes}")
    if not 0 <= min_duration <= max_duration:
        raise ValueError(f"bad duration range [{min_duration}, {max_duration}]")
    rng = random.Random(seed)
    base, extra = divmod(n_operations, n_jobs)
    sizes = [base + (1 if j < extra else 0) for j in range(n_jobs)]
    rng.shuffle(sizes)
    k_max = min(max_modes, n_machines)
    jobs = []
    horizon_work = 0
    for j, size in enumerate(sizes):
        ops = []
        work = 0.0
        for i in range(size):
            k = rng.randint(1, k_max)
            chosen = rng.sample(range(n_machines), k)
            p = rng.randint(min_duration, max_duration)
            modes = tuple(
                Mode(m, max(min_duration, min(max_duration, p + rng.randint(-p // 4, p // 4))))
                for m in chosen
            )
            work += sum(md.duration for md in modes) / len(modes)
            fam = rng.randrange(setup_families) if setup_families else 0
            ops.append(Operation(modes, family=fam, name=f"J{j}O{i}"))
        precedences = None
        if size > 2 and rng.random() < assembly:
            # in-tree: every operation but the last feeds a later one
            precedences = tuple(
                (i, rng.randint(i + 1, min(size - 1, i + 3))) for i in range(size - 1)
            )
        horizon_work += int(work)
        due = None if due_factor is None else int(due_factor * work)
        jobs.append(Job(tuple(ops), precedences, due=due, name=f"J{j}"))
    machines: list[Machine] = []
    span = max(1, horizon_work // n_machines)
    for m in range(n_machines):
        setups: tuple[tuple[int, ...], ...] = ()
        if setup_families:
            setups = tuple(
                tuple(0 if a == b else rng.randint(1, max_setup) for b in range(setup_families))
                for a in range(setup_families)
            )
        down = []
        for _ in range(downtimes):
            s = rng.randint(0, span)
            down.append((s, s + rng.randint(1, max(1, max_duration))))
        machines.append(Machine(f"M{m}", setups, tuple(sorted(down))))
    return Instance(
        tuple(machines), tuple(jobs), name=f"gen{n_jobs}x{n_machines}x{n_operations}s{seed}"
    )
