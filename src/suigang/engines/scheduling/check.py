"""An independent feasibility check of a schedule against its instance.

Written from the model alone (no solver code), so it can judge every solver's output.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise, permutations

from suigang.engines.scheduling.model import Instance, Machine
from suigang.engines.scheduling.solution import Schedule, ScheduledOperation


@dataclass(frozen=True, slots=True)
class CheckReport:
    """``ok`` when there are no violations; each violation is one readable sentence."""

    ok: bool
    violations: tuple[str, ...]


def check(instance: Instance, schedule: Schedule, max_violations: int = 50) -> CheckReport:
    """Verify every constraint of ``instance`` on ``schedule``."""
    out: list[str] = []
    seen: dict[tuple[int, int], ScheduledOperation] = {}
    for o in schedule.operations:
        key = (o.job, o.index)
        if o.job >= len(instance.jobs) or o.index >= len(instance.jobs[o.job].operations):
            out.append(f"job {o.job} operation {o.index} does not exist")
            continue
        if key in seen:
            out.append(f"job {o.job} operation {o.index} is scheduled twice")
            continue
        seen[key] = o
        job = instance.jobs[o.job]
        op = job.operations[o.index]
        dur = op.duration_on(o.machine)
        if dur is None:
            out.append(f"job {o.job} operation {o.index}: machine {o.machine} is not eligible")
        elif o.end - o.start != dur:
            out.append(
                f"job {o.job} operation {o.index}: runs {o.end - o.start} on machine "
                f"{o.machine}, needs {dur}"
            )
        if o.start < job.release:
            out.append(
                f"job {o.job} operation {o.index}: starts at {o.start} before release {job.release}"
            )
        if op.pinned_machine is not None and (
            o.machine != op.pinned_machine or o.start != op.pinned_start
        ):
            out.append(
                f"job {o.job} operation {o.index}: pinned to machine {op.pinned_machine} at "
                f"{op.pinned_start}, scheduled on {o.machine} at {o.start}"
            )
        if o.machine < len(instance.machines):
            for a, b in instance.machines[o.machine].unavailable:
                if o.start < b and o.end > a:
                    out.append(
                        f"job {o.job} operation {o.index}: [{o.start}, {o.end}) overlaps machine "
                        f"{o.machine} unavailable [{a}, {b})"
                    )
    for j, job in enumerate(instance.jobs):
        for i in range(len(job.operations)):
            if (j, i) not in seen:
                out.append(f"job {j} operation {i} is not scheduled")
        for a, b in job.arcs():
            oa, ob = seen.get((j, a)), seen.get((j, b))
            if oa is not None and ob is not None and ob.start < oa.end:
                out.append(
                    f"job {j}: operation {b} starts at {ob.start} before operation {a} ends at "
                    f"{oa.end}"
                )
    per_machine: dict[int, list[ScheduledOperation]] = {}
    for o in seen.values():
        if o.machine < len(instance.machines):
            per_machine.setdefault(o.machine, []).append(o)
    for m, ops in per_machine.items():
        ops.sort(key=lambda o: (o.start, o.end, o.job, o.index))
        machine = instance.machines[m]
        _order_zero_length_ties(instance, machine, ops)
        for x, y in pairwise(ops):
            gap = machine.setup(_fam(instance, x), _fam(instance, y))
            if y.start < x.end + gap:
                what = "overlaps" if y.start < x.end else f"leaves less than setup {gap} after"
                out.append(
                    f"machine {m}: job {y.job} operation {y.index} at {y.start} {what} job "
                    f"{x.job} operation {x.index} ending {x.end}"
                )
    return CheckReport(not out, tuple(out[:max_violations]))


def _fam(instance: Instance, o: ScheduledOperation) -> int:
    return instance.jobs[o.job].operations[o.index].family


def _order_zero_length_ties(
    instance: Instance, machine: Machine, ops: list[ScheduledOperation]
) -> None:
    """Zero-length operations at one instant have no order in time; pick one that works.

    Such a group (up to 6 operations) is put in the first order whose setups all hold with
    its neighbours, so a valid sequence is never reported as a setup violation.
    """
    i = 0
    while i < len(ops):
        j = i
        while j + 1 < len(ops) and ops[j + 1].start == ops[i].start and ops[j].end == ops[j].start:
            j += 1
        if j > i and j - i < 6:
            group = ops[i : j + 1]
            before = ops[i - 1] if i > 0 else None
            after = ops[j + 1] if j + 1 < len(ops) else None
            for perm in permutations(group):
                seq = ([before] if before else []) + list(perm) + ([after] if after else [])
                if all(
                    b.start >= a.end + machine.setup(_fam(instance, a), _fam(instance, b))
                    for a, b in pairwise(seq)
                ):
                    ops[i : j + 1] = list(perm)
                    break
        i = j + 1
