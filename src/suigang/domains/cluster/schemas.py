"""What the cluster figures read and write over the API, the pages and the exports."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from suigang.domains.zone.segments import Segment

Money = Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=2)]


class FilingCreate(BaseModel):
    """One segment of a firm's yearly statistics form, in CNY or HKD."""

    year: int = Field(ge=2000, le=2100)
    segment: Segment
    currency: str = Field(default="CNY", pattern="^(CNY|HKD)$", max_length=3)
    output: Money
    tax: Money = Decimal(0)
    rd_spending: Money = Decimal(0)
    employees: int = Field(default=0, ge=0, le=1_000_000)


class FilingRead(BaseModel):
    model_config = {"from_attributes": True}

    id: uuid.UUID
    enterprise_id: uuid.UUID
    year: int
    segment: Segment
    currency: str
    output: Decimal
    tax: Decimal
    rd_spending: Decimal
    employees: int
    hk_invested: bool
    source: str
    filed_by: str
    filed_at: datetime


class RateCreate(BaseModel):
    """A dated HKD→CNY rate (yuan for one Hong Kong dollar) and where it was read."""

    effective: date
    cny_per_hkd: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=6)]
    source: str = Field(default="", max_length=400)


class RateRead(BaseModel):
    model_config = {"from_attributes": True}

    effective: date
    cny_per_hkd: Decimal
    source: str
    added_by: str
    added_at: datetime


class ImportResult(BaseModel):
    """A year imported: how many rows, how many firms, how many filings replaced."""

    year: int
    rows: int
    firms: int
    replaced: int


class SegmentFigureRead(BaseModel):
    segment: str
    name: str
    output_cny: Decimal
    share: Decimal | None


class YearRead(BaseModel):
    year: int
    output_cny: Decimal
    tax_cny: Decimal
    rd_cny: Decimal
    employees: int
    firms: int
    hk_invested_firms: int
    hk_invested_output_cny: Decimal
    hk_invested_share: Decimal | None
    rd_intensity: Decimal | None
    growth: float | None  # on the year before, when it was filed
    segments: list[SegmentFigureRead]


class ProjectionRead(BaseModel):
    year: int
    central_cny: Decimal
    low_cny: Decimal
    high_cny: Decimal


class TargetPathPoint(BaseModel):
    """Where output must be in a year to reach the target at the required growth."""

    year: int
    output_cny: Decimal


class ClusterRead(BaseModel):
    """The cluster against its 2035 target: figures by year, growth needed and achieved,
    the projection with its band, segments and the Hong Kong-invested share, in CNY."""

    status: str
    target_cny: Decimal
    target_year: int
    latest_year: int | None
    latest_output_cny: Decimal | None
    required_cagr: float | None
    achieved_cagr: float | None
    trend_growth: float | None
    chance_of_target: float | None
    band: float
    method: str
    years: list[YearRead]
    projection: list[ProjectionRead]
    target_path: list[TargetPathPoint]
    rates_used: list[RateRead]
