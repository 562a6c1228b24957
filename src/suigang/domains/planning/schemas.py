"""API schemas of planning."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AnyHttpUrl, AwareDatetime, BaseModel, ConfigDict, Field, UrlConstraints

from suigang.domains.limits import INT32_MAX
from suigang.domains.planning.models import VersionReason, VersionStatus

Version = Annotated[int, Field(ge=0, le=INT32_MAX, description="the version you last saw")]


class PlanCreate(BaseModel):
    time_limit_s: float = Field(default=0.0, ge=0, le=600)


class PlanJob(BaseModel):
    job_id: str
    plan_id: uuid.UUID | None = None


class PlanHeader(BaseModel):
    """A plan version as a list shows it: who made it, when, why, its objective and status."""

    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    number: int
    created_by_label: str
    created_at: datetime
    reason: VersionReason
    status: VersionStatus
    base_version_id: uuid.UUID | None
    origin: datetime
    frozen_until: datetime | None
    released_at: datetime | None
    solver: str
    objective: dict[str, Any]
    note: str
    version: int


class PlanListItem(PlanHeader):
    """``GET /plans``: how many operations moved against the base, not which (a version's
    list of moves is read with the version: fifty of them made megabytes)."""

    moved_count: int


class PlanSummary(PlanHeader):
    moved: list[dict[str, Any]]


class PlannedOperation(BaseModel):
    operation_id: uuid.UUID
    work_order_id: uuid.UUID
    work_order: str
    order_id: uuid.UUID | None
    seq: int
    name: str
    machine_id: uuid.UUID
    machine: str
    start: datetime
    end: datetime
    setup_min: int
    pinned: bool
    late: bool


class PlanRead(PlanSummary):
    operations: list[PlannedOperation]
    breaks: list[tuple[datetime, datetime]]


class Release(BaseModel):
    version: Version


class PinCreate(BaseModel):
    version: Version
    operation_id: uuid.UUID
    machine_id: uuid.UUID
    start: AwareDatetime
    time_limit_s: float = Field(default=0.0, ge=0, le=60)


class FreezeCreate(BaseModel):
    version: Version
    until: AwareDatetime
    time_limit_s: float = Field(default=0.0, ge=0, le=60)


class MachineDownCreate(BaseModel):
    start: AwareDatetime | None = None
    until: AwareDatetime | None = None


class OperationLateCreate(BaseModel):
    delay_minutes: int = Field(gt=0, le=100_000)


class RushCreate(BaseModel):
    priority: int = Field(default=10, ge=1, le=100)


class PromiseRequest(BaseModel):
    product_id: uuid.UUID
    priority: int = Field(default=1, ge=0, le=100)


class BumpedRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    work_order: str
    order_id: uuid.UUID | None
    order_number: str | None
    delay_min: int
    finish: datetime
    due: datetime
    breaks_promise: bool


class PromiseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    rfq_id: uuid.UUID
    product_id: uuid.UUID
    quantity: int
    earliest: datetime
    with_bumping: datetime
    bumped: list[BumpedRead]
    plan_number: int | None
    operations_in_plan: int
    wall_time_s: float


class OrderChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    order_id: uuid.UUID
    order_number: str
    promised_date: datetime
    forecast_a: datetime | None
    forecast_b: datetime | None
    change_min: int | None


class ComparisonRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    a: uuid.UUID
    b: uuid.UUID
    finish_a: datetime | None
    finish_b: datetime | None
    makespan_change_min: int | None
    twt_a_min: int
    twt_b_min: int
    setup_a_min: int
    setup_b_min: int
    moved: int
    orders: list[OrderChangeRead]


class TimelineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    seq: int
    name: str
    start: datetime
    end: datetime


class OrderForecastRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    order_id: uuid.UUID
    order_number: str
    promised_date: datetime
    forecast_date: datetime | None
    late_min: int
    plan_number: int | None
    operations: list[TimelineRead]


class NotificationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    kind: str
    subject_id: str
    message: str
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class WebhookCreate(BaseModel):
    url: Annotated[AnyHttpUrl, UrlConstraints(max_length=500)]
    kinds: list[Annotated[str, Field(max_length=64)]] = Field(min_length=1, max_length=10)
    secret: str | None = Field(default=None, min_length=16, max_length=200)


class WebhookRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    url: str
    kinds: list[str]
    active: bool
    created_at: datetime


class WebhookCreated(WebhookRead):
    secret: str


class WebhookHostCreate(BaseModel):
    host: str = Field(min_length=1, max_length=253, description="a host name or an IP address")


class WebhookHostRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    host: str
    added_by: str
    added_at: datetime
