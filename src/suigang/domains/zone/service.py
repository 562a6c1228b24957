"""Aggregate figures of the zone for the zone office.

Counts and amounts only: no function here returns a firm's individual RFQs, quotes or orders,
so the zone office can steer the cluster without reading any firm's private business.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from suigang.domains.identity.models import Enterprise
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import require
from suigang.domains.orders.models import RFQ, Order


@dataclass(frozen=True, slots=True)
class FirmCount:
    """How many firms of one kind sit in one region."""

    kind: str
    region: str
    firms: int


@dataclass(frozen=True, slots=True)
class OrderVolume:
    """Orders of one status in one currency: how many, and their total value."""

    status: str
    currency: str
    orders: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class RegionVolume:
    """Orders made by the factories of one region, in one currency."""

    region: str
    currency: str
    orders: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ZoneOverview:
    """The zone at a glance: firms by kind and region, order volume, RFQs in flight."""

    firms: tuple[FirmCount, ...]
    orders_by_status: tuple[OrderVolume, ...]
    orders_by_region: tuple[RegionVolume, ...]
    rfqs_by_status: tuple[tuple[str, int], ...]

    @property
    def total_firms(self) -> int:
        return sum(f.firms for f in self.firms)

    @property
    def total_orders(self) -> int:
        return sum(v.orders for v in self.orders_by_status)


def _amount(value: object) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def zone_overview(session: Session, *, actor: Actor) -> ZoneOverview:
    """Aggregate figures of the whole zone; only the zone office may read them."""
    require(actor, "zone:read")
    firm_rows = session.execute(
        select(Enterprise.kind, Enterprise.region, func.count())
        .group_by(Enterprise.kind, Enterprise.region)
        .order_by(Enterprise.kind, Enterprise.region)
    ).all()
    status_rows = session.execute(
        select(Order.status, Order.currency, func.count(), func.sum(Order.total_price))
        .group_by(Order.status, Order.currency)
        .order_by(Order.status, Order.currency)
    ).all()
    factory = aliased(Enterprise)
    region_rows = session.execute(
        select(factory.region, Order.currency, func.count(), func.sum(Order.total_price))
        .join(factory, Order.factory_id == factory.id)
        .group_by(factory.region, Order.currency)
        .order_by(factory.region, Order.currency)
    ).all()
    rfq_rows = session.execute(
        select(RFQ.status, func.count()).group_by(RFQ.status).order_by(RFQ.status)
    ).all()
    return ZoneOverview(
        firms=tuple(FirmCount(str(k), str(r), int(n)) for k, r, n in firm_rows),
        orders_by_status=tuple(
            OrderVolume(str(s), str(c), int(n), _amount(a)) for s, c, n, a in status_rows
        ),
        orders_by_region=tuple(
            RegionVolume(str(r), str(c), int(n), _amount(a)) for r, c, n, a in region_rows
        ),
        rfqs_by_status=tuple((str(s), int(n)) for s, n in rfq_rows),
    )
