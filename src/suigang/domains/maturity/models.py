"""Tables of the maturity domain: the requirement catalogue, assessments and answers.

An assessment belongs to one firm (``can`` sees it as ``own``); the zone office reads only
the level and score of submitted ones, never the answers. An answer row holds either the
firm's own answer or a proposal from the platform's data (with its evidence and figures)
that the firm confirms or overrides.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suigang.db import Base, StrEnumType, UTCDateTime, utcnow
from suigang.domains.common import FirmOwned, OwnerFirm, PrimaryKey, part_of
from suigang.engines.analytics.maturity import Answer

SUBDOMAIN = 8  # a sub-domain code (M2.2)
REQUIREMENT = 40  # a requirement's identifier within its sub-domain and level
FRACTION = 60  # an exact score as text, "41/60"


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class AnswerOrigin(StrEnum):
    """How an answer came about."""

    ANSWERED = "answered"  # the firm answered; nothing was proposed
    PROPOSED = "proposed"  # proposed from the platform's data, not yet confirmed
    CONFIRMED = "confirmed"  # the firm confirmed the proposal
    OVERRIDDEN = "overridden"  # the firm answered otherwise than proposed


class MaturityRequirement(Base):
    """One requirement of the catalogue in use: the zone office's licensed import (kind
    ``standard``). While it is empty the shipped summaries (kind ``summary``) are used."""

    __tablename__ = "maturity_requirement"

    id: Mapped[PrimaryKey]
    subdomain: Mapped[str] = mapped_column(String(SUBDOMAIN))
    level: Mapped[int] = mapped_column(Integer)
    requirement: Mapped[str] = mapped_column(String(REQUIREMENT))
    kind: Mapped[str] = mapped_column(String(16))
    text_zh_hans: Mapped[str] = mapped_column(Text, default="")
    text_zh_hant: Mapped[str] = mapped_column(Text, default="")
    text_en: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(254))

    __table_args__ = (UniqueConstraint("subdomain", "level", "requirement"),)


class MaturityAssessment(FirmOwned, Base):
    """A firm's self-assessment; its level and exact score are kept when it is submitted."""

    __tablename__ = "maturity_assessment"

    id: Mapped[PrimaryKey]
    enterprise_id: Mapped[OwnerFirm]
    title: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[AssessmentStatus] = mapped_column(
        StrEnumType(AssessmentStatus, 16), default=AssessmentStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(254))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    level: Mapped[int | None] = mapped_column(Integer, default=None)
    score: Mapped[str | None] = mapped_column(String(FRACTION), default=None)
    # {"1": "41/60", ..., "5": null} at submission
    level_scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1)

    answers: Mapped[list[MaturityAnswer]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="MaturityAnswer.level",
    )

    __mapper_args__ = {"version_id_col": version}


class MaturityAnswer(Base):
    """The answer to one requirement, or the platform's proposal for it.

    ``answer`` is None while a proposal waits for the firm; ``proposed`` and ``evidence``
    (the indicator, its figures and what they were read from) stay as they were proposed.
    """

    __tablename__ = "maturity_answer"

    id: Mapped[PrimaryKey]
    assessment_id: Mapped[uuid.UUID] = part_of("maturity_assessment.id")
    subdomain: Mapped[str] = mapped_column(String(SUBDOMAIN))
    level: Mapped[int] = mapped_column(Integer)
    requirement: Mapped[str] = mapped_column(String(REQUIREMENT))
    answer: Mapped[Answer | None] = mapped_column(StrEnumType(Answer, 16), default=None)
    proposed: Mapped[Answer | None] = mapped_column(StrEnumType(Answer, 16), default=None)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decision: Mapped[AnswerOrigin] = mapped_column(StrEnumType(AnswerOrigin, 16))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(254))

    assessment: Mapped[MaturityAssessment] = relationship(back_populates="answers")

    __table_args__ = (UniqueConstraint("assessment_id", "subdomain", "level", "requirement"),)
