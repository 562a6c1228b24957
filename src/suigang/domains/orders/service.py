"""Use cases of the order flow: RFQ → quotes → accepted quote → order → work orders.

What status may follow which, and the numbers, are :mod:`.rules`.
"""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from suigang.db import utcnow
from suigang.domains.catalog.models import Product
from suigang.domains.common import addressed_to, commit_once, owned_by, page
from suigang.domains.events.service import emit
from suigang.domains.identity.models import Enterprise, EnterpriseKind
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, get_visible, require
from suigang.domains.lifecycle import check_version, transition
from suigang.domains.orders.models import (
    RFQ,
    Lot,
    Order,
    OrderStatus,
    Quote,
    QuoteStatus,
    RecipientStatus,
    RFQRecipient,
    RFQStatus,
)
from suigang.domains.orders.rules import CENT, ORDER_NEXT, QUOTE_NEXT, RFQ_NEXT, next_number
from suigang.domains.orders.schemas import QuoteCreate, RFQCreate
from suigang.domains.production.service import create_work_orders_for_order
from suigang.errors import Conflict, InvalidInput

# -- RFQ ----------------------------------------------------------------------------------


def create_rfq(session: Session, *, actor: Actor, data: RFQCreate) -> RFQ:
    """A front shop asks one or more zone factories for a quote (by a date still ahead)."""
    require(actor, "rfq:create")
    now = utcnow()
    if data.wanted_date <= now:
        raise InvalidInput(
            f"wanted_date: {data.wanted_date.isoformat()} is in the past; "
            f"ask for a date after now ({now:%Y-%m-%d %H:%M} UTC)",
            code="wanted_date_past",
        )
    factory_ids = list(dict.fromkeys(data.factory_ids))
    for fid in factory_ids:
        ent = session.get(Enterprise, fid)
        if ent is None or ent.kind != EnterpriseKind.FACTORY:
            raise InvalidInput(f"factory_ids: {fid} is not a factory of the zone")
    rfq = RFQ(
        number=next_number(session, RFQ, "RFQ"),
        requester_id=actor.enterprise_id,
        created_by=actor.user_id,
        title=data.title.strip(),
        product_code=data.product_code.strip(),
        drawing_ref=data.drawing_ref.strip(),
        description=data.description,
        quantity=data.quantity,
        wanted_date=data.wanted_date,
        currency=data.currency,
        recipients=[RFQRecipient(factory_id=fid) for fid in factory_ids],
    )
    session.add(rfq)
    session.flush()
    audit(session, actor, "rfq.created", "rfq", rfq.id, number=rfq.number)
    for fid in factory_ids:
        emit(session, kind="rfq.received", enterprise_id=fid, subject_id=rfq.id, number=rfq.number)
    commit_once(session)
    return rfq


def get_rfq(session: Session, *, actor: Actor, rfq_id: uuid.UUID) -> RFQ:
    return get_visible(session, RFQ, rfq_id, actor=actor, permission="rfq:read", kind="rfq")


def list_rfqs(
    session: Session,
    *,
    actor: Actor,
    status: RFQStatus | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[RFQ], int]:
    """RFQs the actor's firm sent (front shop) or received (factory)."""
    if can(actor, "rfq:read", owned_by(actor.enterprise_id)):
        query = select(RFQ).where(RFQ.requester_id == actor.enterprise_id)
    elif can(actor, "rfq:read", addressed_to(actor.enterprise_id)):
        query = select(RFQ).where(
            RFQ.id.in_(
                select(RFQRecipient.rfq_id).where(RFQRecipient.factory_id == actor.enterprise_id)
            )
        )
    else:
        return [], 0
    if status is not None:
        query = query.where(RFQ.status == status)
    # each quote's RFQ is the one being listed: not joined in again for every quote
    query = query.options(selectinload(RFQ.quotes).lazyload(Quote.rfq))
    return page(session, query, RFQ.created_at.desc(), offset=offset, limit=limit)


def cancel_rfq(session: Session, *, actor: Actor, rfq_id: uuid.UUID, version: int | None) -> RFQ:
    rfq = get_rfq(session, actor=actor, rfq_id=rfq_id)
    require(actor, "rfq:cancel", rfq)
    check_version("rfq", rfq.number, version, rfq.version)
    rfq.status = transition("rfq", rfq.number, rfq.status, RFQStatus.CANCELLED, RFQ_NEXT)
    for quote in _submitted_quotes(session, rfq.id):
        quote.status = QuoteStatus.REJECTED
    audit(session, actor, "rfq.cancelled", "rfq", rfq.id)
    commit_once(session)
    return rfq


