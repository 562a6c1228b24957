"""Who may see a lot's quality data: the factory that makes it and the buyer of its order."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session, lazyload

from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import require
from suigang.domains.orders.models import Lot, Order
from suigang.errors import NotFound


@dataclass(frozen=True, slots=True)
class LotScope:
    """A lot with its order, as a resource for ``can``: owned by the factory that makes it,
    addressed to the front shop that bought it."""

    lot: Lot
    order: Order

    @property
    def owner_enterprise_id(self) -> uuid.UUID:
        return self.order.factory_id

    @property
    def addressed_enterprise_ids(self) -> Iterable[uuid.UUID]:
        return (self.order.buyer_id,)


def lot_scope(
    session: Session, *, actor: Actor, lot_id: uuid.UUID, permission: str = "quality:read"
) -> LotScope:
    """The lot if the actor may read its quality data (else 404), then ``permission`` (403)."""
    lot = session.get(Lot, lot_id)
    # the order's lots are not needed here: loaded only if read (a lot is looked up per post)
    lots = lazyload(Order.lots)
    order = session.get(Order, lot.order_id, options=[lots]) if lot is not None else None
    if lot is None or order is None:
        raise NotFound(f"lot {lot_id} not found")
    scope = LotScope(lot=lot, order=order)
    if not can(actor, "quality:read", scope):
        raise NotFound(f"lot {lot_id} not found")
    if permission != "quality:read":
        require(actor, permission, scope)
    return scope
