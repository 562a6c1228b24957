"""Zone figures: aggregates across all firms, readable by the zone office only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from suigang.domains.orders import service as orders
from suigang.domains.orders.schemas import QuoteCreate, RFQCreate
from suigang.domains.zone.service import FirmCount, OrderVolume, RegionVolume, zone_overview
from suigang.errors import PermissionDenied
from tests.world import build_world, in_days


def _order(session, w, buyer: str, factory: str, qty: int, price: str, currency: str):  # type: ignore[no-untyped-def]
    rfq = orders.create_rfq(
        session,
        actor=w.actor(buyer),
        data=RFQCreate(
            title="Bracket",
            quantity=qty,
            wanted_date=in_days(30),
            currency=currency,
            factory_ids=[w.firms[factory].id],
        ),
    )
    quote = orders.submit_quote(
        session,
        actor=w.actor(factory),
        rfq_id=rfq.id,
        data=QuoteCreate(
            product_id=w.products[factory].id,
            unit_price=Decimal(price),
            currency=currency,
            promised_date=in_days(20),
            valid_until=in_days(5),
        ),
    )
    return orders.accept_quote(session, actor=w.actor(buyer), quote_id=quote.id)


def test_overview_counts_firms_and_sums_orders(session) -> None:  # type: ignore[no-untyped-def]
    """Three orders in two currencies at two factories add up per status, currency, region."""
    w = build_world(session)
    _order(session, w, "hk1", "gz1", 100, "12.50", "HKD")  # 1250.00 HKD, West Zone
    _order(session, w, "hk2", "gz1", 10, "3.333", "HKD")  # 33.33 HKD
    _order(session, w, "hk1", "gz2", 40, "7.25", "CNY")  # 290.00 CNY, Yunpu
    # one RFQ still waiting for quotes
    orders.create_rfq(
        session,
        actor=w.actor("hk2"),
        data=RFQCreate(
            title="Cover", quantity=5, wanted_date=in_days(9), factory_ids=[w.firms["gz2"].id]
        ),
    )
    ov = zone_overview(session, actor=w.actor("zone"))
    # the test world: two Hong Kong front shops, a factory in each of two parts, the office
    assert ov.firms == (
        FirmCount("factory", "zone_west", 1),
        FirmCount("factory", "zone_yunpu", 1),
        FirmCount("front_shop", "hong_kong", 2),
        FirmCount("zone_office", "zone_west", 1),
    )
    assert ov.total_firms == 5 and ov.total_orders == 3
    assert ov.orders_by_status == (
        OrderVolume("placed", "CNY", 1, Decimal("290.00")),
        OrderVolume("placed", "HKD", 2, Decimal("1283.33")),
    )
    assert ov.orders_by_region == (
        RegionVolume("zone_west", "HKD", 2, Decimal("1283.33")),
        RegionVolume("zone_yunpu", "CNY", 1, Decimal("290.00")),
    )
    assert ov.rfqs_by_status == (("accepted", 3), ("open", 1))


@pytest.mark.parametrize("who", ["hk1", "gz1", "gz1m"])
def test_only_the_zone_office_reads_the_overview(session, who: str) -> None:  # type: ignore[no-untyped-def]
    """Firms may not read zone-wide figures: deny by default."""
    w = build_world(session)
    with pytest.raises(PermissionDenied):
        zone_overview(session, actor=w.actor(who))
