"""A lot ordered by hk1 from gz1 (through the order use cases) and plans to inspect it."""

from __future__ import annotations

import io
from decimal import Decimal

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.domains.orders import service as orders
from suigang.domains.orders.models import Lot
from suigang.domains.orders.schemas import QuoteCreate, RFQCreate
from suigang.domains.quality import service
from suigang.domains.quality.models import InspectionPlan
from suigang.domains.quality.schemas import CharacteristicCreate, InspectionPlanCreate
from tests.world import World, in_days


def order_lot(session: Session, w: World, buyer: str = "hk1", factory: str = "gz1") -> Lot:
    """The first lot of an order placed by ``buyer`` with ``factory``."""
    rfq = orders.create_rfq(
        session,
        actor=w.actor(buyer),
        data=RFQCreate(
            title="Scanner housing",
            quantity=40,
            wanted_date=in_days(30),
            factory_ids=[w.firms[factory].id],
        ),
    )
    quote = orders.submit_quote(
        session,
        actor=w.actor(factory),
        rfq_id=rfq.id,
        data=QuoteCreate(
            product_id=w.products[factory].id,
            unit_price=Decimal("10"),
            currency="HKD",
            promised_date=in_days(20),
            valid_until=in_days(5),
        ),
    )
    order = orders.accept_quote(session, actor=w.actor(buyer), quote_id=quote.id)
    return order.lots[0]


def plan(
    session: Session, w: World, *chars: CharacteristicCreate, factory: str = "gz1"
) -> InspectionPlan:
    return service.create_inspection_plan(
        session,
        actor=w.actor(factory),
        data=InspectionPlanCreate(
            product_id=w.products[factory].id,
            name="Housing final inspection",
            characteristics=list(chars),
        ),
    )


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def png(width: int = 32, height: int = 24, value: int = 128) -> bytes:
    """A small grey PNG image."""
    import cv2

    ok, data = cv2.imencode(".png", np.full((height, width), value, dtype=np.uint8))
    assert ok
    return bytes(data)


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
