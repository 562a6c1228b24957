"""The relay's test zone with alliance profiles: gz1 a welding shop writing 繁體, gz2 a gear
maker writing 简体, sp a Hong Kong test lab writing English; all three members."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.alliance import service
from suigang.domains.alliance.schemas import ProfileUpdate
from suigang.domains.alliance.segments import Segment
from suigang.domains.orders.models import Currency, Order
from suigang.domains.standards.schemas import CertificationCreate
from suigang.domains.standards.service import record_certification
from tests.domains.relay.relay_world import relay_world
from tests.world import World

PROFILES = {
    "gz1": ProfileUpdate(
        segment=Segment.KEY_COMPONENTS,
        description="我們專門燒焊不鏽鋼支架、機架，唔做電鍍。",
        processes=["燒焊", "鐳射切割"],
        materials=["不鏽鋼"],
        languages=["zh-Hant", "yue"],
        capacity=20000,
        capacity_unit="pcs",
        lead_time_days=10,
    ),
    "gz2": ProfileUpdate(
        segment=Segment.HIGH_END_EQUIPMENT,
        description="精密齿轮箱、减速机的数控加工与装配。",
        processes=["数控加工"],
        lead_time_days=25,
    ),
    "sp": ProfileUpdate(
        segment=Segment.SERVICES,
        description="Salt spray and IP rating tests; ISO/IEC 17025 accredited test laboratory.",
        languages=["en", "zh-Hant"],
    ),
}


def alliance_world(session: Session) -> World:
    return join_alliance(session, relay_world(session))


def join_alliance(session: Session, w: World) -> World:
    """gz1, gz2 and sp write their profiles and join; gz1 holds ISO 9001."""
    for who, data in PROFILES.items():
        service.update_profile(session, actor=w.actor(who), data=data)
        service.set_membership(session, actor=w.actor(who), member=True)
    record_certification(
        session,
        actor=w.actor("gz1"),
        data=CertificationCreate(standard="ISO 9001:2015", expires=date(2099, 1, 1)),
    )
    return w


def place_order(session: Session, w: World, total: str, currency: Currency) -> Order:
    """A platform order of hk1 with gz1 (set up through the ORM: the flow has its own tests)."""
    order = Order(
        number=f"ORD-T-{total}",
        buyer_id=w.firms["hk1"].id,
        factory_id=w.firms["gz1"].id,
        product_id=w.products["gz1"].id,
        title="Welded bracket",
        quantity=10,
        unit_price=Decimal(total) / 10,
        total_price=Decimal(total),
        currency=currency,
        promised_date=utcnow(),
    )
    session.add(order)
    session.commit()
    return order
