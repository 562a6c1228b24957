"""The front shop → back factory flow through the use cases, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from suigang.domains.identity.models import AuditEvent
from suigang.domains.orders import service
from suigang.domains.orders.models import (
    Order,
    OrderStatus,
    QuoteStatus,
    RecipientStatus,
    RFQStatus,
)
from suigang.domains.orders.schemas import QuoteCreate, RFQCreate
from suigang.domains.production.service import list_work_orders
from suigang.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.world import build_world, in_days


def rfq_to(world, *factories, quantity=100):  # type: ignore[no-untyped-def]
    return RFQCreate(
        title="Housing for a handheld scanner",
        product_code="HS-200",
        quantity=quantity,
        wanted_date=in_days(30),
        factory_ids=[world.firms[f].id for f in factories],
    )


def quote_for(world, factory, price="12.50"):  # type: ignore[no-untyped-def]
    return QuoteCreate(
        product_id=world.products[factory].id,
        unit_price=Decimal(price),
        currency="HKD",
        promised_date=in_days(21),
        valid_until=in_days(7),
    )


def test_rfq_quote_accept_becomes_order_and_work_orders(session) -> None:  # type: ignore[no-untyped-def]
    """The whole flow: two factories asked, one quotes, the quote is accepted."""
    w = build_world(session)
    rfq = service.create_rfq(session, actor=w.actor("hk1"), data=rfq_to(w, "gz1", "gz2"))
    assert rfq.number.startswith("RFQ-") and rfq.status is RFQStatus.OPEN
    quote = service.submit_quote(
        session, actor=w.actor("gz1"), rfq_id=rfq.id, data=quote_for(w, "gz1")
    )
    # 100 units at 12.50 HKD
    assert quote.total_price == Decimal("1250.00")
    assert rfq.status is RFQStatus.QUOTED
    assert {r.status for r in rfq.recipients} == {RecipientStatus.QUOTED, RecipientStatus.PENDING}

    order = service.accept_quote(session, actor=w.actor("hk1m"), quote_id=quote.id)
    assert order.status is OrderStatus.PLACED
    assert (order.buyer_id, order.factory_id) == (w.firms["hk1"].id, w.firms["gz1"].id)
    assert quote.status is QuoteStatus.ACCEPTED and rfq.status is RFQStatus.ACCEPTED

    wos, total = list_work_orders(session, actor=w.actor("gz1m"))
    assert total == 1
    wo = wos[0]
    # operations copied from the two-step routing; run time = 100 units × per-unit time
    assert [(op.seq, op.setup_s, op.run_s) for op in wo.operations] == [
        (10, 600, Decimal("9000.000")),
        (20, 300, Decimal("4550.000")),
    ]
    assert [lot.quantity for lot in order.lots] == [100]
    # every write was audited: rfq, quote, acceptance, order
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["rfq.created", "quote.submitted", "quote.accepted", "order.placed"]


def test_other_firms_cannot_see_or_act(session) -> None:  # type: ignore[no-untyped-def]
    """An RFQ is visible to its sender and addressees only; others get NotFound."""
    w = build_world(session)
    rfq = service.create_rfq(session, actor=w.actor("hk1"), data=rfq_to(w, "gz1"))
    for outsider in ("hk2", "gz2", "zone"):
        with pytest.raises(NotFound):
            service.get_rfq(session, actor=w.actor(outsider), rfq_id=rfq.id)
    with pytest.raises(NotFound):
        service.submit_quote(session, actor=w.actor("gz2"), rfq_id=rfq.id, data=quote_for(w, "gz2"))
    quote = service.submit_quote(
        session, actor=w.actor("gz1"), rfq_id=rfq.id, data=quote_for(w, "gz1")
    )
    with pytest.raises(NotFound):
        service.accept_quote(session, actor=w.actor("hk2"), quote_id=quote.id)
    # the factory can read the quote but not accept its own quote
    with pytest.raises(PermissionDenied):
        service.accept_quote(session, actor=w.actor("gz1"), quote_id=quote.id)
    assert service.list_rfqs(session, actor=w.actor("gz2")) == ([], 0)
    assert service.list_orders(session, actor=w.actor("zone")) == ([], 0)


def test_front_shop_cannot_quote_and_factory_cannot_ask(session) -> None:  # type: ignore[no-untyped-def]
    """Roles: only front shops send RFQs; the product quoted must be the factory's own."""
    w = build_world(session)
    with pytest.raises(PermissionDenied):
        service.create_rfq(session, actor=w.actor("gz1"), data=rfq_to(w, "gz2"))
    rfq = service.create_rfq(session, actor=w.actor("hk1"), data=rfq_to(w, "gz1"))
    with pytest.raises(InvalidInput, match="is not a product of your factory"):
        service.submit_quote(session, actor=w.actor("gz1"), rfq_id=rfq.id, data=quote_for(w, "gz2"))
    with pytest.raises(InvalidInput, match="is not a factory of the zone"):
        service.create_rfq(session, actor=w.actor("hk1"), data=rfq_to(w, "hk2"))


