"""The job table: who asked for what, where it stands, its result or error."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Float, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from suigang.db import Base, StrEnumType, UTCDateTime, UUIDString, utcnow


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


#: States a job does not leave.
FINISHED = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED})


class Job(Base):
    """One piece of long work, run by a backend (local processes or Ray) and written by the
    worker itself, so that every API process reads the same state and can cancel it."""

    __tablename__ = "job"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # plan, sweep, report, retrain
    enterprise_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    user_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    parent_id: Mapped[str | None] = mapped_column(String(32), default=None)
    backend: Mapped[str] = mapped_column(String(16))
    runner: Mapped[str] = mapped_column(String(120), default="")  # host:pid that submitted it
    state: Mapped[JobState] = mapped_column(StrEnumType(JobState), default=JobState.QUEUED)
    fraction: Mapped[float | None] = mapped_column(Float, default=None)
    message: Mapped[str] = mapped_column(String(500), default="")
    progress: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [[at, fraction, text]]
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[Any] = mapped_column(JSON, nullable=True, default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_job_enterprise_id", "enterprise_id", "created_at"),
        Index("ix_job_state", "state"),
        Index("ix_job_parent_id", "parent_id"),
    )

    @property
    def finished(self) -> bool:
        return self.state in FINISHED
