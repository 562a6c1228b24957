"""API schemas of the orders domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from suigang.domains.limits import INT32_MAX, TEXT_MAX
from suigang.domains.orders.models import (
    Currency,
    OrderStatus,
    QuoteStatus,
    RecipientStatus,
    RFQStatus,
)


class RFQCreate(BaseModel):
    # a title of spaces only is no title
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    product_code: str = Field(default="", max_length=64)
    drawing_ref: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=TEXT_MAX)
    quantity: int = Field(gt=0, le=10_000_000)
    wanted_date: AwareDatetime
    currency: Currency = Currency.HKD
    factory_ids: list[uuid.UUID] = Field(min_length=1, max_length=50)


class RecipientRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    factory_id: uuid.UUID
    status: RecipientStatus


class RFQRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    number: str
    requester_id: uuid.UUID
    title: str
    product_code: str
    drawing_ref: str
    description: str
    quantity: int
    wanted_date: datetime
    currency: Currency
    status: RFQStatus
    created_at: datetime
    version: int
    recipients: list[RecipientRead]


class QuoteCreate(BaseModel):
    product_id: uuid.UUID
    unit_price: Decimal = Field(gt=0, max_digits=14, decimal_places=4)
    currency: Currency
    promised_date: AwareDatetime
    valid_until: AwareDatetime
    notes: str = Field(default="", max_length=TEXT_MAX)


class QuoteRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    number: str
    rfq_id: uuid.UUID
    factory_id: uuid.UUID
    product_id: uuid.UUID
    unit_price: Decimal
    currency: Currency
    total_price: Decimal
    promised_date: datetime
    valid_until: datetime
    notes: str
    status: QuoteStatus
    created_at: datetime
    version: int


class QuoteAccept(BaseModel):
    version: int | None = Field(
        default=None, ge=0, le=INT32_MAX, description="the quote version you saw"
    )


class LotRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    number: str
    quantity: int
    work_order_id: uuid.UUID | None


class OrderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    number: str
    rfq_id: uuid.UUID | None
    quote_id: uuid.UUID | None
    buyer_id: uuid.UUID
    factory_id: uuid.UUID
    product_id: uuid.UUID
    title: str
    quantity: int
    unit_price: Decimal
    total_price: Decimal
    currency: Currency
    promised_date: datetime
    forecast_date: datetime | None
    status: OrderStatus
    placed_at: datetime
    version: int
    lots: list[LotRead]


class OrderStatusChange(BaseModel):
    status: OrderStatus
    version: int = Field(ge=0, le=INT32_MAX, description="the order version you saw")
