"""The catalogue of support schemes and funding programmes the zone office keeps.

Eligibility is configuration (``engines.analytics.eligibility`` criteria as a list of
``{"field", "op", "value"}``); amounts are not recorded here: the source link says them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from suigang.db import Base, UTCDateTime, utcnow
from suigang.domains.common import PrimaryKey, in_language


class SupportScheme(Base):
    __tablename__ = "support_scheme"

    id: Mapped[PrimaryKey]
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh_hans: Mapped[str] = mapped_column(String(200))
    name_zh_hant: Mapped[str] = mapped_column(String(200))
    sponsor: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    # which subjects it is matched against: firm, application, project
    applies_to: Mapped[list[str]] = mapped_column(JSON, default=list)
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # words that find the service providers that can help (in their name or description)
    help_keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_url: Mapped[str] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def name(self, lang: str) -> str:
        return in_language(lang, self.name_zh_hans, self.name_zh_hant, self.name_en)
