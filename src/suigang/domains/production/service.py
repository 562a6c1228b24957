"""Use cases of production: work orders made from orders, and reading them.

Orders call production (an accepted quote's order becomes work orders), never the other
way: production sees an order only as a ``PlacedOrder``.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.catalog.models import Product
from suigang.domains.common import commit_once, page
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, get_visible, require
from suigang.domains.production.models import (
    Operation,
    OperationStatus,
    WorkOrder,
    WorkOrderStatus,
)
from suigang.errors import InvalidInput, NotFound


class PlacedOrder(Protocol):
    """What production needs to know of an order to make its work orders."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def number(self) -> str: ...
    @property
    def factory_id(self) -> uuid.UUID: ...
    @property
    def product_id(self) -> uuid.UUID | None: ...
    @property
    def quantity(self) -> int: ...
    @property
    def promised_date(self) -> datetime: ...


def routing_operations(product: Product, quantity: int) -> list[Operation]:
    """The operations of a work order for ``quantity`` units of ``product``: its routing's steps
    with their machines, setup, and run time for the whole quantity (to the millisecond)."""
    return [
        Operation(
            seq=step.seq,
            name=step.name,
            routing_step_id=step.id,
            eligible_machine_ids=[str(m.id) for m in step.machines],
            setup_s=step.setup_s,
            run_s=(Decimal(step.run_s_per_unit) * quantity).quantize(Decimal("0.001")),
        )
        for step in product.steps
    ]


def create_work_orders_for_order(session: Session, *, order: PlacedOrder) -> list[WorkOrder]:
    """One work order for the ordered product, its operations copied from the routing.

    Flushes only: it is part of the use case that placed the order.
    """
    product = session.get(Product, order.product_id)
    if product is None:
        raise InvalidInput(f"product {order.product_id} of order {order.number} not found")
    wo = WorkOrder(
        number=f"WO-{order.number.removeprefix('SO-')}-01",
        factory_id=order.factory_id,
        order_id=order.id,
        product_id=product.id,
        quantity=order.quantity,
        due_date=order.promised_date,
        operations=routing_operations(product, order.quantity),
    )
    session.add(wo)
    session.flush()
    return [wo]


def get_work_order(session: Session, *, actor: Actor, work_order_id: uuid.UUID) -> WorkOrder:
    return get_visible(
        session,
        WorkOrder,
        work_order_id,
        actor=actor,
        permission="work_order:read",
        kind="work order",
    )


def list_work_orders(
    session: Session,
    *,
    actor: Actor,
    status: WorkOrderStatus | None = None,
    statuses: Collection[WorkOrderStatus] | None = None,
    order_id: uuid.UUID | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[WorkOrder], int]:
    """The actor's own factory's work orders (nobody else's), soonest due first; ``status``
    or any of ``statuses`` when given."""
    probe = WorkOrder(factory_id=actor.enterprise_id)
    if not can(actor, "work_order:read", probe):
        return [], 0
    query = select(WorkOrder).where(WorkOrder.factory_id == actor.enterprise_id)
    if status is not None:
        query = query.where(WorkOrder.status == status)
    if statuses is not None:
        query = query.where(WorkOrder.status.in_(list(statuses)))
    if order_id is not None:
        query = query.where(WorkOrder.order_id == order_id)
    return page(session, query, WorkOrder.due_date, WorkOrder.number, offset=offset, limit=limit)


def _moment(name: str, value: datetime | None, now: datetime) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise InvalidInput(f"{name} must carry its time zone (e.g. +08:00 or Z)")
    if value > now:
        raise InvalidInput(f"{name} {value.isoformat()} is in the future")
    return value


def record_operation_actuals(
    session: Session,
    *,
    actor: Actor,
    operation_id: uuid.UUID,
    started_at: datetime | None = None,
    finished_at: datetime | None = None,
    source: str = "api",
    now: datetime | None = None,
) -> Operation:
    """Record when an operation actually started and/or finished (from the shop floor, the
    API or a machine's counters); audited.

    A given time replaces the one held; the finish needs a start and may not precede it,
    and neither may lie in the future. A start makes the operation running and its work
    order in progress; a finish makes it done, and the work order completed once every
    operation is done.
    """
    now = now or utcnow()
    op = session.get(Operation, operation_id)
    if op is None or not can(actor, "work_order:read", op.work_order):
        raise NotFound(f"operation {operation_id} not found")
    wo = op.work_order
    require(actor, "operation:record", wo)
    if started_at is None and finished_at is None:
        raise InvalidInput("give actual_start, actual_end or both")
    if wo.status is WorkOrderStatus.CANCELLED:
        raise InvalidInput(f"work order {wo.number} is cancelled")
    start = _moment("actual_start", started_at, now) or op.actual_start
    end = _moment("actual_end", finished_at, now) or op.actual_end
    if end is not None and start is None:
        raise InvalidInput("actual_end needs an actual_start: record when it started first")
    if start is not None and end is not None and end < start:
        raise InvalidInput(
            f"actual_end {end.isoformat()} is before actual_start {start.isoformat()}"
        )
    op.actual_start, op.actual_end = start, end
    op.status = OperationStatus.DONE if end is not None else OperationStatus.RUNNING
    if wo.status in (WorkOrderStatus.PLANNED, WorkOrderStatus.RELEASED):
        wo.status = WorkOrderStatus.IN_PROGRESS
    if all(o.status is OperationStatus.DONE for o in wo.operations):
        wo.status = WorkOrderStatus.COMPLETED
    audit(
        session, actor, "operation.actuals", "operation", op.id, work_order=wo.number,
        seq=op.seq, actual_start=start.isoformat() if start else "",
        actual_end=end.isoformat() if end else "", source=source,
    )  # fmt: skip
    commit_once(session)
    return op


def factory_operations(
    session: Session, *, factory_id: uuid.UUID, since: datetime | None = None
) -> list[Operation]:
    """Every operation of the factory's work orders created from ``since`` (all by default),
    for figures across the shop floor (plan adherence); the caller checks who may see them."""
    query = (
        select(Operation)
        .join(WorkOrder, WorkOrder.id == Operation.work_order_id)
        .where(WorkOrder.factory_id == factory_id)
    )
    if since is not None:
        query = query.where(WorkOrder.created_at >= since)
    return list(session.scalars(query.order_by(Operation.created_at, Operation.seq)))


def work_order_orders(session: Session, *, factory_id: uuid.UUID) -> dict[uuid.UUID, uuid.UUID]:
    """Work order id → the order it was made for, of the factory's work orders made from an
    order (for figures across the factory)."""
    rows = session.execute(
        select(WorkOrder.id, WorkOrder.order_id).where(
            WorkOrder.factory_id == factory_id, WorkOrder.order_id.is_not(None)
        )
    )
    return {wo: order for wo, order in rows if order is not None}
