"""The instance as flat integer arrays, the form the compiled kernels work on.

Operations get global ids in file order (job by job). Modes, predecessors, successors and
calendar intervals are stored CSR-style (``*_ptr`` offsets into one flat array).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from suigang.engines.scheduling.model import Instance, Objective, ObjectiveKind

I64 = npt.NDArray[np.int64]

_KIND_CODE = {
    ObjectiveKind.MAKESPAN: 0,
    ObjectiveKind.TWT: 1,
    ObjectiveKind.LMAX: 2,
    ObjectiveKind.SETUP: 3,
}


@dataclass(frozen=True, slots=True, eq=False)
class Flat:
    """Flat arrays of one instance (see module docstring)."""

    n_ops: int
    n_machines: int
    n_jobs: int
    op_job: I64
    op_index: I64
    job_first: I64  # global id of each job's first operation (job_first[n_jobs] == n_ops)
    mode_ptr: I64
    mode_machine: I64
    mode_dur: I64
    pred_ptr: I64
    pred_idx: I64
    succ_ptr: I64
    succ_idx: I64
    op_release: I64
    op_family: I64
    setup_ptr: I64
    setup_k: I64
    setup_flat: I64
    cal_ptr: I64
    cal_start: I64
    cal_end: I64
    pin_mode: I64  # mode id of a pinned operation, else -1
    pin_start: I64
    job_due: I64  # -1 when the job has no due date
    job_weight: I64
    job_priority: I64
    work_left: I64  # longest chain of minimum durations from the op to its job's end


def objective_codes(objective: Objective) -> I64:
    """The objective's terms as kernel codes."""
    return np.array([_KIND_CODE[t] for t in objective.terms], dtype=np.int64)


def flatten(instance: Instance) -> Flat:
    """Build the flat arrays of ``instance``."""
    n_jobs = len(instance.jobs)
    n_m = len(instance.machines)
    job_first = np.zeros(n_jobs + 1, dtype=np.int64)
    for j, job in enumerate(instance.jobs):
        job_first[j + 1] = job_first[j] + len(job.operations)
    n = int(job_first[-1])
    op_job = np.empty(n, dtype=np.int64)
    op_index = np.empty(n, dtype=np.int64)
    op_release = np.empty(n, dtype=np.int64)
    op_family = np.empty(n, dtype=np.int64)
    pin_mode = np.full(n, -1, dtype=np.int64)
    pin_start = np.zeros(n, dtype=np.int64)
    mode_ptr = np.zeros(n + 1, dtype=np.int64)
    mm: list[int] = []
    md: list[int] = []
    preds: list[list[int]] = [[] for _ in range(n)]
    succs: list[list[int]] = [[] for _ in range(n)]
    g = 0
    for j, job in enumerate(instance.jobs):
        base = int(job_first[j])
        for a, b in job.arcs():
            preds[base + b].append(base + a)
            succs[base + a].append(base + b)
        for i, op in enumerate(job.operations):
            op_job[g] = j
            op_index[g] = i
            op_release[g] = job.release
            op_family[g] = op.family
            for mode in op.modes:
                if op.pinned_machine == mode.machine:
                    pin_mode[g] = len(mm)
                    pin_start[g] = op.pinned_start or 0
                mm.append(mode.machine)
                md.append(mode.duration)
            mode_ptr[g + 1] = len(mm)
            g += 1
    pred_ptr, pred_idx = _csr(preds)
    succ_ptr, succ_idx = _csr(succs)
    setup_ptr = np.zeros(n_m, dtype=np.int64)
    setup_k = np.zeros(n_m, dtype=np.int64)
    flat_setups: list[int] = []
    cal: list[list[tuple[int, int]]] = []
    for m, machine in enumerate(instance.machines):
        setup_ptr[m] = len(flat_setups)
        setup_k[m] = len(machine.setup_times)
        for row in machine.setup_times:
            flat_setups.extend(row)
        cal.append(sorted(machine.unavailable))
    cal_ptr = np.zeros(n_m + 1, dtype=np.int64)
    for m in range(n_m):
        cal_ptr[m + 1] = cal_ptr[m] + len(cal[m])
    cal_start = np.array([s for c in cal for s, _ in c], dtype=np.int64)
    cal_end = np.array([e for c in cal for _, e in c], dtype=np.int64)
    mode_dur = np.array(md, dtype=np.int64)
    min_dur = np.array(
        [int(mode_dur[mode_ptr[o] : mode_ptr[o + 1]].min()) for o in range(n)], dtype=np.int64
    )
    work_left = np.zeros(n, dtype=np.int64)
    for j in range(n_jobs - 1, -1, -1):
        # operations of a job in reverse topological order: successors first
        ids = list(range(int(job_first[j]), int(job_first[j + 1])))
        for o in _reverse_topo(ids, succs):
            best = 0
            for s in succs[o]:
                best = max(best, int(work_left[s]))
            work_left[o] = min_dur[o] + best
    return Flat(
        n_ops=n,
        n_machines=n_m,
        n_jobs=n_jobs,
        op_job=op_job,
        op_index=op_index,
        job_first=job_first,
        mode_ptr=mode_ptr,
        mode_machine=np.array(mm, dtype=np.int64),
        mode_dur=mode_dur,
        pred_ptr=pred_ptr,
        pred_idx=pred_idx,
        succ_ptr=succ_ptr,
        succ_idx=succ_idx,
        op_release=op_release,
        op_family=op_family,
        setup_ptr=setup_ptr,
        setup_k=setup_k,
        setup_flat=np.array([*flat_setups, 0], dtype=np.int64),
        cal_ptr=cal_ptr,
        cal_start=cal_start if len(cal_start) else np.zeros(0, dtype=np.int64),
        cal_end=cal_end if len(cal_end) else np.zeros(0, dtype=np.int64),
        pin_mode=pin_mode,
        pin_start=pin_start,
        job_due=np.array([-1 if j.due is None else j.due for j in instance.jobs], dtype=np.int64),
        job_weight=np.array([j.weight for j in instance.jobs], dtype=np.int64),
        job_priority=np.array([j.priority for j in instance.jobs], dtype=np.int64),
        work_left=work_left,
    )


def _csr(lists: list[list[int]]) -> tuple[I64, I64]:
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    for i, items in enumerate(lists):
        ptr[i + 1] = ptr[i] + len(items)
    idx = np.array([x for items in lists for x in items], dtype=np.int64)
    return ptr, idx


def _reverse_topo(ids: list[int], succs: list[list[int]]) -> list[int]:
    inside = set(ids)
    order: list[int] = []
    seen: set[int] = set()
    for root in ids:
        if root in seen:
            continue
        stack: list[tuple[int, int]] = [(root, 0)]
        seen.add(root)
        while stack:
            node, k = stack.pop()
            nxt = [s for s in succs[node] if s in inside]
            if k < len(nxt):
                stack.append((node, k + 1))
                child = nxt[k]
                if child not in seen:
                    seen.add(child)
                    stack.append((child, 0))
            else:
                order.append(node)
    return order  # post-order: every successor before its predecessor
