"""The evidence table: one row per document, platform-data link or review.

A row is attached to a *subject* named by the owning domain as ``(subject_kind,
subject_id)`` (``("relay_project", "<id>")``); the evidence domain does not know what the
subject is and never decides who may see it: the owning domain checks access first.
Documents are stored as files under the data directory, named by their SHA-256.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from suigang.db import Base, StrEnumType, UTCDateTime, utcnow
from suigang.domains.common import NamedFirm, PrimaryKey


class EvidenceKind(StrEnum):
    DOCUMENT = "document"  # a PDF or an image, stored under the data directory
    PLATFORM_DATA = "platform_data"  # a link to figures the platform holds (a lot's Cpk)
    REVIEW = "review"  # a written review by a person of a participating firm


class LinkKind(StrEnum):
    """What a platform-data link points at, and so which figures it carries."""

    LOT = "lot"  # a lot's capability (lowest Cpk of its characteristics) and visual pass rate
    MACHINE_OEE = "machine_oee"  # a machine's OEE over the days before the link was made


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[PrimaryKey]
    subject_kind: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[EvidenceKind] = mapped_column(StrEnumType(EvidenceKind, 16))
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")  # the review's text, or a comment
    # a document
    sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    media_type: Mapped[str | None] = mapped_column(String(40), default=None)
    size_bytes: Mapped[int | None] = mapped_column(Integer, default=None)
    filename: Mapped[str | None] = mapped_column(String(200), default=None)
    # a link to platform data: the figure when attached, the figure now (after a refresh)
    link_kind: Mapped[LinkKind | None] = mapped_column(StrEnumType(LinkKind, 16), default=None)
    link_ref: Mapped[str | None] = mapped_column(String(64), default=None)
    link_label: Mapped[str] = mapped_column(String(200), default="")
    figure_name: Mapped[str] = mapped_column(String(40), default="")
    figure_attached: Mapped[float | None] = mapped_column(Float, default=None)
    figure: Mapped[float | None] = mapped_column(Float, default=None)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    figures_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # who attached it
    enterprise_id: Mapped[NamedFirm]
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_evidence_subject", "subject_kind", "subject_id"),)
