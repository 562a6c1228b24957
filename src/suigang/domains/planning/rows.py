"""Between the stored plan rows (wall-clock times, machine ids) and engine schedules (working
minutes on a plan's axis, machine indexes)."""

from __future__ import annotations

import itertools
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from suigang.domains.planning.build import Plan
from suigang.domains.planning.models import ScheduledOperation
from suigang.engines.scheduling import Instance, Schedule
from suigang.engines.scheduling import ScheduledOperation as EngineScheduled


def schedule_from_rows(
    plan: Plan, rows: list[ScheduledOperation], jobs: int | None = None
) -> Schedule:
    """The stored rows of the first ``jobs`` jobs as an engine schedule on ``plan``'s axis.

    Times are re-read on the current axis; an operation keeps its machine when it still may
    run there and its stored duration becomes the instance's.
    """
    by_op = {r.operation_id: r for r in rows}
    n = len(plan.instance.jobs) if jobs is None else jobs
    out: list[EngineScheduled] = []
    for j in range(n):
        for i, oid in enumerate(plan.op_ids[j]):
            op = plan.instance.jobs[j].operations[i]
            row = by_op.get(oid)
            m = op.modes[0].machine
            start = 0
            if row is not None:
                start = plan.clock.to_work(row.start)
                if row.machine_id in plan.machine_ids:
                    k = plan.machine_ids.index(row.machine_id)
                    if op.duration_on(k) is not None:
                        m = k
            if op.pinned_machine is not None and op.pinned_start is not None:
                m, start = op.pinned_machine, op.pinned_start
            dur = op.duration_on(m) or 0
            out.append(EngineScheduled(j, i, m, start, start + dur))
    return Schedule(tuple(out))


class NewRow(NamedTuple):
    """A ``scheduled_operation`` row of a version being stored (inserted as it is: a plan
    holds hundreds, and building ORM objects for them cost more than the insert)."""

    id: uuid.UUID
    version_id: uuid.UUID
    operation_id: uuid.UUID
    work_order_id: uuid.UUID
    order_id: uuid.UUID | None
    machine_id: uuid.UUID
    start: datetime
    end: datetime
    work_minutes: int
    setup_min: int
    pinned: bool


def rows_from_schedule(
    plan: Plan, schedule: Schedule, version_id: uuid.UUID, pinned: set[uuid.UUID]
) -> list[NewRow]:
    """Stored rows (wall-clock times) for an engine schedule of ``plan``; ``pinned`` are the
    operations a planner pinned (kept pinned in plans made from this one)."""
    inst = plan.instance
    rows: list[NewRow] = []
    per_machine: dict[int, list[EngineScheduled]] = defaultdict(list)
    for o in schedule.operations:
        per_machine[o.machine].append(o)
    seq_setup: dict[tuple[int, int], int] = {}
    for m, ops in per_machine.items():
        ops.sort(key=lambda o: (o.start, o.end))
        for a, b in itertools.pairwise(ops):
            fa = inst.jobs[a.job].operations[a.index].family
            fb = inst.jobs[b.job].operations[b.index].family
            seq_setup[(b.job, b.index)] = inst.machines[m].setup(fa, fb)
    for o in schedule.operations:
        wo = plan.work_orders[o.job]
        mid = plan.machine_ids[o.machine]
        has_matrix = bool(inst.machines[o.machine].setup_times) and plan.families[o.job][o.index]
        setup = (
            seq_setup.get((o.job, o.index), 0) if has_matrix else plan.fixed_setup[o.job][o.index]
        )
        oid = plan.op_ids[o.job][o.index]
        rows.append(
            NewRow(
                id=uuid.uuid4(),
                version_id=version_id,
                operation_id=oid,
                work_order_id=wo.id,
                order_id=wo.order_id,
                machine_id=mid,
                start=plan.clock.to_wall(o.start),
                end=plan.clock.to_wall(o.end, end=True),
                work_minutes=o.end - o.start,
                setup_min=setup,
                pinned=oid in pinned,
            )
        )
    return rows


def move_job_last(plan: Plan, j: int) -> Plan:
    """``plan`` with job ``j`` moved to the end (the engine appends a rush job last)."""
    order = [k for k in range(len(plan.instance.jobs)) if k != j] + [j]
    plan.instance = Instance(
        plan.instance.machines, tuple(plan.instance.jobs[k] for k in order), name=plan.instance.name
    )
    plan.work_orders = [plan.work_orders[k] for k in order]
    plan.op_ids = [plan.op_ids[k] for k in order]
    plan.families = [plan.families[k] for k in order]
    plan.fixed_setup = [plan.fixed_setup[k] for k in order]
    plan.key_of = {oid: (jj, i) for jj, ids in enumerate(plan.op_ids) for i, oid in enumerate(ids)}
    return plan


class Placed(Protocol):
    """Where and when an operation runs: a stored row or one about to be."""

    @property
    def operation_id(self) -> uuid.UUID: ...
    @property
    def work_order_id(self) -> uuid.UUID: ...
    @property
    def machine_id(self) -> uuid.UUID: ...
    @property
    def start(self) -> datetime: ...


def moved_between(
    base: Sequence[Placed], rows: Sequence[Placed], numbers: dict[uuid.UUID, str]
) -> list[dict[str, Any]]:
    """Operations whose machine or start differ from the base plan (or are new to it)."""
    old = {r.operation_id: r for r in base}
    out: list[dict[str, Any]] = []
    for r in rows:
        o = old.get(r.operation_id)
        if o is not None and o.machine_id == r.machine_id and o.start == r.start:
            continue
        out.append(
            {
                "operation_id": str(r.operation_id),
                "work_order": numbers.get(r.work_order_id, ""),
                "from_machine_id": None if o is None else str(o.machine_id),
                "to_machine_id": str(r.machine_id),
                "from_start": None if o is None else o.start.isoformat(),
                "to_start": r.start.isoformat(),
            }
        )
    return out
