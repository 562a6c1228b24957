"""Tables of the standards domain.

``standard_mapping`` and ``product_requirement`` are the zone office's tables, imported from
CSV (the columns of ``engines.standards``); each row keeps its canonical key so that
importing a row again updates it instead of doubling it. ``product_category`` files a
firm's product under a category of the requirement table. ``firm_certification`` is the
minimal source of a firm's certifications with their expiry, read through one service
function (``certifications.firm_certifications``) that a fuller firm profile can replace.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from suigang.db import Base, UTCDateTime, UUIDString, utcnow
from suigang.domains.common import FirmOwned, OwnerFirm, PrimaryKey

NUMBER = 120  # a standard number as typed, with editions, amendments or a dual number


class StandardMapping(Base):
    """One crosswalk row: a Chinese edition adopting an international edition."""

    __tablename__ = "standard_mapping"

    id: Mapped[PrimaryKey]
    intl_standard: Mapped[str] = mapped_column(String(NUMBER))
    cn_standard: Mapped[str] = mapped_column(String(NUMBER))
    year: Mapped[int] = mapped_column(Integer)
    adoption: Mapped[str] = mapped_column(String(12))
    intl_title: Mapped[str] = mapped_column(String(400), default="")
    cn_title: Mapped[str] = mapped_column(String(400), default="")
    topic: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    superseded_by: Mapped[str] = mapped_column(String(NUMBER), default="")
    intl_key: Mapped[str] = mapped_column(String(NUMBER))  # canonical spellings
    cn_key: Mapped[str] = mapped_column(String(NUMBER))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(254))

    __table_args__ = (UniqueConstraint("intl_key", "cn_key", "adoption"),)


class ProductRequirement(Base):
    """A product category needs a standard in a jurisdiction (mainland, HK/international)."""

    __tablename__ = "product_requirement"

    id: Mapped[PrimaryKey]
    category: Mapped[str] = mapped_column(String(100))
    category_key: Mapped[str] = mapped_column(String(100), index=True)  # case-folded
    jurisdiction: Mapped[str] = mapped_column(String(20))
    standard: Mapped[str] = mapped_column(String(NUMBER))
    standard_key: Mapped[str] = mapped_column(String(NUMBER))
    source: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(String(400), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(254))

    __table_args__ = (UniqueConstraint("category_key", "jurisdiction", "standard_key"),)


class ProductCategory(Base):
    """The requirement-table category a firm files one of its products under."""

    __tablename__ = "product_category"

    product_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("product.id", ondelete="CASCADE"), primary_key=True
    )
    enterprise_id: Mapped[OwnerFirm]
    category: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    set_by: Mapped[str] = mapped_column(String(254))


class FirmCertification(FirmOwned, Base):
    """A certification a firm holds for a standard, valid through ``expires`` (inclusive)."""

    __tablename__ = "firm_certification"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[OwnerFirm]
    standard: Mapped[str] = mapped_column(String(NUMBER))
    expires: Mapped[date | None] = mapped_column(Date, default=None)
    reference: Mapped[str] = mapped_column(String(200), default="")  # certificate number, body
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(254))
