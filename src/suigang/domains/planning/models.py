"""Tables of the planning domain: calendars, setups, schedule versions, disruptions,
notifications and webhooks."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from suigang.db import Base, StrEnumType, UTCDateTime, UUIDString, utcnow
from suigang.domains.common import FactoryOwned, FirmOwned, OwnerFirm, PrimaryKey, part_of

DEFAULT_TIMEZONE = "Asia/Shanghai"
#: Two shifts, 08:00–24:00, Monday to Saturday: ``(weekday 0=Monday, start, end)`` minutes.
DEFAULT_SHIFTS: tuple[tuple[int, int, int], ...] = tuple(
    (d, s, e) for d in range(6) for s, e in ((8 * 60, 16 * 60), (16 * 60, 24 * 60))
)
DEFAULT_MACHINE_DOWN_MINUTES = 240


class VersionReason(StrEnum):
    SOLVE = "solve"
    REPAIR = "repair"
    CTP = "ctp"
    MANUAL = "manual"


class VersionStatus(StrEnum):
    DRAFT = "draft"
    RELEASED = "released"
    SUPERSEDED = "superseded"


class DisruptionKind(StrEnum):
    MACHINE_DOWN = "machine_down"
    OPERATION_LATE = "operation_late"
    RUSH_ORDER = "rush_order"


class FactoryCalendar(FactoryOwned, Base):
    """A factory's weekly shift pattern (local time) and planning defaults."""

    __tablename__ = "factory_calendar"

    id: Mapped[PrimaryKey]
    factory_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("enterprise.id", ondelete="CASCADE"), unique=True
    )
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    # [[weekday, start_minute, end_minute], ...]; weekday 0 = Monday, minutes of local time
    shifts: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    machine_down_minutes: Mapped[int] = mapped_column(Integer, default=DEFAULT_MACHINE_DOWN_MINUTES)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Holiday(FactoryOwned, Base):
    """A local day on which the factory does not work."""

    __tablename__ = "factory_holiday"

    id: Mapped[PrimaryKey]
    factory_id: Mapped[OwnerFirm]
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (UniqueConstraint("factory_id", "day"),)


class MaintenanceWindow(FactoryOwned, Base):
    """Planned maintenance: the machine is unavailable over ``[start, end)``."""

    __tablename__ = "maintenance_window"

    id: Mapped[PrimaryKey]
    factory_id: Mapped[OwnerFirm]
    machine_id: Mapped[uuid.UUID] = part_of("machine.id")
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(200), default="")


class SetupFamily(FactoryOwned, Base):
    """The setup family of a product (products of one family share fixtures and tools)."""

    __tablename__ = "setup_family"

    id: Mapped[PrimaryKey]
    factory_id: Mapped[OwnerFirm]
    product_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("product.id", ondelete="CASCADE"), unique=True
    )
    family: Mapped[str] = mapped_column(String(64))


class SetupTime(FactoryOwned, Base):
    """Changeover time on one machine from a product family to another."""

    __tablename__ = "setup_time"

    id: Mapped[PrimaryKey]
    factory_id: Mapped[OwnerFirm]
    machine_id: Mapped[uuid.UUID] = part_of("machine.id")
    from_family: Mapped[str] = mapped_column(String(64))
    to_family: Mapped[str] = mapped_column(String(64))
    setup_s: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("machine_id", "from_family", "to_family"),)


class ScheduleVersion(FactoryOwned, Base):
    """One plan of a factory: who made it, when, why, its objective values and status."""

    __tablename__ = "schedule_version"

    id: Mapped[PrimaryKey]
    factory_id: Mapped[OwnerFirm]
    number: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    created_by_label: Mapped[str] = mapped_column(String(254), default="system")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[VersionReason] = mapped_column(StrEnumType(VersionReason, 16))
    status: Mapped[VersionStatus] = mapped_column(
        StrEnumType(VersionStatus, 16), default=VersionStatus.DRAFT
    )
    base_version_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDString, ForeignKey("schedule_version.id", ondelete="SET NULL"), default=None
    )
    origin: Mapped[datetime] = mapped_column(UTCDateTime)  # the plan start
    frozen_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    solver: Mapped[str] = mapped_column(String(32), default="dispatch")
    # makespan_min, twt_min, setup_min, late_orders, operations
    objective: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # what moved against the base version: [{operation_id, work_order, from/to machine, start}]
    moved: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("factory_id", "number"),)


class ScheduledOperation(Base):
    """Where and when one operation runs in one schedule version."""

    __tablename__ = "scheduled_operation"

    id: Mapped[PrimaryKey]
    version_id: Mapped[uuid.UUID] = part_of("schedule_version.id")
    operation_id: Mapped[uuid.UUID] = part_of("operation.id")
    work_order_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("work_order.id", ondelete="CASCADE")
    )
    order_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    machine_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("machine.id", ondelete="CASCADE")
    )
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    work_minutes: Mapped[int] = mapped_column(Integer)  # working minutes on the machine
    setup_min: Mapped[int] = mapped_column(Integer, default=0)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)


class Disruption(FactoryOwned, Base):
    """Something that broke the plan; later plans keep honouring it (a machine stays down)."""

    __tablename__ = "plan_disruption"

    id: Mapped[PrimaryKey]
    factory_id: Mapped[OwnerFirm]
    kind: Mapped[DisruptionKind] = mapped_column(StrEnumType(DisruptionKind, 16))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    machine_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    start: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    end: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    operation_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    delay_min: Mapped[int] = mapped_column(Integer, default=0)
    order_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    version_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    source: Mapped[str] = mapped_column(String(32), default="manual")


class Notification(FirmOwned, Base):
    """An in-app message to one firm about its own business."""

    __tablename__ = "notification"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[OwnerFirm]
    kind: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str] = mapped_column(String(64), default="")
    message: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Webhook(FirmOwned, Base):
    """A firm's HTTP endpoint for events of some kinds, signed with its secret."""

    __tablename__ = "webhook"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[OwnerFirm]
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(200))
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookAllowedHost(Base):
    """A host the zone administrator lets webhooks reach although it is not public (a firm's
    endpoint inside the zone's own network, say)."""

    __tablename__ = "webhook_allowed_host"

    host: Mapped[str] = mapped_column(String(253), primary_key=True)
    added_by: Mapped[str] = mapped_column(String(254))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
