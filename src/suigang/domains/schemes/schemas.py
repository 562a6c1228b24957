"""What the support-scheme catalogue reads and writes, and what a match says."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

SubjectKind = Literal["firm", "application", "project"]
Word = Annotated[str, Field(min_length=1, max_length=60)]
SubjectWord = Annotated[str, Field(pattern="^(firm|application|project)$", max_length=11)]


class CriterionIn(BaseModel):
    """``field`` ``op`` ``value``: ``{"field": "region", "op": "eq", "value": "hong_kong"}``."""

    field: str = Field(min_length=1, max_length=80)
    op: str = Field(min_length=1, max_length=12)
    value: Any = None


class SchemeCreate(BaseModel):
    """A scheme of the catalogue; eligibility is its criteria, all of which must hold."""

    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.\-]+$")
    name_en: str = Field(min_length=1, max_length=200)
    name_zh_hans: str = Field(min_length=1, max_length=200)
    name_zh_hant: str = Field(min_length=1, max_length=200)
    sponsor: str = Field(min_length=1, max_length=200)
    purpose: str = Field(default="", max_length=4000)
    applies_to: list[SubjectWord] = Field(min_length=1, max_length=3)
    criteria: list[CriterionIn] = Field(default_factory=list, max_length=30)
    help_keywords: list[Word] = Field(default_factory=list, max_length=20)
    source_url: str = Field(min_length=1, max_length=500, pattern=r"^https?://")
    active: bool = True


class SchemeRead(SchemeCreate):
    model_config = {"from_attributes": True}

    id: uuid.UUID
    updated_by: str
    updated_at: datetime
    version: int


class ProviderRef(BaseModel):
    """A service provider that can help with a scheme (found by its words)."""

    id: uuid.UUID
    name: str
    description: str


class CriterionOutcome(BaseModel):
    criterion: str
    outcome: str  # met | not_met | unknown
    actual: str | None
    reason: str


class SchemeMatchRead(BaseModel):
    """A scheme against a subject: eligible, not eligible (with what it misses) or unknown."""

    code: str
    name: str
    sponsor: str
    purpose: str
    source_url: str
    eligibility: str
    criteria: list[CriterionOutcome]
    missed: list[str]
    providers: list[ProviderRef]


class MatchesRead(BaseModel):
    """Every active scheme for one subject, the eligible first."""

    subject_kind: SubjectKind
    subject: str
    profile: dict[str, Any]
    matches: list[SchemeMatchRead]
