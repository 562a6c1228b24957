"""Disruptions: a machine down, an operation running late, a rush order → the engine's
repair of the released plan, released at once as a new version recording what moved.

``repair_*`` functions flush only (the outbox handler runs them inside the dispatcher's
transaction); the ``report_*``/``rush_order`` use cases commit.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.catalog.models import (
    MACHINE_BACK_IN_SERVICE,
    Machine,
)
from suigang.domains.common import commit_once, owned_by
from suigang.domains.events.models import OutboxEvent
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, get_own, require
from suigang.domains.orders.models import Order
from suigang.domains.planning.build import Plan, build_plan, load_calendar
from suigang.domains.planning.models import (
    Disruption,
    DisruptionKind,
    ScheduledOperation,
    ScheduleVersion,
    VersionReason,
)
from suigang.domains.planning.rows import move_job_last, schedule_from_rows
from suigang.domains.planning.versions import (
    PLAN_CLASH,
    current_version,
    release_version,
    store_version,
    version_rows,
)
from suigang.domains.production.models import Operation, WorkOrder
from suigang.engines.scheduling import (
    MachineDown,
    OperationLate,
    RepairResult,
    RushJob,
    Status,
    repair,
    steer,
)
from suigang.errors import Conflict, InvalidInput, NotFound

log = logging.getLogger(__name__)


def _finish(
    session: Session,
    *,
    plan: Plan,
    result: RepairResult,
    base: ScheduleVersion,
    actor: Actor | None,
    disruption: Disruption,
    note: str,
) -> ScheduleVersion:
    if result.status is not Status.FEASIBLE or result.schedule is None:
        raise Conflict(f"the plan cannot be repaired: {note} clashes with pinned operations")
    plan.instance = result.instance
    pinned = {r.operation_id for r in version_rows(session, base.id) if r.pinned}
    version = store_version(
        session,
        plan=plan,
        schedule=result.schedule,
        actor=actor,
        reason=VersionReason.REPAIR,
        base=base,
        solver="repair",
        pinned=pinned,
        frozen_until=base.frozen_until,
        note=note,
    )
    disruption.version_id = version.id
    session.add(disruption)
    release_version(session, version, actor)
    return version


def _replan(
    session: Session,
    base: ScheduleVersion,
    *,
    origin: datetime,
    unpin_machine: uuid.UUID | None = None,
) -> tuple[list[ScheduledOperation], Plan]:
    """The released plan's rows, and its work orders planned again from ``origin`` with the
    rows as the base (nothing pinned on ``unpin_machine``, a machine going down)."""
    rows = version_rows(session, base.id)
    plan = build_plan(
        session,
        factory_id=base.factory_id,
        origin=origin,
        work_order_ids={r.work_order_id for r in rows},
        base_rows=rows,
        unpin_machine=unpin_machine,
    )
    return rows, plan


def repair_machine_down(
    session: Session,
    *,
    machine: Machine,
    start: datetime,
    end: datetime | None,
    actor: Actor | None,
    source: str,
    now: datetime | None = None,
) -> ScheduleVersion | None:
    """Repair the released plan for ``machine`` being down over ``[start, end)``. None when
    there is no plan or nothing to do.

    Without ``end`` the machine is back after the factory's estimated repair time
    (``machine_down_minutes``) counted in *working* minutes from the breakdown, as a plan
    built while the machine is out of service counts it: a breakdown at night or on a day
    off still costs the first working hours, since nobody repairs it meanwhile."""
    cal = load_calendar(session, machine.enterprise_id)
    now = now or utcnow()
    if end is None:
        clock = cal.clock(start)  # its origin is ``start`` rounded down to the minute
        end = clock.to_wall(cal.machine_down_minutes, end=True)
        if clock.to_wall(0) == clock.origin:  # broke during a shift: keep the seconds
            end += start - clock.origin
    if end <= start:
        raise InvalidInput(f"until {end.isoformat()} must be after {start.isoformat()}")
    disruption = Disruption(
        factory_id=machine.enterprise_id,
        kind=DisruptionKind.MACHINE_DOWN,
        machine_id=machine.id,
        start=start,
        end=end,
        source=source,
    )
    base = current_version(session, machine.enterprise_id)
    if base is None:
        session.add(disruption)  # later plans still keep the machine free of work
        return None
    rows, plan = _replan(session, base, origin=now, unpin_machine=machine.id)
    a, b = plan.clock.to_work(max(start, now)), plan.clock.to_work(end)
    if b <= a or machine.id not in plan.machine_ids:
        session.add(disruption)
        return None
    schedule = schedule_from_rows(plan, rows)
    result = repair(plan.instance, schedule, MachineDown(plan.machine_index(machine.id), a, b))
    return _finish(
        session,
        plan=plan,
        result=result,
        base=base,
        actor=actor,
        disruption=disruption,
        note=f"machine {machine.code} down {start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M} UTC",
    )


def report_machine_down(
    session: Session,
    *,
    actor: Actor,
    machine_id: uuid.UUID,
    start: datetime | None = None,
    until: datetime | None = None,
    now: datetime | None = None,
) -> ScheduleVersion | None:
    """A planner enters a breakdown by hand: repair and release (returns the new plan)."""
    machine = get_own(session, Machine, machine_id, actor=actor, kind="machine")
    require(actor, "plan:write", machine)
    version = repair_machine_down(
        session,
        machine=machine,
        start=start or now or utcnow(),
        end=until,
        actor=actor,
        source="manual",
        now=now,
    )
    audit(session, actor, "plan.machine_down", "machine", machine.id, code=machine.code)
    commit_once(session, clash=PLAN_CLASH)
    return version


def report_operation_late(
    session: Session,
    *,
    actor: Actor,
    operation_id: uuid.UUID,
    delay_minutes: int,
    now: datetime | None = None,
) -> ScheduleVersion:
    """An operation takes ``delay_minutes`` working minutes longer: repair and release."""
    if delay_minutes <= 0:
        raise InvalidInput(f"delay_minutes must be > 0, got {delay_minutes}")
    op = session.get(Operation, operation_id)
    if op is None or op.work_order.factory_id != actor.enterprise_id:
        raise NotFound(f"operation {operation_id} not found")
    wo = op.work_order
    require(actor, "plan:write", wo)
    base = current_version(session, wo.factory_id)
    if base is None:
        raise Conflict("the factory has no released plan to repair")
    rows, plan = _replan(session, base, origin=now or utcnow())
    if op.id not in plan.key_of:
        raise Conflict(f"operation {op.seq} of {wo.number} is not in the released plan")
    j, i = plan.key_of[op.id]
    result = repair(
        plan.instance, schedule_from_rows(plan, rows), OperationLate(j, i, delay_minutes)
    )
    version = _finish(
        session,
        plan=plan,
        result=result,
        base=base,
        actor=actor,
        disruption=Disruption(
            factory_id=wo.factory_id,
            kind=DisruptionKind.OPERATION_LATE,
            operation_id=op.id,
            delay_min=delay_minutes,
        ),
        note=f"operation {op.seq} of {wo.number} {delay_minutes} min late",
    )
    audit(session, actor, "plan.operation_late", "operation", op.id, delay=delay_minutes)
    commit_once(session, clash=PLAN_CLASH)
    return version


def rush_order(
    session: Session,
    *,
    actor: Actor,
    order_id: uuid.UUID,
    priority: int = 10,
    now: datetime | None = None,
) -> ScheduleVersion:
    """Treat an accepted order as a rush: raise its work orders' priority and fit them in
    ahead of planned work (the engine's rush-job repair), then release."""
    order = session.get(Order, order_id)
    if order is None or order.factory_id != actor.enterprise_id:
        raise NotFound(f"order {order_id} not found")
    require(actor, "plan:write", owned_by(order.factory_id))
    base = current_version(session, order.factory_id)
    if base is None:
        raise Conflict("the factory has no released plan to fit the rush order into")
    wos = [w for w in _work_orders(session, order.id)]
    if not wos:
        raise Conflict(f"order {order.number} has no work orders")
    for wo in wos:
        wo.priority = priority
    session.flush()
    rows = version_rows(session, base.id)
    version: ScheduleVersion | None = None
    for wo in wos:
        # each work order in turn is the rush job; the rest of the plan is what it was
        keep = {r.work_order_id for r in rows} - {w.id for w in wos}
        plan = build_plan(
            session,
            factory_id=order.factory_id,
            origin=now or utcnow(),
            work_order_ids=keep | {wo.id},
            exclude=None,
            base_rows=rows,
        )
        # put the rush job last: the engine appends it
        j = next(k for k, w in enumerate(plan.work_orders) if w.id == wo.id)
        plan = move_job_last(plan, j)
        base_instance = plan.without_last_job()
        schedule = schedule_from_rows(plan, rows, jobs=len(base_instance.jobs))
        job = plan.instance.jobs[-1]
        result = repair(base_instance, schedule, RushJob(steer(base_instance, schedule, job)))
        version = _finish(
            session,
            plan=plan,
            result=result,
            base=base,
            actor=actor,
            disruption=Disruption(
                factory_id=order.factory_id, kind=DisruptionKind.RUSH_ORDER, order_id=order.id
            ),
            note=f"rush order {order.number} ({wo.number}) fitted in first",
        )
        base, rows = version, version_rows(session, version.id)
    audit(session, actor, "plan.rush_order", "order", order.id, number=order.number)
    commit_once(session, clash=PLAN_CLASH)
    assert version is not None
    return version


def _work_orders(session: Session, order_id: uuid.UUID) -> list[WorkOrder]:
    return list(session.scalars(select(WorkOrder).where(WorkOrder.order_id == order_id)))


def _since(event: OutboxEvent) -> datetime:
    """When the change happened: the payload's ``since`` (telemetry's own time), else the
    event's time."""
    raw = event.payload.get("since")
    if isinstance(raw, str):
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            log.warning(
                "event %s: since %r is not an ISO time; using the event time", event.id, raw
            )
    return event.at


def on_machine_out_of_service(session: Session, event: OutboxEvent) -> None:
    """Outbox handler: a machine left service (entered by hand or seen by telemetry)."""
    try:
        machine_id = uuid.UUID(event.subject_id)
    except ValueError:
        return  # a machine telemetry knows but the registry does not: nothing planned on it
    machine = session.get(Machine, machine_id)
    if machine is None:
        return
    back_since = session.scalar(
        select(OutboxEvent.id)
        .where(
            OutboxEvent.kind == MACHINE_BACK_IN_SERVICE,
            OutboxEvent.subject_id == event.subject_id,
            OutboxEvent.id > event.id,
        )
        .limit(1)
    )
    if back_since is not None:  # already back (e.g. a delayed or replayed history): no repair
        log.info("machine %s down at %s and back since: plan left as it is", machine.code, event.at)
        return
    try:
        repair_machine_down(
            session,
            machine=machine,
            start=_since(event),
            end=None,
            actor=None,
            source=event.kind,
        )
    except Conflict as exc:  # a plan that cannot be repaired is not worth retrying
        log.warning("machine %s down: %s", machine.code, exc.message)


def on_machine_back_in_service(session: Session, event: OutboxEvent) -> None:
    """Outbox handler: a machine is back; its open outages end then (telemetry's time, else
    the event's), so the next plan uses it again (the released plan is left as it is: moving
    work back is the planner's call)."""
    try:
        machine_id = uuid.UUID(event.subject_id)
    except ValueError:
        return
    back = _since(event)
    open_outages = session.scalars(
        select(Disruption).where(
            Disruption.machine_id == machine_id,
            Disruption.kind == DisruptionKind.MACHINE_DOWN,
            Disruption.end > back,
        )
    )
    for outage in open_outages:
        outage.end = max(back, outage.start or back)
