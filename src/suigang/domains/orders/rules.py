"""The order flow's rules: which status may follow which, and how RFQs, quotes, orders and
lots are numbered."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains import numbering
from suigang.domains.orders.models import (
    RFQ,
    Lot,
    Order,
    OrderStatus,
    Quote,
    QuoteStatus,
    RFQStatus,
)

RFQ_NEXT: dict[RFQStatus, frozenset[RFQStatus]] = {
    RFQStatus.OPEN: frozenset({RFQStatus.QUOTED, RFQStatus.CANCELLED}),
    RFQStatus.QUOTED: frozenset({RFQStatus.QUOTED, RFQStatus.ACCEPTED, RFQStatus.CANCELLED}),
}
QUOTE_NEXT: dict[QuoteStatus, frozenset[QuoteStatus]] = {
    QuoteStatus.SUBMITTED: frozenset(
        {QuoteStatus.ACCEPTED, QuoteStatus.REJECTED, QuoteStatus.WITHDRAWN}
    ),
}
ORDER_NEXT: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PLACED: frozenset({OrderStatus.IN_PRODUCTION, OrderStatus.CANCELLED}),
    OrderStatus.IN_PRODUCTION: frozenset({OrderStatus.SHIPPED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
}
CENT = Decimal("0.01")


def next_number(session: Session, model: type[RFQ | Quote | Order | Lot], prefix: str) -> str:
    """The next human-readable number of a kind for this year, e.g. ``RFQ-2026-0042``
    (safe under concurrency: see ``domains.numbering``)."""
    stem = f"{prefix}-{utcnow():%Y}-"
    stored = select(func.count()).where(model.number.startswith(stem)).scalar_subquery()
    return f"{stem}{numbering.next_number(session, stem.rstrip('-'), floor=stored):04d}"