def test_illegal_transition_and_second_acceptance_leave_data_unchanged(session) -> None:  # type: ignore[no-untyped-def]
    """Accepting twice, or skipping a lifecycle step, is a Conflict naming both states."""
    w = build_world(session)
    rfq = service.create_rfq(session, actor=w.actor("hk1"), data=rfq_to(w, "gz1", "gz2"))
    q1 = service.submit_quote(
        session, actor=w.actor("gz1"), rfq_id=rfq.id, data=quote_for(w, "gz1")
    )
    q2 = service.submit_quote(
        session, actor=w.actor("gz2"), rfq_id=rfq.id, data=quote_for(w, "gz2", "11.00")
    )
    order = service.accept_quote(session, actor=w.actor("hk1"), quote_id=q1.id)
    assert q2.status is QuoteStatus.REJECTED
    with pytest.raises(Conflict, match=r"quote Q-.* is rejected and cannot become accepted"):
        service.accept_quote(session, actor=w.actor("hk1"), quote_id=q2.id)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Order)) == 1

    with pytest.raises(
        Conflict,
        match="is placed and cannot become shipped; allowed next: cancelled, in_production",
    ):
        service.change_order_status(
            session,
            actor=w.actor("gz1"),
            order_id=order.id,
            status=OrderStatus.SHIPPED,
            version=order.version,
        )
    session.rollback()
    assert session.get(Order, order.id).status is OrderStatus.PLACED


def test_stale_version_is_refused(session) -> None:  # type: ignore[no-untyped-def]
    """Two planners edit one order: the second, working from version 1, is refused."""
    w = build_world(session)
    rfq = service.create_rfq(session, actor=w.actor("hk1"), data=rfq_to(w, "gz1"))
    q = service.submit_quote(session, actor=w.actor("gz1"), rfq_id=rfq.id, data=quote_for(w, "gz1"))
    order = service.accept_quote(session, actor=w.actor("hk1"), quote_id=q.id)
    seen = order.version
    service.change_order_status(
        session,
        actor=w.actor("gz1"),
        order_id=order.id,
        status=OrderStatus.IN_PRODUCTION,
        version=seen,
    )
    with pytest.raises(
        Conflict, match=f"you sent version {seen}, the current version is {seen + 1}"
    ):
        service.change_order_status(
            session,
            actor=w.actor("gz1m"),
            order_id=order.id,
            status=OrderStatus.SHIPPED,
            version=seen,
        )
    session.rollback()
    assert session.get(Order, order.id).status is OrderStatus.IN_PRODUCTION


def test_decline_once_and_only_by_an_addressee(session) -> None:  # type: ignore[no-untyped-def]
    """A factory declines a pending request once; another factory cannot even see it."""
    w = build_world(session)
    rfq = service.create_rfq(session, actor=w.actor("hk1"), data=rfq_to(w, "gz1"))
    with pytest.raises(NotFound):
        service.decline_rfq(session, actor=w.actor("gz2"), rfq_id=rfq.id)
    service.decline_rfq(session, actor=w.actor("gz1m"), rfq_id=rfq.id, reason="no capacity")
    assert [r.status for r in rfq.recipients] == [RecipientStatus.DECLINED]
    with pytest.raises(Conflict, match="is declined already"):
        service.decline_rfq(session, actor=w.actor("gz1"), rfq_id=rfq.id)
