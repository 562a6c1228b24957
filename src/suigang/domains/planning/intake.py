"""A newly placed order joins the released plan without breaking anyone's promise.

On ``order.placed`` each of the order's work orders is inserted into the released plan the
way capable-to-promise computed its date (work orders that would be pushed past their
promise stay where they are), and the result is released as a version of reason ``ctp``.
A factory without a released plan plans the order with everything else on its next plan.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.events.models import OutboxEvent
from suigang.domains.identity.permissions import Actor
from suigang.domains.orders.models import Order
from suigang.domains.planning.build import build_plan
from suigang.domains.planning.ctp import normalised
from suigang.domains.planning.models import ScheduleVersion, VersionReason
from suigang.domains.planning.rows import move_job_last, schedule_from_rows
from suigang.domains.planning.versions import (
    PLAN_OBJECTIVE,
    current_version,
    release_version,
    store_version,
    version_rows,
)
from suigang.domains.production.models import WorkOrder
from suigang.engines.scheduling import dispatch, insert_keeping_promises
from suigang.errors import Conflict, DomainError

log = logging.getLogger(__name__)
ORDER_PLACED = "order.placed"


def insert_order(
    session: Session, *, order: Order, actor: Actor | None, now: datetime | None = None
) -> ScheduleVersion | None:
    """Insert the order's unplanned work orders into the released plan and release it
    (flushes only). None when there is no released plan or nothing new to insert."""
    base = current_version(session, order.factory_id)
    if base is None:
        return None
    rows = version_rows(session, base.id)
    planned = {r.work_order_id for r in rows}
    wos = session.scalars(select(WorkOrder).where(WorkOrder.order_id == order.id))
    version: ScheduleVersion | None = None
    for wo in [w for w in wos if w.id not in planned]:
        plan = build_plan(
            session,
            factory_id=order.factory_id,
            origin=now or utcnow(),
            work_order_ids=planned | {wo.id},
            base_rows=rows,
        )
        at = next((k for k, w in enumerate(plan.work_orders) if w.id == wo.id), None)
        if at is None:
            continue  # nothing of it is left to do
        plan = move_job_last(plan, at)
        existing = plan.without_last_job()
        if existing.jobs:
            current = normalised(existing, schedule_from_rows(plan, rows, jobs=len(existing.jobs)))
            inserted = insert_keeping_promises(existing, current, plan.instance.jobs[-1])
            if inserted is None:
                raise Conflict(f"work order {wo.number} cannot be fitted into the plan")
            schedule, plan.instance = inserted.schedule, inserted.instance
        else:
            result = dispatch(plan.instance, PLAN_OBJECTIVE)
            if result.schedule is None:
                raise Conflict(f"work order {wo.number} cannot be planned")
            schedule = result.schedule
        version = store_version(
            session,
            plan=plan,
            schedule=schedule,
            actor=actor,
            reason=VersionReason.CTP,
            base=base,
            solver="insertion",
            pinned={r.operation_id for r in rows if r.pinned},
            frozen_until=base.frozen_until,
            note=f"order {order.number} ({wo.number}) inserted keeping every promise",
        )
        release_version(session, version, actor)
        base, rows, planned = version, version_rows(session, version.id), planned | {wo.id}
    return version


def on_order_placed(session: Session, event: OutboxEvent) -> None:
    """Outbox handler: plan a new order into the factory's released plan."""
    try:
        order = session.get(Order, uuid.UUID(event.subject_id))
    except ValueError:
        return
    if order is None:
        return
    try:
        insert_order(session, order=order, actor=None)
    except DomainError as exc:  # not worth retrying: the next plan takes the order
        log.warning("order %s not inserted into the plan: %s", order.number, exc.message)
