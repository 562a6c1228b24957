"""Capable-to-promise: the earliest date a factory can promise for an RFQ, from its plan.

The RFQ's job (the quoted product's routing for the RFQ quantity) is inserted into the
released plan by the scheduling engine's ``promise`` (engines/scheduling/insert.py). Two
answers:

* ``earliest``: nobody's committed order is pushed past its promise;
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
from suigang.domains.identity.service import get_own, require
from suigang.domains.orders.models import RFQ, Order
from suigang.domains.planning.build import Plan, build_plan
from suigang.domains.planning.rows import schedule_from_rows
from suigang.domains.planning.versions import PLAN_OBJECTIVE, current_version, version_rows
from suigang.domains.production.models import Operation, WorkOrder
from suigang.engines.scheduling import (
    Instance,
    Schedule,
    dispatch,
    job_completions,
    normalise,
    promise,
)
from suigang.errors import Conflict, NotFound


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
    product = get_own(session, Product, product_id, actor=actor, kind="product")
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
    current = normalised(existing, sched)
    protected = frozenset(j for j in range(n) if existing.jobs[j].priority >= new.priority)
    answer = promise(existing, current, new, protected=protected)
    if answer.earliest is None:
        raise Conflict("the new job cannot be fitted into the plan")
    earliest_done = answer.earliest.new_completion
    bump_done = earliest_done
    bumped: list[Bumped] = []
    if answer.bumping is not None:
        bump_done = answer.bumping.new_completion
        after, before = answer.bumping.completions, answer.before
        for j in range(n):
            if after[j] > before[j]:
                wo = plan.work_orders[j]
                order = session.get(Order, wo.order_id) if wo.order_id else None
                finish = plan.clock.to_wall(after[j], end=True)
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


def normalised(existing: Instance, schedule: Schedule) -> Schedule:
    """The stored plan re-timed on today's axis; Conflict when its pins no longer hold."""
    out = normalise(existing, schedule)
    if out is None:
        raise Conflict("the released plan no longer holds (pins clash); re-plan first")
    return out


def _solo(plan: Plan) -> Schedule:
    result = dispatch(plan.instance, PLAN_OBJECTIVE)
    if result.schedule is None:
        raise Conflict("the RFQ's job cannot be planned")
    return result.schedule
