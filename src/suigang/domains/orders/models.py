"""Tables of the orders domain."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suigang.db import Base, StrEnumType, UTCDateTime, UUIDString, utcnow
from suigang.domains.common import NamedFirm, PrimaryKey, part_of


class Currency(StrEnum):
    CNY = "CNY"
    HKD = "HKD"


class RFQStatus(StrEnum):
    OPEN = "open"
    QUOTED = "quoted"  # at least one quote arrived
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"


class RecipientStatus(StrEnum):
    PENDING = "pending"
    QUOTED = "quoted"
    DECLINED = "declined"


class QuoteStatus(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"  # another quote of the RFQ was accepted, or the RFQ was cancelled
    WITHDRAWN = "withdrawn"


class OrderStatus(StrEnum):
    PLACED = "placed"
    IN_PRODUCTION = "in_production"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class RFQ(Base):
    __tablename__ = "rfq"

    id: Mapped[PrimaryKey]
    number: Mapped[str] = mapped_column(String(32), unique=True)
    requester_id: Mapped[NamedFirm]
    created_by: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    title: Mapped[str] = mapped_column(String(200))
    product_code: Mapped[str] = mapped_column(String(64), default="")
    drawing_ref: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[int] = mapped_column(Integer)
    wanted_date: Mapped[datetime] = mapped_column(UTCDateTime)
    currency: Mapped[Currency] = mapped_column(StrEnumType(Currency, 3), default=Currency.HKD)
    status: Mapped[RFQStatus] = mapped_column(StrEnumType(RFQStatus, 16), default=RFQStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    recipients: Mapped[list[RFQRecipient]] = relationship(
        back_populates="rfq", cascade="all, delete-orphan", lazy="selectin"
    )
    quotes: Mapped[list[Quote]] = relationship(
        back_populates="rfq", lazy="selectin", order_by="Quote.created_at"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def owner_enterprise_id(self) -> uuid.UUID:
        return self.requester_id

    @property
    def addressed_enterprise_ids(self) -> Iterable[uuid.UUID]:
        return [r.factory_id for r in self.recipients]


class RFQRecipient(Base):
    __tablename__ = "rfq_recipient"

    id: Mapped[PrimaryKey]
    rfq_id: Mapped[uuid.UUID] = part_of("rfq.id")
    factory_id: Mapped[NamedFirm]
    status: Mapped[RecipientStatus] = mapped_column(
        StrEnumType(RecipientStatus, 16), default=RecipientStatus.PENDING
    )

    rfq: Mapped[RFQ] = relationship(back_populates="recipients")

    __table_args__ = (UniqueConstraint("rfq_id", "factory_id"),)


class Quote(Base):
    __tablename__ = "quote"

    id: Mapped[PrimaryKey]
    number: Mapped[str] = mapped_column(String(32), unique=True)
    rfq_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("rfq.id", ondelete="RESTRICT"), index=True
    )
    factory_id: Mapped[NamedFirm]
    created_by: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    product_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("product.id", ondelete="RESTRICT")
    )
    unit_price: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    currency: Mapped[Currency] = mapped_column(StrEnumType(Currency, 3))
    total_price: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    promised_date: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[QuoteStatus] = mapped_column(
        StrEnumType(QuoteStatus, 16), default=QuoteStatus.SUBMITTED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    rfq: Mapped[RFQ] = relationship(back_populates="quotes", lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def owner_enterprise_id(self) -> uuid.UUID:
        return self.factory_id

    @property
    def addressed_enterprise_ids(self) -> Iterable[uuid.UUID]:
        return [self.rfq.requester_id]


class Order(Base):
    __tablename__ = "customer_order"

    id: Mapped[PrimaryKey]
    number: Mapped[str] = mapped_column(String(32), unique=True)
    rfq_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDString, ForeignKey("rfq.id", ondelete="RESTRICT"), default=None
    )
    quote_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDString, ForeignKey("quote.id", ondelete="RESTRICT"), default=None, unique=True
    )
    buyer_id: Mapped[NamedFirm]
    factory_id: Mapped[NamedFirm]
    product_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("product.id", ondelete="RESTRICT")
    )
    title: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    total_price: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    currency: Mapped[Currency] = mapped_column(StrEnumType(Currency, 3))
    promised_date: Mapped[datetime] = mapped_column(UTCDateTime)
    forecast_date: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    status: Mapped[OrderStatus] = mapped_column(
        StrEnumType(OrderStatus, 16), default=OrderStatus.PLACED
    )
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    lots: Mapped[list[Lot]] = relationship(lazy="selectin", order_by="Lot.number")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_customer_order_status", "status"),)

    @property
    def owner_enterprise_id(self) -> uuid.UUID:
        return self.buyer_id

    @property
    def addressed_enterprise_ids(self) -> Iterable[uuid.UUID]:
        return [self.factory_id]


class Lot(Base):
    """A quantity made together; inspection records attach to it."""

    __tablename__ = "lot"

    id: Mapped[PrimaryKey]
    number: Mapped[str] = mapped_column(String(40), unique=True)
    order_id: Mapped[uuid.UUID] = part_of("customer_order.id")
    work_order_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDString, ForeignKey("work_order.id", ondelete="SET NULL"), default=None
    )
    quantity: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
