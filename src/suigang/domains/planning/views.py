"""Read-only views of plans: the Gantt rows of a plan, the what-if comparison of two plans,
and the front shop's view of its own order."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import Machine
from suigang.domains.identity.permissions import Actor
from suigang.domains.orders.models import Order
from suigang.domains.orders.service import get_order
from suigang.domains.planning.build import load_calendar
from suigang.domains.planning.models import ScheduledOperation, ScheduleVersion
from suigang.domains.planning.versions import current_version, get_plan, version_rows
from suigang.domains.production.models import Operation, WorkOrder


@dataclass(frozen=True, slots=True)
class OrderChange:
    order_id: uuid.UUID
    order_number: str
    promised_date: datetime
    forecast_a: datetime | None
    forecast_b: datetime | None
    change_min: int | None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Plan ``b`` against plan ``a``: finish, weighted tardiness and setups, what moved."""

    a: uuid.UUID
    b: uuid.UUID
    finish_a: datetime | None
    finish_b: datetime | None
    makespan_change_min: int | None
    twt_a_min: int
    twt_b_min: int
    setup_a_min: int
    setup_b_min: int
    moved: int
    orders: tuple[OrderChange, ...]


def _wall_measures(
    session: Session, rows: list[ScheduledOperation]
) -> tuple[datetime | None, int, int, dict[uuid.UUID, datetime]]:
    ends: dict[uuid.UUID, datetime] = {}
    for r in rows:
        if r.work_order_id not in ends or r.end > ends[r.work_order_id]:
            ends[r.work_order_id] = r.end
    twt = 0
    for wo_id, end in ends.items():
        wo = session.get(WorkOrder, wo_id)
        if wo is not None and end > wo.due_date:
            twt += (1 + max(wo.priority, 0)) * int((end - wo.due_date).total_seconds() // 60)
    by_order: dict[uuid.UUID, datetime] = {}
    for r in rows:
        if r.order_id is not None and (r.order_id not in by_order or r.end > by_order[r.order_id]):
            by_order[r.order_id] = r.end
    finish = max((r.end for r in rows), default=None)
    return finish, twt, sum(r.setup_min for r in rows), by_order


def compare_plans(session: Session, *, actor: Actor, a: uuid.UUID, b: uuid.UUID) -> Comparison:
    """What changes from plan ``a`` to plan ``b`` (tardiness in wall-clock minutes against
    each work order's due date, weighted by 1 + priority)."""
    va = get_plan(session, actor=actor, plan_id=a)
    vb = get_plan(session, actor=actor, plan_id=b)
    ra, rb = version_rows(session, va.id), version_rows(session, vb.id)
    fa, twt_a, set_a, ord_a = _wall_measures(session, ra)
    fb, twt_b, set_b, ord_b = _wall_measures(session, rb)
    old = {r.operation_id: (r.machine_id, r.start) for r in ra}
    moved = sum(1 for r in rb if old.get(r.operation_id) != (r.machine_id, r.start))
    changes = []
    for oid in sorted(set(ord_a) | set(ord_b), key=str):
        order = session.get(Order, oid)
        if order is None:
            continue
        x, y = ord_a.get(oid), ord_b.get(oid)
        delta = None if x is None or y is None else int((y - x).total_seconds() // 60)
        changes.append(OrderChange(oid, order.number, order.promised_date, x, y, delta))
    changes.sort(key=lambda c: c.order_number)
    span = None if fa is None or fb is None else int((fb - fa).total_seconds() // 60)
    return Comparison(va.id, vb.id, fa, fb, span, twt_a, twt_b, set_a, set_b, moved, tuple(changes))


def rows_by_machine(rows: list[ScheduledOperation]) -> dict[uuid.UUID, list[ScheduledOperation]]:
    out: dict[uuid.UUID, list[ScheduledOperation]] = defaultdict(list)
    for r in rows:
        out[r.machine_id].append(r)
    return out


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One operation of an order as its customer sees it: what, and when."""

    seq: int
    name: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class OrderForecast:
    order_id: uuid.UUID
    order_number: str
    promised_date: datetime
    forecast_date: datetime | None
    late_min: int
    plan_number: int | None
    operations: tuple[TimelineEntry, ...]


def order_forecast(session: Session, *, actor: Actor, order_id: uuid.UUID) -> OrderForecast:
    """Promised vs forecast completion of one order and its own operations' timeline in the
    released plan; nothing of the factory's other work is included."""
    order = get_order(session, actor=actor, order_id=order_id)
    version = current_version(session, order.factory_id)
    entries: list[TimelineEntry] = []
    if version is not None:
        rows = session.scalars(
            select(ScheduledOperation)
            .where(
                ScheduledOperation.version_id == version.id,
                ScheduledOperation.order_id == order.id,
            )
            .order_by(ScheduledOperation.start)
        )
        for r in rows:
            op = session.get(Operation, r.operation_id)
            if op is not None:
                entries.append(TimelineEntry(op.seq, op.name, r.start, r.end))
    forecast = order.forecast_date
    late = 0
    if forecast is not None and forecast > order.promised_date:
        late = int((forecast - order.promised_date).total_seconds() // 60)
    return OrderForecast(
        order.id,
        order.number,
        order.promised_date,
        forecast,
        late,
        version.number if version else None,
        tuple(entries),
    )


def plan_detail(
    session: Session, *, actor: Actor, plan_id: uuid.UUID
) -> tuple[ScheduleVersion, list[dict[str, Any]], list[tuple[datetime, datetime]]]:
    """A plan with every operation (Gantt rows) and the calendar breaks it spans."""
    version = get_plan(session, actor=actor, plan_id=plan_id)
    rows = version_rows(session, version.id)
    op_by = {
        o.id: o
        for o in session.scalars(
            select(Operation).where(Operation.id.in_({r.operation_id for r in rows}))
        )
    }
    wo_by = {
        w.id: w
        for w in session.scalars(
            select(WorkOrder).where(WorkOrder.id.in_({r.work_order_id for r in rows}))
        )
    }
    machine_by = {
        m.id: m
        for m in session.scalars(select(Machine).where(Machine.enterprise_id == version.factory_id))
    }
    ops: list[dict[str, Any]] = []
    for r in rows:
        op, wo, machine = (
            op_by.get(r.operation_id),
            wo_by.get(r.work_order_id),
            machine_by.get(r.machine_id),
        )
        if op is None or wo is None or machine is None:
            continue
        ops.append(
            {
                "operation_id": r.operation_id,
                "work_order_id": wo.id,
                "work_order": wo.number,
                "order_id": r.order_id,
                "seq": op.seq,
                "name": op.name,
                "machine_id": machine.id,
                "machine": machine.code,
                "start": r.start,
                "end": r.end,
                "setup_min": r.setup_min,
                "pinned": r.pinned,
                "late": r.end > wo.due_date,
            }
        )
    finish = max((r.end for r in rows), default=version.origin)
    clock = load_calendar(session, version.factory_id).clock(version.origin)
    return version, ops, clock.breaks(finish)
