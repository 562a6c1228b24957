"""Tables of project admission: the versioned indicator sets and the applications.

An application is owned by the applying firm; once submitted it is addressed to the zone
office, which reviews it but never edits it. Figures are what the project declares for a
year at full production: money in CNY (Decimal), areas in m², energy in tce.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from suigang.db import Base, StrEnumType, UTCDateTime, utcnow
from suigang.domains.common import FirmOwned, NamedFirm, PrimaryKey
from suigang.domains.zone.segments import Segment


class ApplicationStatus(StrEnum):
    DRAFT = "draft"  # the applicant edits it; the zone office does not see it
    SUBMITTED = "submitted"  # scored against the set in force; waiting for a reviewer
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    REJECTED = "rejected"


class IndicatorSetVersion(Base):
    """One version of the admission rules (``engines.analytics.admission`` set as a dict)."""

    __tablename__ = "admission_indicator_set"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    effective: Mapped[date] = mapped_column(Date)
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


#: The figure columns of an application: (column, kind) with kind money, area, energy, people.
FIGURES: tuple[tuple[str, str], ...] = (
    ("fixed_asset_investment", "money"),
    ("land_area", "area"),
    ("floor_area", "area"),
    ("building_footprint_area", "area"),
    ("admin_land_area", "area"),
    ("green_area", "area"),
    ("output", "money"),
    ("revenue", "money"),
    ("tax", "money"),
    ("value_added", "money"),
    ("rd_spending", "money"),
    ("energy", "energy"),
    ("jobs", "people"),
)


class AdmissionApplication(FirmOwned, Base):
    __tablename__ = "admission_application"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[NamedFirm]
    title: Mapped[str] = mapped_column(String(200))
    segment: Mapped[Segment] = mapped_column(StrEnumType(Segment, 32))
    products: Mapped[str] = mapped_column(Text, default="")  # what the project makes
    status: Mapped[ApplicationStatus] = mapped_column(
        StrEnumType(ApplicationStatus, 16), default=ApplicationStatus.DRAFT
    )
    # money: CNY a year at full production (investment: total fixed assets)
    fixed_asset_investment: Mapped[Decimal | None] = mapped_column(Numeric(18, 2), default=None)
    output: Mapped[Decimal | None] = mapped_column(Numeric(18, 2), default=None)
    revenue: Mapped[Decimal | None] = mapped_column(Numeric(18, 2), default=None)
    tax: Mapped[Decimal | None] = mapped_column(Numeric(18, 2), default=None)
    value_added: Mapped[Decimal | None] = mapped_column(Numeric(18, 2), default=None)
    rd_spending: Mapped[Decimal | None] = mapped_column(Numeric(18, 2), default=None)
    # areas in m²
    land_area: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), default=None)
    floor_area: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), default=None)
    building_footprint_area: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), default=None)
    admin_land_area: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), default=None)
    green_area: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), default=None)
    energy: Mapped[Decimal | None] = mapped_column(Numeric(14, 3), default=None)  # tce a year
    jobs: Mapped[int | None] = mapped_column(Integer, default=None)
    # chain fit as the applicant declares it: does the project fill a local-supplier gap?
    fills_gap: Mapped[bool] = mapped_column(Boolean, default=False)
    gap_note: Mapped[str] = mapped_column(Text, default="")
    # scoring, fixed at submission against the set in force that day
    indicator_version: Mapped[str | None] = mapped_column(String(40), default=None)
    verdict: Mapped[str | None] = mapped_column(String(16), default=None)
    score: Mapped[Decimal | None] = mapped_column(Numeric(8, 2), default=None)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    submitted_by: Mapped[str | None] = mapped_column(String(254), default=None)
    review_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reviewer: Mapped[str | None] = mapped_column(String(254), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reasons: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
