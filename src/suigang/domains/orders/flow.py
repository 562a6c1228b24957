"""How a factory's orders flowed: from a request for quote, to work orders, to lots; for
figures across the factory (the maturity proposals on data integration)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.domains.orders.models import Lot, Order, OrderStatus


@dataclass(frozen=True, slots=True)
class OrderFlow:
    """One order of the factory: whether it came from an RFQ and how many lots it has."""

    order_id: uuid.UUID
    number: str
    from_rfq: bool
    lots: int


def factory_order_flow(
    session: Session, *, factory_id: uuid.UUID, since: datetime | None = None
) -> list[OrderFlow]:
    """The factory's orders placed from ``since`` (all by default), cancelled ones left out;
    the caller checks who may see the figures."""
    lots = select(Lot.order_id, func.count(Lot.id).label("n")).group_by(Lot.order_id).subquery()
    query = (
        select(Order.id, Order.number, Order.rfq_id, func.coalesce(lots.c.n, 0))
        .outerjoin(lots, lots.c.order_id == Order.id)
        .where(Order.factory_id == factory_id, Order.status != OrderStatus.CANCELLED)
        .order_by(Order.placed_at)
    )
    if since is not None:
        query = query.where(Order.placed_at >= since)
    return [
        OrderFlow(order_id=oid, number=number, from_rfq=rfq is not None, lots=int(n))
        for oid, number, rfq, n in session.execute(query)
    ]
