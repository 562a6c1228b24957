"""Tables of the relay: projects, their participants, the legs they ran, the baton passes,
the evidence attached to their levels and their timeline.

A project's legs, gates and stall limits are configuration (``engines.readiness``); these
tables keep what happened. The baton holder owns the project (``can`` sees it as ``own``),
every other participant has it addressed to them, and a handover is owned by the firm that
passes the baton and addressed to the firm that receives it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suigang.db import Base, StrEnumType, UTCDateTime, UUIDString, utcnow
from suigang.domains.common import NamedFirm, PrimaryKey, in_language, part_of


class ProjectStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"  # the last leg is done (on the market, listed)
    DROPPED = "dropped"  # abandoned: a drop-out of the funnel


class HandoverStatus(StrEnum):
    PENDING = "pending"  # the gate passed; the receiving holder has not answered yet
    ACCEPTED = "accepted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"  # taken back by the passing holder before an answer


class RegionGroup(StrEnum):
    """Who ran a leg, by the holder's region: Hong Kong, the zone, or elsewhere."""

    HK = "hk"
    ZONE = "zone"
    OTHER = "other"


class RelayProject(Base):
    __tablename__ = "relay_project"

    id: Mapped[PrimaryKey]
    title_en: Mapped[str] = mapped_column(String(200))
    title_zh_hans: Mapped[str] = mapped_column(String(200))
    title_zh_hant: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    leg: Mapped[int] = mapped_column(Integer)
    status: Mapped[ProjectStatus] = mapped_column(
        StrEnumType(ProjectStatus, 16), default=ProjectStatus.ACTIVE
    )
    holder_id: Mapped[NamedFirm]
    trl: Mapped[int | None] = mapped_column(Integer, default=None)
    mrl: Mapped[int | None] = mapped_column(Integer, default=None)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    leg_started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_moved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    participants: Mapped[list[RelayParticipant]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="RelayParticipant.joined_at"
    )

    __mapper_args__ = {"version_id_col": version}

    def title(self, lang: str) -> str:
        return in_language(lang, self.title_zh_hans, self.title_zh_hant, self.title_en)

    # as a resource of ``can``: the holder owns it, the other participants have it addressed
    @property
    def owner_enterprise_id(self) -> uuid.UUID:
        return self.holder_id

    @property
    def addressed_enterprise_ids(self) -> Iterable[uuid.UUID]:
        return tuple(
            p.enterprise_id for p in self.participants if p.enterprise_id != self.holder_id
        )


class RelayParticipant(Base):
    """A firm taking part in a project: every holder so far, firms added by a holder, and a
    firm offered the baton."""

    __tablename__ = "relay_participant"

    project_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("relay_project.id", ondelete="CASCADE"), primary_key=True
    )
    enterprise_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("enterprise.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by: Mapped[str] = mapped_column(String(254))


class RelayLegRun(Base):
    """One leg as run by one holder: from taking the baton to passing it (or the end)."""

    __tablename__ = "relay_leg_run"

    id: Mapped[PrimaryKey]
    project_id: Mapped[uuid.UUID] = part_of("relay_project.id")
    leg: Mapped[int] = mapped_column(Integer)
    holder_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("enterprise.id", ondelete="RESTRICT")
    )
    region: Mapped[RegionGroup] = mapped_column(StrEnumType(RegionGroup, 8))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class RelayHandover(Base):
    """A baton pass: asked for by the holder once the gate passed, answered by the receiver."""

    __tablename__ = "relay_handover"

    id: Mapped[PrimaryKey]
    project_id: Mapped[uuid.UUID] = part_of("relay_project.id")
    from_leg: Mapped[int] = mapped_column(Integer)
    to_leg: Mapped[int] = mapped_column(Integer)
    from_holder_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("enterprise.id", ondelete="RESTRICT")
    )
    to_holder_id: Mapped[NamedFirm]
    status: Mapped[HandoverStatus] = mapped_column(
        StrEnumType(HandoverStatus, 16), default=HandoverStatus.PENDING
    )
    trl: Mapped[int | None] = mapped_column(Integer, default=None)  # the levels when asked
    mrl: Mapped[int | None] = mapped_column(Integer, default=None)
    gate: Mapped[str] = mapped_column(String(400), default="")  # the gate's description
    note: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_by: Mapped[str] = mapped_column(String(254))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    decided_by: Mapped[str | None] = mapped_column(String(254), default=None)
    reason: Mapped[str] = mapped_column(Text, default="")  # why refused or withdrawn
    # the offer made the receiver a participant (it leaves again if refused or withdrawn)
    receiver_added: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def owner_enterprise_id(self) -> uuid.UUID:
        return self.from_holder_id

    @property
    def addressed_enterprise_ids(self) -> Iterable[uuid.UUID]:
        return (self.to_holder_id,)


class RelayLevelEvidence(Base):
    """Which level (and MRL threads) a piece of evidence of a project supports."""

    __tablename__ = "relay_level_evidence"

    evidence_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[uuid.UUID] = part_of("relay_project.id")
    scale: Mapped[str] = mapped_column(String(3))  # TRL | MRL
    level: Mapped[int] = mapped_column(Integer)
    threads: Mapped[str] = mapped_column(String(60), default="")  # MRL thread letters, "E,F"

    @property
    def thread_ids(self) -> tuple[str, ...]:
        return tuple(t for t in self.threads.split(",") if t)


class RelayEvent(Base):
    """One entry of a project's timeline (the audit log keeps the same writes for security)."""

    __tablename__ = "relay_event"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    project_id: Mapped[uuid.UUID] = mapped_column(
        UUIDString, ForeignKey("relay_project.id", ondelete="CASCADE")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(40))
    enterprise_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    actor_label: Mapped[str] = mapped_column(String(254))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_relay_event_project_at", "project_id", "at"),)
