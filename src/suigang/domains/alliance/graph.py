"""The edges of the chain graph, from the platform's orders and the declared supply links.

A platform order makes the factory the supplier of the buyer (front shop → factory); a
declared link names its supplier and customer, and a subcontract is a declared link of kind
``subcontract`` (the platform's work orders are not subcontracted yet). Values are in CNY;
HKD orders are converted at the zone office's rate in force today (the cluster's dated rate
table), or at ``HKD_CNY`` while it keeps none.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.alliance.models import FirmProfile, LinkKind, LinkSource, SupplyLink
from suigang.domains.alliance.segments import Segment
from suigang.domains.catalog.models import Product
from suigang.domains.cluster.filings import cny_per_hkd_on
from suigang.domains.identity.models import Enterprise, Region
from suigang.domains.orders.models import Currency, Order, OrderStatus

#: CNY per HKD for chain volumes while the zone office keeps no dated rate.
HKD_CNY = Decimal("0.92")
ZONE_REGIONS = frozenset({Region.ZONE_WEST, Region.ZONE_YUNPU, Region.ZONE_COMMUNITY})


@dataclass(frozen=True, slots=True)
class Edge:
    """Supplier → customer: one declared link, or a pair of firms' platform orders."""

    supplier_id: uuid.UUID | None
    supplier_name: str  # a supplier outside the platform
    supplier_region: Region
    customer_id: uuid.UUID
    customer_region: Region
    item: str
    kind: LinkKind
    source: LinkSource
    segment: Segment | None  # of the item (declared) or of the factory (orders)
    orders: int
    value_cny: Decimal
    link: SupplyLink | None = None


def in_zone(region: Region) -> bool:
    return region in ZONE_REGIONS


def segments_of(session: Session) -> dict[uuid.UUID, Segment | None]:
    """Each profiled firm's segment."""
    rows = session.execute(select(FirmProfile.enterprise_id, FirmProfile.segment))
    return {eid: segment for eid, segment in rows}


def order_edges(
    session: Session, segments: dict[uuid.UUID, Segment | None], firm: uuid.UUID | None = None
) -> list[Edge]:
    """One edge per buyer and factory of the platform's orders (cancelled ones left out),
    named by the products ordered."""
    query = select(
        Order.buyer_id, Order.factory_id, Order.currency, func.count(), func.sum(Order.total_price)
    ).where(Order.status != OrderStatus.CANCELLED)
    if firm is not None:
        query = query.where((Order.buyer_id == firm) | (Order.factory_id == firm))
    kept = cny_per_hkd_on(session, utcnow().date())
    hkd_cny = HKD_CNY if kept is None else kept
    totals: dict[tuple[uuid.UUID, uuid.UUID], tuple[int, Decimal]] = {}
    for buyer, factory, currency, count, amount in session.execute(
        query.group_by(Order.buyer_id, Order.factory_id, Order.currency)
    ):
        value = Decimal(amount or 0) * (hkd_cny if currency == Currency.HKD else 1)
        n, v = totals.get((buyer, factory), (0, Decimal(0)))
        totals[(buyer, factory)] = (n + count, v + value)
    if not totals:
        return []
    ids = {i for pair in totals for i in pair}
    regions = {
        eid: region
        for eid, region in session.execute(
            select(Enterprise.id, Enterprise.region).where(Enterprise.id.in_(ids))
        )
    }
    titles: dict[tuple[uuid.UUID, uuid.UUID], list[str]] = {}
    for buyer, factory, title in session.execute(
        select(Order.buyer_id, Order.factory_id, Product.name)
        .join(Product, Product.id == Order.product_id)
        .where(Order.status != OrderStatus.CANCELLED)
        .where(Order.buyer_id.in_(ids))
        .distinct()
        .order_by(Product.name)
    ):
        if (buyer, factory) in totals:
            titles.setdefault((buyer, factory), []).append(title)
    out = []
    for (buyer, factory), (count, value) in sorted(totals.items(), key=lambda kv: str(kv[0])):
        named = titles.get((buyer, factory), [])
        item = ", ".join(named[:3]) + (" …" if len(named) > 3 else "")
        out.append(
            Edge(
                supplier_id=factory,
                supplier_name="",
                supplier_region=regions[factory],
                customer_id=buyer,
                customer_region=regions[buyer],
                item=item,
                kind=LinkKind.COMPONENT,
                source=LinkSource.PLATFORM_ORDER,
                segment=segments.get(factory),
                orders=count,
                value_cny=value.quantize(Decimal("0.01")),
            )
        )
    return out


def link_edges(session: Session, firm: uuid.UUID | None = None) -> list[Edge]:
    """One edge per declared link (of ``firm`` as a party, or all)."""
    query = select(SupplyLink)
    if firm is not None:
        query = query.where((SupplyLink.customer_id == firm) | (SupplyLink.supplier_id == firm))
    links = list(session.scalars(query.order_by(SupplyLink.item, SupplyLink.id)))
    regions = {
        eid: region for eid, region in session.execute(select(Enterprise.id, Enterprise.region))
    }
    return [
        Edge(
            supplier_id=link.supplier_id,
            supplier_name=link.supplier_name,
            supplier_region=link.supplier_region,
            customer_id=link.customer_id,
            customer_region=regions[link.customer_id],
            item=link.item,
            kind=link.kind,
            source=LinkSource.DECLARED,
            segment=link.segment,
            orders=0,
            value_cny=link.annual_value_cny,
            link=link,
        )
        for link in links
    ]
