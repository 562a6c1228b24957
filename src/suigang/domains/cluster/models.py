"""Tables of the cluster figures: firms' yearly statistics filings and the HKD/CNY rates.

A filing is one firm's figures for one year in one segment, in the currency it filed them
(Decimal money); the zone office keeps the dated rates HKD filings are converted at.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from suigang.db import Base, StrEnumType, UTCDateTime, utcnow
from suigang.domains.common import FirmOwned, NamedFirm, PrimaryKey
from suigang.domains.zone.segments import Segment


class StatisticsFiling(FirmOwned, Base):
    __tablename__ = "statistics_filing"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[NamedFirm]
    year: Mapped[int] = mapped_column(Integer, index=True)
    segment: Mapped[Segment] = mapped_column(StrEnumType(Segment, 32))
    currency: Mapped[str] = mapped_column(String(3))  # CNY | HKD
    output: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    tax: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    rd_spending: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    employees: Mapped[int] = mapped_column(Integer)
    hk_invested: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(8))  # form | import
    filed_by: Mapped[str] = mapped_column(String(254))
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("enterprise_id", "year", "segment"),)


class ExchangeRate(Base):
    """``cny_per_hkd`` yuan for one Hong Kong dollar, in force from ``effective``."""

    __tablename__ = "exchange_rate"

    effective: Mapped[date] = mapped_column(Date, primary_key=True)
    cny_per_hkd: Mapped[Decimal] = mapped_column(Numeric(12, 6))
    source: Mapped[str] = mapped_column(String(400), default="")
    added_by: Mapped[str] = mapped_column(String(254))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
