"""Tables of the production domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suigang.db import Base, StrEnumType, UTCDateTime, UUIDString, utcnow
from suigang.domains.common import FactoryOwned, NamedFirm, PrimaryKey, part_of


class WorkOrderStatus(StrEnum):
    PLANNED = "planned"
    RELEASED = "released"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class OperationStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"


class WorkOrder(FactoryOwned, Base):
    __tablename__ = "work_order"

    id: Mapped[PrimaryKey]
    number: Mapped[str] = mapped_column(String(40), unique=True)
    factory_id: Mapped[NamedFirm]
    order_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDString, ForeignKey("customer_order.id", ondelete="RESTRICT"), default=None, index=True
    )
    product_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("product.id", ondelete="RESTRICT")
    )
    quantity: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[datetime] = mapped_column(UTCDateTime)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[WorkOrderStatus] = mapped_column(
        StrEnumType(WorkOrderStatus, 16), default=WorkOrderStatus.PLANNED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    operations: Mapped[list[Operation]] = relationship(
        back_populates="work_order",
        order_by="Operation.seq",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    __mapper_args__ = {"version_id_col": version}


class Operation(Base):
    """One routing step of a work order, with the machines it may run on."""

    __tablename__ = "operation"

    id: Mapped[PrimaryKey]
    work_order_id: Mapped[uuid.UUID] = part_of("work_order.id")
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    routing_step_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDString, ForeignKey("routing_step.id", ondelete="SET NULL"), default=None
    )
    eligible_machine_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    setup_s: Mapped[int] = mapped_column(Integer, default=0)
    run_s: Mapped[Decimal] = mapped_column(Numeric(14, 3))  # for the whole quantity
    status: Mapped[OperationStatus] = mapped_column(
        StrEnumType(OperationStatus, 16), default=OperationStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the operation actually started and finished (the shop floor, the API, a machine);
    #: plan adherence compares ``actual_end`` with the planned end.
    actual_start: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    actual_end: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    work_order: Mapped[WorkOrder] = relationship(back_populates="operations")

    __table_args__ = (UniqueConstraint("work_order_id", "seq"),)
