"""Capable-to-promise: the earliest date a factory can promise for an RFQ, from its plan.

The RFQ's job (the quoted product's routing for the RFQ quantity) is inserted into the
released plan with the engine's rush-job repair, which fits it ahead of planned work and
pushes later work right. Two answers:

* ``earliest``: nobody's committed order is pushed past its promise. Work orders that the
  insertion would push past their due date are pinned where they are and the insertion is
  repeated, until no promise breaks (at worst everything is pinned and the job only fills
  gaps);
* ``with_bumping``: work orders of a lower priority than the new job may be pushed; the
  ones that would finish later are listed with their delay.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.catalog.models import Product
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import require
from suigang.domains.orders.models import RFQ, Order
from suigang.domains.planning.build import Plan, build_plan, schedule_from_rows
from suigang.domains.planning.service import PLAN_OBJECTIVE, current_version, version_rows
from suigang.domains.production.models import Operation, WorkOrder
from suigang.engines.scheduling import Instance, Job, Schedule, dispatch, job_completions
from suigang.engines.scheduling import Operation as EngineOperation
from suigang.engines.scheduling.repair import MachineDown, RushJob, repair
from suigang.engines.scheduling.solution import Status
from suigang.errors import Conflict, NotFound

MAX_ROUNDS = 25


@dataclass(frozen=True, slots=True)
class Bumped:
    """A work order the bumping answer would finish later."""

    work_order: str
    order_id: uuid.UUID | None
    order_number: str | None
    delay_min: int  # wall-clock minutes later than in the released plan
    finish: datetime
    due: datetime
    breaks_promise: bool


@dataclass(frozen=True, slots=True)
class Promise:
    """Earliest completion dates for an RFQ at one factory, from its released plan."""

    rfq_id: uuid.UUID
    product_id: uuid.UUID
    quantity: int
    earliest: datetime
    with_bumping: datetime
    bumped: tuple[Bumped, ...]
    plan_number: int | None
    operations_in_plan: int
    wall_time_s: float


def _candidate(rfq: RFQ, product: Product, priority: int) -> WorkOrder:
    """The RFQ as a work order that is never saved."""
    return WorkOrder(
        id=uuid.uuid4(),
        number=f"CTP-{rfq.number}",
        factory_id=product.enterprise_id,
        product_id=product.id,
        quantity=rfq.quantity,
        due_date=rfq.wanted_date,
        priority=priority,
        operations=[
            Operation(
                id=uuid.uuid4(),
                seq=step.seq,
                name=step.name,
                eligible_machine_ids=[str(m.id) for m in step.machines],
                setup_s=step.setup_s,
                run_s=(Decimal(step.run_s_per_unit) * rfq.quantity).quantize(Decimal("0.001")),
                status="pending",
            )
            for step in product.steps
        ],
    )


def _pin_jobs(instance: Instance, schedule: Schedule, jobs: set[int]) -> Instance:
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
            ops.append(EngineOperation(modes, op.family, s.machine, s.start, op.name))
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
        ops.append(EngineOperation(chosen, op.family, name=op.name))
    return Job(
        tuple(ops), new.precedences, new.release, new.due, new.weight, new.priority, new.name
    )


Inserted = tuple[Schedule, list[int], Instance]


def _insert(instance: Instance, schedule: Schedule, new: Job, pinned: set[int]) -> Inserted | None:
    fixed = _pin_jobs(instance, schedule, pinned)
    steered = steer(fixed, schedule, new) if new.precedences is None else new
    result = repair(fixed, schedule, RushJob(steered))
    if result.status is not Status.FEASIBLE or result.schedule is None:
        return None
    return result.schedule, job_completions(result.instance, result.schedule), result.instance


def normalise(existing: Instance, schedule: Schedule) -> Schedule:
    """Re-time a stored plan on today's axis (work planned in the past starts now): a repair
    for an outage beyond every operation changes nothing but the timing."""
    far = max(o.end for o in schedule.operations) + 10**6
    norm = repair(existing, schedule, MachineDown(0, far, far + 1))
    if norm.schedule is None:
        raise Conflict("the released plan no longer holds (pins clash); re-plan first")
    return norm.schedule


def insert_keeping_promises(existing: Instance, current: Schedule, new: Job) -> Inserted:
    """Insert ``new`` (as the last job) so that no job is pushed past its due date that was
    not already past it: jobs the insertion would break are pinned and it is repeated."""
    n = len(existing.jobs)
    before = job_completions(existing, current)
    dues = [j.due if j.due is not None else 0 for j in existing.jobs]
    pinned: set[int] = set()
    for _ in range(MAX_ROUNDS):
        out = _insert(existing, current, new, pinned)
        if out is None:
            break
        done = out[1]
        broken = {j for j in range(n) if done[j] > before[j] and done[j] > dues[j]}
        if not broken:
            return out
        pinned |= broken
    out = _insert(existing, current, new, set(range(n)))
    if out is None:
        raise Conflict("the new job cannot be fitted into the plan")
    return out


def promise_date(
    session: Session,
    *,
    actor: Actor,
    rfq_id: uuid.UUID,
    product_id: uuid.UUID,
    priority: int = 1,
    now: datetime | None = None,
) -> Promise:
    """When the actor's factory can finish ``product_id`` in the RFQ's quantity."""
    t0 = time.perf_counter()
    rfq = session.get(RFQ, rfq_id)
    if rfq is None or actor.enterprise_id not in {r.factory_id for r in rfq.recipients}:
        raise NotFound(f"rfq {rfq_id} not found")
    require(actor, "quote:create", rfq)
    product = session.get(Product, product_id)
    if product is None or product.enterprise_id != actor.enterprise_id:
        raise NotFound(f"product {product_id} not found")
    if not product.steps:
        raise Conflict(f"product {product.code} has no routing to plan")
    candidate = _candidate(rfq, product, priority)
    base = current_version(session, actor.enterprise_id)
    rows = version_rows(session, base.id) if base else []
    plan = build_plan(
        session,
        factory_id=actor.enterprise_id,
        origin=now or utcnow(),
        work_order_ids={r.work_order_id for r in rows} if base else None,
        base_rows=rows,
        extra=[candidate],
    )
    new = plan.instance.jobs[-1]
    n = len(plan.instance.jobs) - 1
    if n == 0:
        done = job_completions(plan.instance, _solo(plan))
        when = plan.clock.to_wall(done[-1], end=True)
        return Promise(
            rfq.id, product.id, rfq.quantity, when, when, (), None, 0, time.perf_counter() - t0
        )
    existing = plan.without_last_job()
    if base is None:
        sched = dispatch(existing, PLAN_OBJECTIVE).schedule
    else:
        sched = schedule_from_rows(plan, rows, jobs=n)
    if sched is None:
        raise Conflict("the factory's current work cannot be planned (pins clash)")
    current = normalise(existing, sched)
    before = job_completions(existing, current)
    earliest_done = insert_keeping_promises(existing, current, new)[1][n]

    protected = {j for j in range(n) if existing.jobs[j].priority >= new.priority}
    out = _insert(existing, current, new, protected)
    bumped: list[Bumped] = []
    bump_done = earliest_done
    if out is not None and out[1][n] < earliest_done:
        bump_done = out[1][n]
        done = out[1]
        for j in range(n):
            if done[j] > before[j]:
                wo = plan.work_orders[j]
                order = session.get(Order, wo.order_id) if wo.order_id else None
                finish = plan.clock.to_wall(done[j], end=True)
                old = plan.clock.to_wall(before[j], end=True)
                bumped.append(
                    Bumped(
                        work_order=wo.number,
                        order_id=wo.order_id,
                        order_number=order.number if order else None,
                        delay_min=int((finish - old).total_seconds() // 60),
                        finish=finish,
                        due=wo.due_date,
                        breaks_promise=finish > wo.due_date,
                    )
                )
        bumped.sort(key=lambda b: (-b.delay_min, b.work_order))
    return Promise(
        rfq_id=rfq.id,
        product_id=product.id,
        quantity=rfq.quantity,
        earliest=plan.clock.to_wall(earliest_done, end=True),
        with_bumping=plan.clock.to_wall(bump_done, end=True),
        bumped=tuple(bumped),
        plan_number=base.number if base else None,
        operations_in_plan=existing.n_operations,
        wall_time_s=time.perf_counter() - t0,
    )


def _solo(plan: Plan) -> Schedule:
    result = dispatch(plan.instance, PLAN_OBJECTIVE)
    if result.schedule is None:
        raise Conflict("the RFQ's job cannot be planned")
    return result.schedule
