"""Tables of the catalogue domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suigang.db import Base, StrEnumType, UTCDateTime, UUIDString, utcnow
from suigang.domains.common import FirmOwned, OwnerFirm, PrimaryKey, part_of


class MachineKind(StrEnum):
    ROBOT_CELL = "robot_cell"
    CNC_MACHINING_CENTER = "cnc_machining_center"
    CNC_LATHE = "cnc_lathe"
    SMT_LINE = "smt_line"
    AOI_STATION = "aoi_station"
    CMM_STATION = "cmm_station"
    INJECTION_MOLDING = "injection_molding"
    LASER_CUTTER = "laser_cutter"
    ASSEMBLY_LINE = "assembly_line"
    ADDITIVE = "additive"


class MachineStatus(StrEnum):
    IN_SERVICE = "in_service"
    MAINTENANCE = "maintenance"
    OUT_OF_SERVICE = "out_of_service"


#: Outbox events of a machine leaving and re-entering service (the catalogue's status change,
#: or telemetry seeing OutOfService); planning listens to both.
MACHINE_OUT_OF_SERVICE = "machine.out_of_service"
MACHINE_BACK_IN_SERVICE = "machine.back_in_service"


class CapabilityCategory(StrEnum):
    PROCESS = "process"
    MATERIAL = "material"
    CERTIFICATION = "certification"


class Site(FirmOwned, Base):
    __tablename__ = "site"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[OwnerFirm]
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400), default="")

    __table_args__ = (UniqueConstraint("enterprise_id", "code"),)


class WorkCenter(FirmOwned, Base):
    __tablename__ = "work_center"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[OwnerFirm]
    site_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDString, ForeignKey("site.id", ondelete="SET NULL"), default=None
    )
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))

    __table_args__ = (UniqueConstraint("enterprise_id", "code"),)


class Machine(FirmOwned, Base):
    __tablename__ = "machine"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[OwnerFirm]
    work_center_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDString, ForeignKey("work_center.id", ondelete="SET NULL"), default=None
    )
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[MachineKind] = mapped_column(StrEnumType(MachineKind, 32))
    status: Mapped[MachineStatus] = mapped_column(
        StrEnumType(MachineStatus, 16), default=MachineStatus.IN_SERVICE
    )
    capabilities: Mapped[list[str]] = mapped_column(JSON, default=list)  # process codes
    sparkplug_group: Mapped[str | None] = mapped_column(String(64), default=None)
    sparkplug_node: Mapped[str | None] = mapped_column(String(64), default=None)
    sparkplug_device: Mapped[str | None] = mapped_column(String(64), default=None)
    opcua_endpoint: Mapped[str | None] = mapped_column(String(255), default=None)
    #: When the machine took its Sparkplug address: of several machines (of different firms)
    #: naming one address, the earliest holds it; telemetry is stamped with its id.
    address_since: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    work_center: Mapped[WorkCenter | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("enterprise_id", "code"),
        Index(
            "ix_machine_sparkplug",
            "sparkplug_group",
            "sparkplug_node",
            "sparkplug_device",
        ),
    )

    @property
    def sparkplug_address(self) -> str | None:
        """``group/node/device``, or None when the machine is not on Sparkplug."""
        if self.sparkplug_group and self.sparkplug_node and self.sparkplug_device:
            return f"{self.sparkplug_group}/{self.sparkplug_node}/{self.sparkplug_device}"
        return None


class Capability(FirmOwned, Base):
    """What a factory can do (process), work with (material) or is certified for."""

    __tablename__ = "capability"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[OwnerFirm]
    category: Mapped[CapabilityCategory] = mapped_column(StrEnumType(CapabilityCategory, 16))
    code: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh_hans: Mapped[str] = mapped_column(String(200), default="")
    name_zh_hant: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("enterprise_id", "category", "code"),)


routing_step_machine = Table(
    "routing_step_machine",
    Base.metadata,
    Column(
        "routing_step_id",
        UUIDString,
        ForeignKey("routing_step.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "machine_id", UUIDString, ForeignKey("machine.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Product(FirmOwned, Base):
    """A part a factory makes, with its routing and bill of material."""

    __tablename__ = "product"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[OwnerFirm]
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(16), default="pcs")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    steps: Mapped[list[RoutingStep]] = relationship(
        back_populates="product",
        order_by="RoutingStep.seq",
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    bom: Mapped[list[BomLine]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", foreign_keys="BomLine.product_id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("enterprise_id", "code"),)


class RoutingStep(Base):
    """One operation of a product's routing: where it may run and how long it takes."""

    __tablename__ = "routing_step"

    id: Mapped[PrimaryKey]
    product_id: Mapped[uuid.UUID] = part_of("product.id")
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    work_center_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDString, ForeignKey("work_center.id", ondelete="SET NULL"), default=None
    )
    setup_s: Mapped[int] = mapped_column(Integer, default=0)
    run_s_per_unit: Mapped[Decimal] = mapped_column(Numeric(12, 3))

    product: Mapped[Product] = relationship(back_populates="steps")
    work_center: Mapped[WorkCenter | None] = relationship(lazy="joined")
    machines: Mapped[list[Machine]] = relationship(
        secondary=routing_step_machine, lazy="selectin", order_by="Machine.code"
    )

    __table_args__ = (UniqueConstraint("product_id", "seq"),)


class BomLine(Base):
    """A component of a product: another product of the same factory, or a bought part."""

    __tablename__ = "bom_line"

    id: Mapped[PrimaryKey]
    product_id: Mapped[uuid.UUID] = part_of("product.id")
    component_code: Mapped[str] = mapped_column(String(64))
    component_product_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDString, ForeignKey("product.id", ondelete="SET NULL"), default=None
    )
    quantity: Mapped[Decimal] = mapped_column(Numeric(12, 4))
