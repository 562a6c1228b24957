"""What admission reads and writes over the API, the pages and the CLI."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, Field

from suigang.domains.admission.models import ApplicationStatus
from suigang.domains.evidence.schemas import EvidenceRead
from suigang.domains.zone.segments import Segment

Money = Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=2)]
AreaM2 = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]


class ApplicationFigures(BaseModel):
    """A project's figures: CNY a year at full production, areas in m², energy in tce a year.

    ``floor_area`` is the floor area counted for the plot ratio (storeys over 8 m twice).
    """

    fixed_asset_investment: Money | None = None
    land_area: AreaM2 | None = None
    floor_area: AreaM2 | None = None
    building_footprint_area: AreaM2 | None = None
    admin_land_area: AreaM2 | None = None
    green_area: AreaM2 | None = None
    output: Money | None = None
    revenue: Money | None = None
    tax: Money | None = None
    value_added: Money | None = None
    rd_spending: Money | None = None
    energy: Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=3)] | None = None
    jobs: int | None = Field(default=None, ge=0, le=1_000_000)


class ApplicationCreate(ApplicationFigures):
    """A draft application; ``fills_gap`` is the applicant's own word on the chain fit."""

    title: str = Field(min_length=1, max_length=200)
    segment: Segment
    products: str = Field(default="", max_length=4000)
    fills_gap: bool = False
    gap_note: str = Field(default="", max_length=4000)


class ApplicationUpdate(ApplicationCreate):
    """The whole draft again; ``version`` is the one read (a stale copy is refused)."""

    version: int | None = Field(default=None, ge=1, le=2**31 - 1)


class AdmissionDecision(BaseModel):
    """Approve or reject, with the reasons the applicant will read."""

    approve: bool
    reasons: str = Field(min_length=1, max_length=4000)


class ApplicationStatusRead(ApplicationFigures):
    """What the applicant sees: its own figures, the status and the reasons, no scores."""

    id: uuid.UUID
    title: str
    segment: Segment
    products: str
    fills_gap: bool
    gap_note: str
    status: ApplicationStatus
    submitted_at: datetime | None
    decided_at: datetime | None
    reasons: str
    version: int
    evidence: list[EvidenceRead] = Field(default_factory=list)


class IndicatorRead(BaseModel):
    """One indicator as the reviewer reads it: the value, the rule, the outcome, the points."""

    indicator: str
    name: str
    unit: str
    value: Decimal | None
    status: str  # pass | fail | missing | scored
    rule: str  # ">= 0.30", "" when only scored
    weight: Decimal
    benchmark: Decimal | None
    points: Decimal
    inputs: list[str]
    missing: list[str]


class ApplicationReviewRead(ApplicationStatusRead):
    """What the zone office sees: the application, the applicant, the scoring and evidence."""

    applicant_id: uuid.UUID
    applicant: str
    hk_invested: bool
    indicator_version: str | None
    verdict: str | None
    score: Decimal | None
    chain_fit: Decimal
    chain_fit_source: str
    indicators: list[IndicatorRead]
    reviewer: str | None


class QueueItem(BaseModel):
    """A row of the review queue, ranked: passed by score, then incomplete, then failed."""

    id: uuid.UUID
    title: str
    applicant: str
    segment: Segment
    status: ApplicationStatus
    submitted_at: datetime | None
    indicator_version: str | None
    verdict: str | None
    score: Decimal | None
    failed_rules: list[str]


class IndicatorSetCreate(BaseModel):
    """A new version of the rules (the engine's stored form: version, effective, cap, rules)."""

    config: dict[str, Any] = Field(max_length=8)
    note: str = Field(default="", max_length=4000)


class IndicatorSetRead(BaseModel):
    version: str
    effective: date
    config: dict[str, Any]
    note: str
    created_by: str
    created_at: datetime
