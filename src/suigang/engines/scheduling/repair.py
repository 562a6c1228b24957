"""Repair a schedule after a disruption, keeping unaffected operations where they were.

Every operation keeps its machine and its order on that machine, and never starts earlier
than planned (right-shift repair); pinned operations never move. After a machine-down event
the operations that overlapped the outage may move to another eligible machine when a gap
there lets them finish earlier than waiting. A rush job is inserted at the earliest position
on the machine that lets it finish first, pushing later work right.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, replace

from suigang.engines.scheduling.model import Instance, Job, Machine, Mode, Operation
from suigang.engines.scheduling.solution import (
    Schedule,
    ScheduledOperation,
    Status,
    job_completions,
)

Key = tuple[int, int]


@dataclass(frozen=True, slots=True)
class MachineDown:
    """Machine ``machine`` is unavailable over ``[start, end)``."""

    machine: int
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.machine < 0 or self.start < 0 or self.end <= self.start:
            raise ValueError(f"machine down needs machine >= 0 and start < end, got {self}")


@dataclass(frozen=True, slots=True)
class RushJob:
    """A new job to fit in as early as possible (appended as the last job)."""

    job: Job


@dataclass(frozen=True, slots=True)
class OperationLate:
    """Operation ``index`` of job ``job`` takes ``delay`` more time units than planned."""

    job: int
    index: int
    delay: int

    def __post_init__(self) -> None:
        if self.delay <= 0:
            raise ValueError(f"delay must be > 0, got {self.delay}")


Disruption = MachineDown | RushJob | OperationLate


@dataclass(frozen=True, slots=True)
class RepairResult:
    """The repaired instance and schedule, how many operations moved, and per-job slips.

    ``completion_change[j]`` is the new minus the old completion of job j (for a rush job:
    its completion time). ``status`` is INFEASIBLE when pinned operations cannot all hold.
    """

    status: Status
    instance: Instance
    schedule: Schedule | None
    moved: int
    completion_change: tuple[int, ...]
    wall_time_s: float


def apply_disruption(instance: Instance, disruption: Disruption) -> Instance:
    """The instance as it stands after ``disruption``."""
    if isinstance(disruption, MachineDown):
        if disruption.machine >= len(instance.machines):
            raise ValueError(f"machine {disruption.machine} does not exist")
        machines = list(instance.machines)
        m = machines[disruption.machine]
        machines[disruption.machine] = replace(
            m, unavailable=tuple(sorted((*m.unavailable, (disruption.start, disruption.end))))
        )
        return replace(instance, machines=tuple(machines))
    if isinstance(disruption, RushJob):
        return Instance(instance.machines, (*instance.jobs, disruption.job), name=instance.name)
    j, i = disruption.job, disruption.index
    if j >= len(instance.jobs) or i >= len(instance.jobs[j].operations):
        raise ValueError(f"job {j} operation {i} does not exist")
    job = instance.jobs[j]
    op = job.operations[i]
    late = Operation(
        tuple(Mode(md.machine, md.duration + disruption.delay) for md in op.modes),
        op.family,
        op.pinned_machine,
        op.pinned_start,
        op.name,
    )
    ops = (*job.operations[:i], late, *job.operations[i + 1 :])
    jobs = list(instance.jobs)
    jobs[j] = replace(job, operations=ops)
    return Instance(instance.machines, tuple(jobs), name=instance.name)


def repair(instance: Instance, schedule: Schedule, disruption: Disruption) -> RepairResult:
    """Mend ``schedule`` (feasible for ``instance``) after ``disruption``."""
    t0 = time.perf_counter()
    new = apply_disruption(instance, disruption)
    old = schedule.by_key()
    machine_of = {k: o.machine for k, o in old.items()}
    lower = {k: o.start for k, o in old.items()}
    order: dict[int, list[Key]] = {m: [] for m in range(len(new.machines))}
    for o in sorted(schedule.operations, key=lambda o: (o.start, o.end)):
        if not _pinned(new, (o.job, o.index)):
            order[o.machine].append((o.job, o.index))
    if isinstance(disruption, RushJob):
        _insert_rush(new, len(new.jobs) - 1, machine_of, lower, order, old)
    times = _right_shift(new, machine_of, order, lower)
    if times is None:
        return _failed(new, t0)
    if isinstance(disruption, MachineDown):
        hit = [k for k in order[disruption.machine] if k in old and times[k][0] != old[k].start]
        moved_any = False
        for k in hit:
            if _try_move(new, k, machine_of, order, times):
                lower[k] = times[k][0]
                moved_any = True
        if moved_any:
            retimed = _right_shift(new, machine_of, order, lower)
            if retimed is None:
                return _failed(new, t0)
            times = retimed
    ops = tuple(
        ScheduledOperation(j, i, machine_of[(j, i)], *times[(j, i)])
        for j, job in enumerate(new.jobs)
        for i in range(len(job.operations))
    )
    result = Schedule(ops)
    moved = sum(
        1
        for o in ops
        if (o.job, o.index) not in old
        or old[(o.job, o.index)].start != o.start
        or old[(o.job, o.index)].machine != o.machine
    )
    before = job_completions(instance, schedule)
    after = job_completions(new, result)
    change = tuple(after[j] - (before[j] if j < len(before) else 0) for j in range(len(after)))
    return RepairResult(Status.FEASIBLE, new, result, moved, change, time.perf_counter() - t0)


def _failed(new: Instance, t0: float) -> RepairResult:
    return RepairResult(Status.INFEASIBLE, new, None, 0, (), time.perf_counter() - t0)


def _pinned(instance: Instance, key: Key) -> bool:
    return instance.jobs[key[0]].operations[key[1]].pinned


def _family(instance: Instance, key: Key) -> int:
    return instance.jobs[key[0]].operations[key[1]].family


def _duration(instance: Instance, key: Key, machine: int) -> int:
    d = instance.jobs[key[0]].operations[key[1]].duration_on(machine)
    assert d is not None
    return d


def _fit(
    machine: Machine,
    pins: list[tuple[int, int, int]],
    t: int,
    dur: int,
    fam: int,
) -> int:
    """Earliest start >= t clear of unavailable intervals and of pinned work (with setups)."""
    moved = True
    while moved:
        moved = False
        for a, b in machine.unavailable:
            if t < b and t + dur > a:
                t, moved = b, True
        for s, e, f in pins:
            if t < e + machine.setup(f, fam) and t + dur + machine.setup(fam, f) > s:
                t, moved = e + machine.setup(f, fam), True
    return t


def _right_shift(
    instance: Instance,
    machine_of: dict[Key, int],
    order: dict[int, list[Key]],
    lower: dict[Key, int],
) -> dict[Key, tuple[int, int]] | None:
    """Time every operation keeping machines and orders, never earlier than ``lower``."""
    times: dict[Key, tuple[int, int]] = {}
    pins: dict[int, list[tuple[int, int, int]]] = {m: [] for m in range(len(instance.machines))}
    for j, job in enumerate(instance.jobs):
        for i, op in enumerate(job.operations):
            if op.pinned_machine is not None and op.pinned_start is not None:
                d = _duration(instance, (j, i), op.pinned_machine)
                for a, b in instance.machines[op.pinned_machine].unavailable:
                    if op.pinned_start < b and op.pinned_start + d > a:
                        return None  # the outage hits frozen work: no repair keeps the pin
                times[(j, i)] = (op.pinned_start, op.pinned_start + d)
                machine_of[(j, i)] = op.pinned_machine
                pins[op.pinned_machine].append((op.pinned_start, op.pinned_start + d, op.family))
    preds: dict[Key, list[Key]] = {}
    succs: dict[Key, list[Key]] = {}
    for j, job in enumerate(instance.jobs):
        for a, b in job.arcs():
            preds.setdefault((j, b), []).append((j, a))
            succs.setdefault((j, a), []).append((j, b))
    mprev: dict[Key, Key] = {}
    mnext: dict[Key, Key] = {}
    for seq in order.values():
        for ka, kb in itertools.pairwise(seq):
            mprev[kb] = ka
            mnext[ka] = kb
    indeg: dict[Key, int] = {}
    stack: list[Key] = []
    for j, job in enumerate(instance.jobs):
        for i in range(len(job.operations)):
            k = (j, i)
            indeg[k] = len(preds.get(k, ())) + (1 if k in mprev else 0)
            if indeg[k] == 0:
                stack.append(k)
    done = 0
    while stack:
        k = stack.pop()
        done += 1
        job = instance.jobs[k[0]]
        ready = max([job.release, lower.get(k, 0)] + [times[p][1] for p in preds.get(k, ())])
        if _pinned(instance, k):
            if max([job.release] + [times[p][1] for p in preds.get(k, ())]) > times[k][0]:
                return None
        else:
            m = machine_of[k]
            machine = instance.machines[m]
            fam = _family(instance, k)
            p = mprev.get(k)
            if p is not None:
                ready = max(ready, times[p][1] + machine.setup(_family(instance, p), fam))
            d = _duration(instance, k, m)
            s = _fit(machine, pins[m], ready, d, fam)
            times[k] = (s, s + d)
        for q in succs.get(k, ()):
            indeg[q] -= 1
            if indeg[q] == 0:
                stack.append(q)
        q2 = mnext.get(k)
        if q2 is not None:
            indeg[q2] -= 1
            if indeg[q2] == 0:
                stack.append(q2)
    return times if done == len(indeg) else None


def _gap_on(
    instance: Instance,
    key: Key,
    m: int,
    ready: int,
    seq: list[Key],
    times: dict[Key, tuple[int, int]],
) -> tuple[int, int] | None:
    """Earliest (start, position) of ``key`` in a gap of machine m's sequence, others fixed."""
    machine = instance.machines[m]
    fam = _family(instance, key)
    d = _duration(instance, key, m)
    pins = [
        (times[(j, i)][0], times[(j, i)][1], op.family)
        for j, job in enumerate(instance.jobs)
        for i, op in enumerate(job.operations)
        if op.pinned_machine == m
    ]
    for pos in range(len(seq) + 1):
        lo = ready
        if pos > 0:
            prev = seq[pos - 1]
            lo = max(lo, times[prev][1] + machine.setup(_family(instance, prev), fam))
        s = _fit(machine, pins, lo, d, fam)
        if pos == len(seq):
            return s, pos
        nxt = seq[pos]
        if s + d + machine.setup(fam, _family(instance, nxt)) <= times[nxt][0]:
            return s, pos
    return None


