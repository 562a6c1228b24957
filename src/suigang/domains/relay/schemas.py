"""What the relay reads and writes over the API, the pages and the CLI."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field

from suigang.domains.evidence.schemas import EvidenceRead
from suigang.domains.relay.models import HandoverStatus, ProjectStatus


class RelayProjectCreate(BaseModel):
    """A new project; the creator's firm holds the baton. At least one title is needed: a
    blank Chinese title is converted from the other script, any other blank takes the first
    title given."""

    title_en: str = Field(default="", max_length=200)
    title_zh_hans: str = Field(default="", max_length=200)
    title_zh_hant: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=4000)
    leg: int = Field(default=1, ge=1, le=20)
    trl: int | None = Field(default=None, ge=1, le=9)
    mrl: int | None = Field(default=None, ge=1, le=10)
    participant_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)


class LevelClaim(BaseModel):
    scale: str = Field(pattern="^(TRL|MRL)$", max_length=3)
    level: int = Field(ge=1, le=10)


class ParticipantAdd(BaseModel):
    enterprise_id: uuid.UUID


class LevelRef(BaseModel):
    """The level a piece of evidence supports, and for MRL the threads it covers."""

    scale: str = Field(pattern="^(TRL|MRL)$", max_length=3)
    level: int = Field(ge=1, le=10)
    threads: list[Annotated[str, Field(max_length=2)]] = Field(default_factory=list, max_length=26)


class HandoverCreate(BaseModel):
    to_enterprise_id: uuid.UUID
    to_leg: int | None = Field(default=None, ge=1, le=20)
    note: str = Field(default="", max_length=4000)


class Decision(BaseModel):
    reason: str = Field(default="", max_length=4000)


class CloseProject(BaseModel):
    outcome: ProjectStatus
    reason: str = Field(default="", max_length=4000)


class FirmRef(BaseModel):
    """A firm as the relay shows it: its name in the reader's language, kind and region."""

    id: uuid.UUID
    name: str
    kind: str
    region: str


class RelayProjectSummary(BaseModel):
    """What the zone office sees of a project, and the items of every project list."""

    id: uuid.UUID
    title: str
    title_en: str
    title_zh_hans: str
    title_zh_hant: str
    leg: int
    leg_name: str
    status: ProjectStatus
    trl: int | None
    mrl: int | None
    baton_holder: FirmRef
    holders: list[FirmRef]  # every firm that held the baton, in order
    started_at: datetime
    leg_started_at: datetime
    last_moved_at: datetime
    closed_at: datetime | None
    idle_days: int
    stalled: bool
    stall_limit_days: int
    pending_handover: bool


class LevelEvidenceRead(BaseModel):
    scale: str
    level: int
    threads: list[str]
    evidence: EvidenceRead


class ShortfallRead(BaseModel):
    scale: str
    level: int
    lack: str  # not_claimed | level_too_low | no_evidence | threads_missing
    claimed: int | None
    threads_missing: list[str]
    message: str


class GateRead(BaseModel):
    """The gate out of the project's leg and how the project stands against it."""

    from_leg: int
    to_leg: int | None
    status: str  # pass | refused | final_leg
    description: str
    criteria: list[str]
    shortfalls: list[ShortfallRead]


class ChecklistItemRead(BaseModel):
    thread: str
    name: str
    name_zh_hans: str
    name_zh_hant: str
    evidence_ids: list[uuid.UUID]


class HandoverRead(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    project_title: str
    from_leg: int
    to_leg: int
    from_holder: FirmRef
    to_holder: FirmRef
    status: HandoverStatus
    trl: int | None
    mrl: int | None
    gate: str
    note: str
    requested_at: datetime
    requested_by: str
    decided_at: datetime | None
    decided_by: str | None
    reason: str
    days: int | None  # from request to answer


class EventRead(BaseModel):
    at: datetime
    kind: str
    actor: str
    firm: str
    details: dict[str, Any]


class RelayProjectRead(RelayProjectSummary):
    """A project as its participants see it: everything, evidence included."""

    description: str
    participants: list[FirmRef]
    evidence: list[LevelEvidenceRead]
    gate: GateRead
    checklist_level: int | None
    checklist: list[ChecklistItemRead]
    handovers: list[HandoverRead]
    timeline: list[EventRead]


class LegFigures(BaseModel):
    leg: int
    name: str
    name_zh_hans: str
    name_zh_hant: str
    region: str | None
    reached: int  # projects that ever ran this leg
    current: int  # active projects on it now
    dropped: int  # projects dropped while on it
    stalled: int
    median_days: float | None  # of the finished runs of this leg
    runs_hk: int  # runs of this leg by Hong Kong firms
    runs_zone: int
    runs_other: int


class HandoverFigures(BaseModel):
    from_leg: int
    to_leg: int
    accepted: int
    refused: int
    pending: int
    median_days: float | None  # from request to acceptance


class RelayFunnel(BaseModel):
    """The zone office's view of the relay: aggregates and the stalled batons."""

    projects: int
    active: int
    completed: int
    dropped: int
    legs: list[LegFigures]
    handovers: list[HandoverFigures]
    share_hk: float | None  # of all leg runs, the share run by Hong Kong firms
    share_zone: float | None
    stalled: list[RelayProjectSummary]
