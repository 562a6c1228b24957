"""API schemas of the production domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from suigang.domains.production.models import OperationStatus, WorkOrderStatus


class OperationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    seq: int
    name: str
    eligible_machine_ids: list[str]
    setup_s: int
    run_s: Decimal
    status: OperationStatus
    actual_start: datetime | None = None
    actual_end: datetime | None = None


class OperationActuals(BaseModel):
    """When an operation actually started and/or finished (aware times, not in the future)."""

    actual_start: datetime | None = None
    actual_end: datetime | None = None


class WorkOrderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    number: str
    factory_id: uuid.UUID
    order_id: uuid.UUID | None
    product_id: uuid.UUID
    quantity: int
    due_date: datetime
    priority: int
    status: WorkOrderStatus
    version: int
    operations: list[OperationRead]
