"""RFQs, quotes, orders and work orders."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from suigang.api.deps import CurrentActor, DbSession, Paging
from suigang.api.schemas import Page
from suigang.domains.orders import service
from suigang.domains.orders.models import OrderStatus, RFQStatus
from suigang.domains.orders.schemas import (
    OrderRead,
    OrderStatusChange,
    QuoteAccept,
    QuoteCreate,
    QuoteRead,
    RFQCreate,
    RFQRead,
)
from suigang.domains.production import service as production
from suigang.domains.production.models import WorkOrderStatus
from suigang.domains.production.schemas import OperationActuals, OperationRead, WorkOrderRead

router = APIRouter(tags=["orders"])


@router.post("/rfqs", response_model=RFQRead, status_code=status.HTTP_201_CREATED)
def create_rfq(data: RFQCreate, actor: CurrentActor, session: DbSession) -> RFQRead:
    return RFQRead.model_validate(service.create_rfq(session, actor=actor, data=data))


@router.get("/rfqs", response_model=Page[RFQRead])
def list_rfqs(
    actor: CurrentActor, session: DbSession, page: Paging, status: RFQStatus | None = None
) -> Page[RFQRead]:
    rows, total = service.list_rfqs(
        session, actor=actor, status=status, offset=page.offset, limit=page.limit
    )
    return page.of(RFQRead, rows, total)


@router.get("/rfqs/{rfq_id}", response_model=RFQRead)
def get_rfq(rfq_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> RFQRead:
    return RFQRead.model_validate(service.get_rfq(session, actor=actor, rfq_id=rfq_id))


class RFQDecline(BaseModel):
    reason: str = Field(default="", max_length=500)


@router.post("/rfqs/{rfq_id}/decline", response_model=RFQRead)
def decline_rfq(
    rfq_id: uuid.UUID, actor: CurrentActor, session: DbSession, body: RFQDecline | None = None
) -> RFQRead:
    """The factory will not quote this request."""
    reason = body.reason if body else ""
    return RFQRead.model_validate(
        service.decline_rfq(session, actor=actor, rfq_id=rfq_id, reason=reason)
    )


@router.post("/rfqs/{rfq_id}/cancel", response_model=RFQRead)
def cancel_rfq(
    rfq_id: uuid.UUID, actor: CurrentActor, session: DbSession, body: QuoteAccept | None = None
) -> RFQRead:
    """The front shop withdraws its request; submitted quotes on it are rejected."""
    version = body.version if body else None
    return RFQRead.model_validate(
        service.cancel_rfq(session, actor=actor, rfq_id=rfq_id, version=version)
    )


@router.get("/rfqs/{rfq_id}/quotes", response_model=list[QuoteRead])
def rfq_quotes(rfq_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> list[QuoteRead]:
    """The quotes on an RFQ that the caller may see (a factory sees only its own)."""
    rfq = service.get_rfq(session, actor=actor, rfq_id=rfq_id)
    return [
        QuoteRead.model_validate(q)
        for q in rfq.quotes
        if q.factory_id == actor.enterprise_id or rfq.requester_id == actor.enterprise_id
    ]


@router.post("/rfqs/{rfq_id}/quotes", response_model=QuoteRead, status_code=status.HTTP_201_CREATED)
def submit_quote(
    rfq_id: uuid.UUID, data: QuoteCreate, actor: CurrentActor, session: DbSession
) -> QuoteRead:
    return QuoteRead.model_validate(
        service.submit_quote(session, actor=actor, rfq_id=rfq_id, data=data)
    )


@router.get("/quotes", response_model=Page[QuoteRead])
def list_quotes(actor: CurrentActor, session: DbSession, page: Paging) -> Page[QuoteRead]:
    rows, total = service.list_quotes(session, actor=actor, offset=page.offset, limit=page.limit)
    return page.of(QuoteRead, rows, total)


@router.get("/quotes/{quote_id}", response_model=QuoteRead)
def get_quote(quote_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> QuoteRead:
    return QuoteRead.model_validate(service.get_quote(session, actor=actor, quote_id=quote_id))


@router.post("/quotes/{quote_id}/accept", response_model=OrderRead)
def accept_quote(
    quote_id: uuid.UUID, actor: CurrentActor, session: DbSession, body: QuoteAccept | None = None
) -> OrderRead:
    version = body.version if body else None
    order = service.accept_quote(session, actor=actor, quote_id=quote_id, version=version)
    return OrderRead.model_validate(order)


@router.post("/quotes/{quote_id}/withdraw", response_model=QuoteRead)
def withdraw_quote(
    quote_id: uuid.UUID, actor: CurrentActor, session: DbSession, body: QuoteAccept | None = None
) -> QuoteRead:
    version = body.version if body else None
    quote = service.withdraw_quote(session, actor=actor, quote_id=quote_id, version=version)
    return QuoteRead.model_validate(quote)


@router.get("/orders", response_model=Page[OrderRead])
def list_orders(
    actor: CurrentActor, session: DbSession, page: Paging, status: OrderStatus | None = None
) -> Page[OrderRead]:
    rows, total = service.list_orders(
        session, actor=actor, status=status, offset=page.offset, limit=page.limit
    )
    return page.of(OrderRead, rows, total)


@router.get("/orders/{order_id}", response_model=OrderRead)
def get_order(order_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> OrderRead:
    return OrderRead.model_validate(service.get_order(session, actor=actor, order_id=order_id))


@router.post("/orders/{order_id}/status", response_model=OrderRead)
def change_order_status(
    order_id: uuid.UUID, data: OrderStatusChange, actor: CurrentActor, session: DbSession
) -> OrderRead:
    order = service.change_order_status(
        session, actor=actor, order_id=order_id, status=data.status, version=data.version
    )
    return OrderRead.model_validate(order)


@router.get("/work-orders", response_model=Page[WorkOrderRead])
def list_work_orders(
    actor: CurrentActor,
    session: DbSession,
    page: Paging,
    status: WorkOrderStatus | None = None,
    order_id: uuid.UUID | None = None,
) -> Page[WorkOrderRead]:
    rows, total = production.list_work_orders(
        session,
        actor=actor,
        status=status,
        order_id=order_id,
        offset=page.offset,
        limit=page.limit,
    )
    return page.of(WorkOrderRead, rows, total)


@router.get("/work-orders/{work_order_id}", response_model=WorkOrderRead)
def get_work_order(
    work_order_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> WorkOrderRead:
    return WorkOrderRead.model_validate(
        production.get_work_order(session, actor=actor, work_order_id=work_order_id)
    )


@router.put("/operations/{operation_id}/actuals", response_model=OperationRead)
def record_operation_actuals(
    operation_id: uuid.UUID, data: OperationActuals, actor: CurrentActor, session: DbSession
) -> OperationRead:
    """Record when an operation actually started and/or finished (a machine's integration
    with the factory's API key, or a person); 422 for a finish before the start or a time in
    the future."""
    op = production.record_operation_actuals(
        session, actor=actor, operation_id=operation_id, started_at=data.actual_start,
        finished_at=data.actual_end, source="api",
    )  # fmt: skip
    return OperationRead.model_validate(op)
