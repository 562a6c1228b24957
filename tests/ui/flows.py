"""Set-up done through the use cases rather than the pages, for tests that need data."""

from __future__ import annotations

import uuid

from tests.world import World


def place_order(world: World, buyer: str, factory: str) -> tuple[uuid.UUID, uuid.UUID, str]:
    """An order between two firms of the test zone, made through the use cases."""
    import os
    from decimal import Decimal

    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.orders import service
    from suigang.domains.orders.schemas import QuoteCreate, RFQCreate
    from tests.world import in_days

    engine = make_engine(Settings(database_url=os.environ["SUIGANG_DATABASE_URL"]))
    session = make_session_factory(engine)()
    try:
        rfq = service.create_rfq(
            session,
            actor=world.actor(buyer),
            data=RFQCreate(
                title="Secret gearbox",
                quantity=7,
                wanted_date=in_days(40),
                factory_ids=[world.firms[factory].id],
            ),
        )
        quote = service.submit_quote(
            session,
            actor=world.actor(factory),
            rfq_id=rfq.id,
            data=QuoteCreate(
                product_id=world.products[factory].id,
                unit_price=Decimal("99"),
                currency="CNY",
                promised_date=in_days(30),
                valid_until=in_days(5),
            ),
        )
        order = service.accept_quote(session, actor=world.actor(buyer), quote_id=quote.id)
        return rfq.id, order.id, order.number
    finally:
        session.close()
        engine.dispose()


def send_rfq(world: World, buyer: str, factory: str, product_code: str) -> uuid.UUID:
    """An open RFQ from ``buyer`` to ``factory`` naming ``product_code`` (40 units, 40 days)."""
    import os

    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.orders import service
    from suigang.domains.orders.schemas import RFQCreate
    from tests.world import in_days

    engine = make_engine(Settings(database_url=os.environ["SUIGANG_DATABASE_URL"]))
    session = make_session_factory(engine)()
    try:
        rfq = service.create_rfq(
            session,
            actor=world.actor(buyer),
            data=RFQCreate(
                title="Housing, 40 pcs",
                product_code=product_code,
                quantity=40,
                wanted_date=in_days(40),
                factory_ids=[world.firms[factory].id],
            ),
        )
        return rfq.id
    finally:
        session.close()
        engine.dispose()
