"""What the evidence domain reads and writes: a subject, evidence as read, and inputs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from suigang.domains.evidence.models import EvidenceKind, LinkKind


class EvidenceRead(BaseModel):
    """One piece of evidence; document, link and review fields are filled by kind."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    subject_kind: str
    subject_id: str
    kind: EvidenceKind
    title: str
    note: str
    media_type: str | None
    size_bytes: int | None
    filename: str | None
    link_kind: LinkKind | None
    link_ref: str | None
    link_label: str
    figure_name: str
    figure_attached: float | None
    figure: float | None
    figures: dict[str, Any]
    figures_at: datetime | None
    enterprise_id: uuid.UUID
    created_by: str
    created_at: datetime


class LinkCreate(BaseModel):
    """A link to platform data: a lot (its Cpk) or a machine (its OEE over ``days``)."""

    link_kind: LinkKind
    ref: uuid.UUID
    title: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=4000)
    days: int = Field(default=30, ge=1, le=366)


class ReviewCreate(BaseModel):
    """A written review; ``title`` names it (``Design review, 2026-05``)."""

    title: str = Field(min_length=1, max_length=200)
    note: str = Field(min_length=1, max_length=4000)
