"""Insert a new job into a running schedule without breaking anyone's promise.

Capable-to-promise and order intake both ask the same question of a released plan: where
does a new job fit, and what does it push? Two answers:

* ``earliest``: no job is pushed past its due date that was not already past it. Jobs that
  the insertion would push past their due date are pinned where they are and the insertion
  is repeated, until no promise breaks (at worst every job is pinned and the new job only
  fills gaps);
* ``with_bumping`` (``insert_job`` with ``pinned`` = the protected jobs): jobs outside
  ``pinned`` may be pushed.

The new job is always appended as the last job of the instance.
"""

from __future__ import annotations

from dataclasses import dataclass

from suigang.engines.scheduling.model import Instance, Job, Operation
from suigang.engines.scheduling.repair import MachineDown, RushJob, repair
from suigang.engines.scheduling.solution import Schedule, Status, job_completions

MAX_ROUNDS = 25


@dataclass(frozen=True, slots=True)
class Insertion:
    """The schedule with the new job inserted (as the last job), and every job's completion."""

    instance: Instance
    schedule: Schedule
    completions: tuple[int, ...]

    @property
    def new_completion(self) -> int:
        return self.completions[-1]


@dataclass(frozen=True, slots=True)
class Promise:
    """What inserting a job into a schedule promises.

    ``status`` is INFEASIBLE when the job cannot be fitted even with every other job pinned;
    ``earliest`` keeps every promise; ``bumping`` may push the jobs not in ``protected`` and is
    None where it would not finish the new job earlier than ``earliest``. ``before`` holds the
    existing jobs' completions before the insertion.
    """

    status: Status
    before: tuple[int, ...]
    earliest: Insertion | None
    bumping: Insertion | None


def pin_jobs(instance: Instance, schedule: Schedule, jobs: frozenset[int] | set[int]) -> Instance:
    """``instance`` with every operation of ``jobs`` pinned where ``schedule`` has it."""
    if not jobs:
        return instance
    at = schedule.by_key()
    out = list(instance.jobs)
    for j in jobs:
        job = instance.jobs[j]
        ops = []
        for i, op in enumerate(job.operations):
            s = at[(j, i)]
            modes = tuple(md for md in op.modes if md.machine == s.machine)
            ops.append(Operation(modes, op.family, s.machine, s.start, op.name))
        out[j] = Job(
            tuple(ops), job.precedences, job.release, job.due, job.weight, job.priority, job.name
        )
    return Instance(instance.machines, tuple(out), name=instance.name)


def steer(instance: Instance, schedule: Schedule, new: Job) -> Job:
    """Choose each new operation's machine by the earliest finish around pinned work and
    outages (the rush insertion itself looks only at the machine sequences, where pinned
    operations do not appear); ties go to the machine with less planned work, setups are
    left to the repair's exact timing."""
    load = [0] * len(instance.machines)
    for o in schedule.operations:
        load[o.machine] += o.end - o.start
    busy: dict[int, list[tuple[int, int]]] = {
        m: list(machine.unavailable) for m, machine in enumerate(instance.machines)
    }
    for job in instance.jobs:
        for op in job.operations:
            if op.pinned_machine is not None and op.pinned_start is not None:
                d = op.duration_on(op.pinned_machine) or 0
                busy[op.pinned_machine].append((op.pinned_start, op.pinned_start + d))
    for m in busy:
        busy[m].sort()
    est = new.release
    ops = []
    for op in new.operations:
        best: tuple[int, int, int] | None = None
        for md in op.modes:
            t = est
            for a, b in busy[md.machine]:
                if t < b and t + md.duration > a:
                    t = b
            key = (t + md.duration, load[md.machine], md.machine)
            if best is None or key < best:
                best = key
        assert best is not None
        est = best[0]
        chosen = tuple(md for md in op.modes if md.machine == best[2])
        ops.append(Operation(chosen, op.family, name=op.name))
    return Job(
        tuple(ops), new.precedences, new.release, new.due, new.weight, new.priority, new.name
    )


def normalise(instance: Instance, schedule: Schedule) -> Schedule | None:
    """Re-time a stored schedule on today's axis (work planned in the past starts now): a
    repair for an outage beyond every operation changes nothing but the timing. None when
    the schedule's pins no longer hold."""
    far = max((o.end for o in schedule.operations), default=0) + 10**6
    return repair(instance, schedule, MachineDown(0, far, far + 1)).schedule


def insert_job(
    instance: Instance, schedule: Schedule, new: Job, *, pinned: frozenset[int] | set[int]
) -> Insertion | None:
    """Fit ``new`` in as early as possible with the jobs in ``pinned`` held where they are;
    None when it cannot be fitted."""
    fixed = pin_jobs(instance, schedule, pinned)
    steered = steer(fixed, schedule, new) if new.precedences is None else new
    result = repair(fixed, schedule, RushJob(steered))
    if result.status is not Status.FEASIBLE or result.schedule is None:
        return None
    done = tuple(job_completions(result.instance, result.schedule))
    return Insertion(result.instance, result.schedule, done)


def insert_keeping_promises(instance: Instance, schedule: Schedule, new: Job) -> Insertion | None:
    """Insert ``new`` so that no job is pushed past its due date that was not already past
    it: jobs the insertion would break are pinned and it is repeated. None when the job
    cannot be fitted even with every job pinned."""
    n = len(instance.jobs)
    before = job_completions(instance, schedule)
    dues = [j.due if j.due is not None else 0 for j in instance.jobs]
    pinned: set[int] = set()
    for _ in range(MAX_ROUNDS):
        out = insert_job(instance, schedule, new, pinned=pinned)
        if out is None:
            break
        done = out.completions
        broken = {j for j in range(n) if done[j] > before[j] and done[j] > dues[j]}
        if not broken:
            return out
        pinned |= broken
    return insert_job(instance, schedule, new, pinned=set(range(n)))


def promise(
    instance: Instance, schedule: Schedule, new: Job, *, protected: frozenset[int]
) -> Promise:
    """The earliest completion of ``new`` keeping every promise, and the completion if the
    jobs outside ``protected`` may be pushed (only where that is earlier)."""
    before = tuple(job_completions(instance, schedule))
    earliest = insert_keeping_promises(instance, schedule, new)
    if earliest is None:
        return Promise(Status.INFEASIBLE, before, None, None)
    bumping = insert_job(instance, schedule, new, pinned=protected)
    if bumping is not None and bumping.new_completion >= earliest.new_completion:
        bumping = None
    return Promise(Status.FEASIBLE, before, earliest, bumping)
