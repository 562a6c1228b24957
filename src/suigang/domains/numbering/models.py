"""The counters behind human-readable numbers."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from suigang.db import Base


class NumberCounter(Base):
    """The last number handed out in one scope (``RFQ-2026``, ``plan:<factory id>`` ...)."""

    __tablename__ = "number_counter"

    scope: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger())
