"""The outbox table."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from suigang.db import Base, UTCDateTime, UUIDString, utcnow


class OutboxEvent(Base):
    """One domain event, delivered once to each subscriber by the dispatcher."""

    __tablename__ = "outbox_event"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(64))  # e.g. machine.out_of_service
    enterprise_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString, default=None)
    subject_id: Mapped[str] = mapped_column(String(64), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(default=0)

    __table_args__ = (Index("ix_outbox_event_pending", "delivered_at", "id"),)
