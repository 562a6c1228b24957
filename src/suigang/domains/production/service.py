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

from suigang.domains.catalog.models import Product
from suigang.domains.common import page
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import get_visible
from suigang.domains.production.models import Operation, WorkOrder, WorkOrderStatus
from suigang.errors import InvalidInput


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
        operations=[
            Operation(
                seq=step.seq,
                name=step.name,
                routing_step_id=step.id,
                eligible_machine_ids=[str(m.id) for m in step.machines],
                setup_s=step.setup_s,
                run_s=(Decimal(step.run_s_per_unit) * order.quantity).quantize(Decimal("0.001")),
            )
            for step in product.steps
        ],
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