def decline_rfq(session: Session, *, actor: Actor, rfq_id: uuid.UUID, reason: str = "") -> RFQ:
    """A factory that received the RFQ says it will not quote (the front shop sees why)."""
    rfq = get_rfq(session, actor=actor, rfq_id=rfq_id)
    require(actor, "rfq:decline", rfq)
    if rfq.status not in (RFQStatus.OPEN, RFQStatus.QUOTED):
        raise Conflict(f"rfq {rfq.number} is {rfq.status.value}: nothing to decline")
    recipient = next(r for r in rfq.recipients if r.factory_id == actor.enterprise_id)
    if recipient.status is not RecipientStatus.PENDING:
        raise Conflict(
            f"your firm's answer to {rfq.number} is {recipient.status.value} already; "
            "only a pending request can be declined"
        )
    recipient.status = RecipientStatus.DECLINED
    audit(session, actor, "rfq.declined", "rfq", rfq.id, reason=reason)
    emit(
        session,
        kind="rfq.declined",
        enterprise_id=rfq.requester_id,
        subject_id=rfq.id,
        number=rfq.number,
        reason=reason,
    )
    commit_once(session)
    return rfq


# -- quotes -------------------------------------------------------------------------------


def submit_quote(session: Session, *, actor: Actor, rfq_id: uuid.UUID, data: QuoteCreate) -> Quote:
    """A factory that received the RFQ quotes a price and a promised date."""
    rfq = get_rfq(session, actor=actor, rfq_id=rfq_id)
    require(actor, "quote:create", rfq)
    if rfq.status not in (RFQStatus.OPEN, RFQStatus.QUOTED):
        raise Conflict(f"rfq {rfq.number} is {rfq.status.value}: it takes no more quotes")
    recipient = next(r for r in rfq.recipients if r.factory_id == actor.enterprise_id)
    if any(
        q.factory_id == actor.enterprise_id and q.status is QuoteStatus.SUBMITTED
        for q in rfq.quotes
    ):
        raise Conflict(f"your firm has a submitted quote on {rfq.number}; withdraw it first")
    product = session.get(Product, data.product_id)
    if product is None or product.enterprise_id != actor.enterprise_id:
        raise InvalidInput(f"product_id: {data.product_id} is not a product of your factory")
    now = utcnow()
    if data.valid_until <= now:
        raise InvalidInput(f"valid_until: {data.valid_until.isoformat()} is in the past")
    if data.promised_date <= now:
        raise InvalidInput(f"promised_date: {data.promised_date.isoformat()} is in the past")
    quote = Quote(
        number=next_number(session, Quote, "Q"),
        rfq=rfq,
        factory_id=actor.enterprise_id,
        created_by=actor.user_id,
        product_id=product.id,
        unit_price=data.unit_price,
        currency=data.currency,
        total_price=(data.unit_price * rfq.quantity).quantize(CENT, ROUND_HALF_UP),
        promised_date=data.promised_date,
        valid_until=data.valid_until,
        notes=data.notes,
    )
    session.add(quote)
    recipient.status = RecipientStatus.QUOTED
    rfq.status = transition("rfq", rfq.number, rfq.status, RFQStatus.QUOTED, RFQ_NEXT)
    session.flush()
    audit(
        session,
        actor,
        "quote.submitted",
        "quote",
        quote.id,
        rfq=rfq.number,
        total=quote.total_price,
        currency=quote.currency,
    )
    emit(
        session,
        kind="quote.received",
        enterprise_id=rfq.requester_id,
        subject_id=quote.id,
        number=quote.number,
    )
    commit_once(session)
    return quote


def get_quote(session: Session, *, actor: Actor, quote_id: uuid.UUID) -> Quote:
    return get_visible(session, Quote, quote_id, actor=actor, permission="quote:read", kind="quote")


def list_quotes(
    session: Session, *, actor: Actor, offset: int = 0, limit: int = 50
) -> tuple[list[Quote], int]:
    """Quotes the actor's factory made, or the actor's front shop received."""
    if can(actor, "quote:read", owned_by(actor.enterprise_id)):
        query = select(Quote).where(Quote.factory_id == actor.enterprise_id)
    elif can(actor, "quote:read", addressed_to(actor.enterprise_id)):
        query = (
            select(Quote)
            .join(RFQ, Quote.rfq_id == RFQ.id)
            .where(RFQ.requester_id == actor.enterprise_id)
        )
    else:
        return [], 0
    return page(session, query, Quote.created_at.desc(), offset=offset, limit=limit)


def withdraw_quote(
    session: Session, *, actor: Actor, quote_id: uuid.UUID, version: int | None
) -> Quote:
    quote = get_quote(session, actor=actor, quote_id=quote_id)
    require(actor, "quote:withdraw", quote)
    check_version("quote", quote.number, version, quote.version)
    quote.status = transition(
        "quote", quote.number, quote.status, QuoteStatus.WITHDRAWN, QUOTE_NEXT
    )
    for r in quote.rfq.recipients:
        if r.factory_id == quote.factory_id:
            r.status = RecipientStatus.PENDING
    audit(session, actor, "quote.withdrawn", "quote", quote.id)
    commit_once(session)
    return quote