def _try_move(
    instance: Instance,
    key: Key,
    machine_of: dict[Key, int],
    order: dict[int, list[Key]],
    times: dict[Key, tuple[int, int]],
) -> bool:
    """Move ``key`` to a gap on another machine when it finishes earlier there."""
    job = instance.jobs[key[0]]
    ready = max([job.release] + [times[(key[0], a)][1] for a, b in job.arcs() if b == key[1]])
    best: tuple[int, int, int] | None = None
    for md in job.operations[key[1]].modes:
        if md.machine == machine_of[key]:
            continue
        found = _gap_on(instance, key, md.machine, ready, order[md.machine], times)
        if (
            found is not None
            and found[0] + md.duration < times[key][1]
            and (best is None or found[0] + md.duration < best[0])
        ):
            best = (found[0] + md.duration, md.machine, found[1])
    if best is None:
        return False
    finish, m, pos = best
    times[key] = (finish - _duration(instance, key, m), finish)
    order[machine_of[key]].remove(key)
    order[m].insert(pos, key)
    machine_of[key] = m
    return True


def _insert_rush(
    instance: Instance,
    j: int,
    machine_of: dict[Key, int],
    lower: dict[Key, int],
    order: dict[int, list[Key]],
    old: dict[Key, ScheduledOperation],
) -> None:
    """Place the rush job's operations ahead of planned work, on the machine free earliest."""
    job = instance.jobs[j]
    est = {i: job.release for i in range(len(job.operations))}
    rush_end: dict[Key, int] = {}

    def end_of(k: Key) -> int:
        return old[k].end if k in old else rush_end[k]

    for i in _topo(job):
        op = job.operations[i]
        if op.pinned:
            continue
        best: tuple[int, int, int] | None = None
        for md in op.modes:
            seq = order[md.machine]
            pos = 0
            while pos < len(seq) and end_of(seq[pos]) <= est[i]:
                pos += 1
            s = max(est[i], end_of(seq[pos - 1]) if pos > 0 else 0)
            if best is None or s + md.duration < best[0]:
                best = (s + md.duration, md.machine, pos)
        assert best is not None
        finish, m, pos = best
        order[m].insert(pos, (j, i))
        rush_end[(j, i)] = finish
        machine_of[(j, i)] = m
        lower[(j, i)] = job.release
        for a, b in job.arcs():
            if a == i:
                est[b] = max(est[b], finish)


def _topo(job: Job) -> list[int]:
    n = len(job.operations)
    indeg = [0] * n
    for _, b in job.arcs():
        indeg[b] += 1
    out = [i for i in range(n) if indeg[i] == 0]
    k = 0
    while k < len(out):
        a = out[k]
        k += 1
        for x, b in job.arcs():
            if x == a:
                indeg[b] -= 1
                if indeg[b] == 0:
                    out.append(b)
    return out
