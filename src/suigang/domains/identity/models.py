"""Tables of the identity domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suigang.db import Base, StrEnumType, UTCDateTime, UUIDString, utcnow
from suigang.domains.common import NamedFirm, OwnerFirm, PrimaryKey, in_language


class EnterpriseKind(StrEnum):
    FRONT_SHOP = "front_shop"
    FACTORY = "factory"
    SERVICE_PROVIDER = "service_provider"
    RESEARCH_INSTITUTE = "research_institute"
    ZONE_OFFICE = "zone_office"


class Region(StrEnum):
    """Where a firm sits: Hong Kong, one of the zone's three parts, or elsewhere.

    The parts are those of the zone's implementation plan (粤大湾区〔2021〕2号): the smart
    manufacturing cooperation park on the Guangzhou Development District West Zone, the
    science and technology innovation cooperation park on the Yunpu Industrial Zone, and
    the residential community between them.
    """

    HONG_KONG = "hong_kong"
    ZONE_WEST = "zone_west"  # 广州开发区西区 · 智能制造合作园区 (19.1 km²)
    ZONE_YUNPU = "zone_yunpu"  # 云埔工业区 · 科技创新合作园区 (11.7 km²)
    ZONE_COMMUNITY = "zone_community"  # 优质宜居生活社区 (25.59 km²)
    MAINLAND_OTHER = "mainland_other"  # elsewhere on the mainland


class Role(StrEnum):
    ADMIN = "admin"  # enterprise administrator
    MEMBER = "member"
    ZONE_ADMIN = "zone_admin"  # administrator of the zone office


class Enterprise(Base):
    __tablename__ = "enterprise"

    id: Mapped[PrimaryKey]
    kind: Mapped[EnterpriseKind] = mapped_column(StrEnumType(EnterpriseKind, 32))
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh_hans: Mapped[str] = mapped_column(String(200))
    name_zh_hant: Mapped[str] = mapped_column(String(200))
    region: Mapped[Region] = mapped_column(StrEnumType(Region, 32))
    address: Mapped[str] = mapped_column(String(400), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    hk_invested: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def name(self, lang: str) -> str:
        """The enterprise's name in ``zh-Hans``, ``zh-Hant`` or ``en``."""
        return in_language(lang, self.name_zh_hans, self.name_zh_hant, self.name_en)


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[PrimaryKey]
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    enterprise_id: Mapped[NamedFirm]
    role: Mapped[Role] = mapped_column(StrEnumType(Role, 16))
    language: Mapped[str] = mapped_column(String(8), default="en")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enterprise: Mapped[Enterprise] = relationship(lazy="joined")


class ApiKey(Base):
    """A per-enterprise key for machines and integrations; only its hash is stored."""

    __tablename__ = "api_key"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[OwnerFirm]
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    enterprise: Mapped[Enterprise] = relationship(lazy="joined")


class AuditEvent(Base):
    """Who did what to which thing, when; written by every write use case."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    actor_enterprise_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    actor_label: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_audit_event_subject", "subject_type", "subject_id"),)


class SignInThrottle(Base):
    """Failed sign-ins of one account or one address, and how long it is locked out.

    ``key`` is ``account:<e-mail>`` or ``address:<client address>``. Each failure beyond the
    free ones doubles the lock-out; a success clears the account's row.
    """

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