def accept_quote(
    session: Session, *, actor: Actor, quote_id: uuid.UUID, version: int | None = None
) -> Order:
    """The front shop accepts a quote: an order, its work orders and lots are created."""
    quote = get_quote(session, actor=actor, quote_id=quote_id)
    require(actor, "quote:accept", quote)
    check_version("quote", quote.number, version, quote.version)
    now = utcnow()
    why = "it expired" if quote.valid_until < now else ""
    if why:
        raise Conflict(
            f"quote {quote.number} cannot be accepted: it expired on "
            f"{quote.valid_until:%Y-%m-%d %H:%M} UTC"
        )
    rfq = quote.rfq
    quote.status = transition("quote", quote.number, quote.status, QuoteStatus.ACCEPTED, QUOTE_NEXT)
    rfq.status = transition(
        "rfq",
        rfq.number,
        rfq.status,
        RFQStatus.ACCEPTED,
        RFQ_NEXT,
        why="another quote was accepted already",
    )
    for other in _submitted_quotes(session, rfq.id):
        if other.id != quote.id:
            other.status = QuoteStatus.REJECTED
    order = Order(
        number=next_number(session, Order, "SO"),
        rfq_id=rfq.id,
        quote_id=quote.id,
        buyer_id=rfq.requester_id,
        factory_id=quote.factory_id,
        product_id=quote.product_id,
        title=rfq.title,
        quantity=rfq.quantity,
        unit_price=quote.unit_price,
        total_price=quote.total_price,
        currency=quote.currency,
        promised_date=quote.promised_date,
        forecast_date=quote.promised_date,
        placed_at=now,
    )
    session.add(order)
    session.flush()
    work_orders = create_work_orders_for_order(session, order=order)
    for i, wo in enumerate(work_orders, start=1):
        session.add(
            Lot(
                number=f"LOT-{order.number}-{i:02d}",
                order_id=order.id,
                work_order_id=wo.id,
                quantity=wo.quantity,
            )
        )
    session.flush()
    audit(session, actor, "quote.accepted", "quote", quote.id, order=order.number)
    audit(session, actor, "order.placed", "order", order.id, number=order.number)
    emit(
        session,
        kind="order.placed",
        enterprise_id=order.factory_id,
        subject_id=order.id,
        number=order.number,
    )
    commit_once(session)
    session.refresh(order)
    return order


# -- orders -------------------------------------------------------------------------------


def get_order(session: Session, *, actor: Actor, order_id: uuid.UUID) -> Order:
    return get_visible(session, Order, order_id, actor=actor, permission="order:read", kind="order")


def list_orders(
    session: Session,
    *,
    actor: Actor,
    status: OrderStatus | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[Order], int]:
    """Orders the actor's firm placed (front shop) or makes (factory)."""
    conds = []
    if can(actor, "order:read", owned_by(actor.enterprise_id)):
        conds.append(Order.buyer_id == actor.enterprise_id)
    if can(actor, "order:read", addressed_to(actor.enterprise_id)):
        conds.append(Order.factory_id == actor.enterprise_id)
    if not conds:
        return [], 0
    query = select(Order).where(or_(*conds))
    if status is not None:
        query = query.where(Order.status == status)
    return page(session, query, Order.placed_at.desc(), offset=offset, limit=limit)


def change_order_status(
    session: Session, *, actor: Actor, order_id: uuid.UUID, status: OrderStatus, version: int
) -> Order:
    """Move an order along its lifecycle: the factory produces and ships, the buyer
    confirms delivery or cancels before production starts."""
    order = get_order(session, actor=actor, order_id=order_id)
    if status is OrderStatus.CANCELLED:
        require(actor, "order:cancel", order)
    elif status is OrderStatus.DELIVERED:
        require(actor, "order:confirm_delivery", order)
    else:
        require(actor, "order:advance", order)
    check_version("order", order.number, version, order.version)
    before = order.status
    order.status = transition("order", order.number, order.status, status, ORDER_NEXT)
    audit(
        session,
        actor,
        "order.status_changed",
        "order",
        order.id,
        before=before.value,
        after=status.value,
    )
    emit(
        session,
        kind="order.status_changed",
        enterprise_id=order.buyer_id,
        subject_id=order.id,
        status=status.value,
    )
    commit_once(session)
    return order


# -- helpers ------------------------------------------------------------------------------


def _submitted_quotes(session: Session, rfq_id: uuid.UUID) -> list[Quote]:
    """The RFQ's quotes still waiting for an answer, read from the database."""
    return list(
        session.scalars(
            select(Quote).where(Quote.rfq_id == rfq_id, Quote.status == QuoteStatus.SUBMITTED)
        )
    )
