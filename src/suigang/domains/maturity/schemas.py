"""API schemas of the maturity domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from suigang.domains.limits import REASON_MAX, TEXT_MAX
from suigang.domains.maturity.models import REQUIREMENT, AnswerOrigin, AssessmentStatus
from suigang.engines.analytics.maturity import Answer


class AssessmentCreate(BaseModel):
    title: str = Field(default="", max_length=200)


class AnswerIn(BaseModel):
    """One answer: the sub-domain by code or name (``M2.2``, ``计划与调度``), the level, the
    requirement's id, the answer in English or Chinese words (``na`` for not applicable)."""

    subdomain: str = Field(max_length=100, examples=["M2.2"])
    level: int = Field(ge=1, le=5)
    requirement: str = Field(max_length=REQUIREMENT, examples=["a"])
    answer: str = Field(max_length=40, examples=["mostly", "部分满足"])
    note: str = Field(default="", max_length=TEXT_MAX)


class AnswersSet(BaseModel):
    answers: list[AnswerIn] = Field(min_length=1, max_length=500)


class ProposalDecision(BaseModel):
    """Confirm a proposal (no ``answer``, or the proposed one) or override it with another
    answer and a ``reason``."""

    answer: str | None = Field(default=None, max_length=40)
    reason: str = Field(default="", max_length=REASON_MAX)


class AnswerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    subdomain: str
    level: int
    requirement: str
    answer: Answer | None
    proposed: Answer | None
    decision: AnswerOrigin
    evidence: dict[str, Any]
    note: str
    updated_at: datetime
    updated_by: str


class AssessmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    enterprise_id: uuid.UUID
    title: str
    status: AssessmentStatus
    created_at: datetime
    created_by: str
    submitted_at: datetime | None
    level: int | None
    score: str | None = Field(description="the exact total S as a fraction, e.g. 41/60")
    level_scores: dict[str, Any]
    version: int
    answers: list[AnswerRead]


class GapRead(BaseModel):
    subdomain: str
    level: int
    requirement: str
    answer: Answer | None = Field(description="None: not answered yet")
    score: float | None
    impact: float | None = Field(description="what meeting it fully adds to its level's score")
    text: str
    features: list[str]


class RoadmapRead(BaseModel):
    feature: str
    name: str
    path: str
    subdomains: list[str]


class OutcomeRead(BaseModel):
    level: int
    score: float
    score_exact: str
    level_scores: dict[str, float | None]
    counted_levels: list[int]
    radar: dict[str, dict[str, float | None]] = Field(
        description="level → element code → score (None: tailored out)"
    )
    gaps: list[GapRead]
    roadmap: list[RoadmapRead]
    answered: int
    pending: int
    catalogue: int


class FirmLevelRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    enterprise_id: uuid.UUID
    firm_en: str
    firm_zh_hans: str
    firm_zh_hant: str
    level: int
    score: float
    submitted_at: datetime


class RequirementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    subdomain: str
    level: int
    requirement: str
    kind: str = Field(description="summary: written by the team; standard: a licensed import")
    text_zh_hans: str
    text_zh_hant: str
    text_en: str


class RequirementImport(BaseModel):
    stored: int
