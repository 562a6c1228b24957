"""Tables of the alliance: a firm's profile (with its membership) and declared supply links.

What a firm makes is read live from its catalogue (capabilities, machines) and its
certifications from the standards domain's ``firm_certification``; the profile keeps only
what the firm says of itself. A supply link is owned by the firm that declared it and
addressed to the other party when that party is a firm of the platform.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from suigang.db import Base, StrEnumType, UTCDateTime, UUIDString, utcnow
from suigang.domains.alliance.segments import Segment
from suigang.domains.common import FirmOwned, OwnerFirm, PrimaryKey
from suigang.domains.identity.models import Region

ITEM = 200  # a component or service named in a supply link
LABEL = 80  # one process, material or language of a profile


class LinkKind(StrEnum):
    """What flows along a supply link."""

    COMPONENT = "component"  # parts or materials the customer buys
    SERVICE = "service"  # testing, logistics, finance, software...
    SUBCONTRACT = "subcontract"  # work a factory has another firm do for it


class LinkSource(StrEnum):
    """Where the chain graph learnt of a link."""

    PLATFORM_ORDER = "platform_order"  # an order placed through the platform
    DECLARED = "declared"  # declared by one of the two firms


class FirmProfile(FirmOwned, Base):
    """What a firm says it does, and whether it is a member of the alliance."""

    __tablename__ = "firm_profile"

    enterprise_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("enterprise.id", ondelete="CASCADE"), primary_key=True
    )
    member: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    segment: Mapped[Segment | None] = mapped_column(StrEnumType(Segment, 32), default=None)
    description: Mapped[str] = mapped_column(Text, default="")  # any script
    processes: Mapped[list[str]] = mapped_column(JSON, default=list)
    materials: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity: Mapped[int | None] = mapped_column(Integer, default=None)  # per month
    capacity_unit: Mapped[str] = mapped_column(String(32), default="")
    lead_time_days: Mapped[int | None] = mapped_column(Integer, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(254), default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class SupplyLink(Base):
    """Supplier → customer for an item or service, declared by one of the two.

    The supplier is a firm of the platform (``supplier_id``) or one outside it, named with
    its region (``supplier_name``, ``supplier_region``): a zone firm buying from outside the
    zone is what the local-supplier gaps are made of.
    """

    __tablename__ = "supply_link"

    id: Mapped[PrimaryKey]
    declared_by: Mapped[OwnerFirm]
    supplier_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDString, ForeignKey("enterprise.id", ondelete="CASCADE"), default=None, index=True
    )
    supplier_name: Mapped[str] = mapped_column(String(200), default="")
    supplier_region: Mapped[Region] = mapped_column(StrEnumType(Region, 32))
    customer_id: Mapped[OwnerFirm]
    item: Mapped[str] = mapped_column(String(ITEM))
    kind: Mapped[LinkKind] = mapped_column(StrEnumType(LinkKind, 32))
    segment: Mapped[Segment] = mapped_column(StrEnumType(Segment, 32))
    annual_value_cny: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal(0))
    note: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def owner_enterprise_id(self) -> uuid.UUID:
        return self.declared_by

    @property
    def addressed_enterprise_ids(self) -> tuple[uuid.UUID, ...]:
        other = self.customer_id if self.declared_by != self.customer_id else self.supplier_id
        return (other,) if other is not None and other != self.declared_by else ()
