"""Job records as the API shows them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class JobRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    kind: str
    state: str
    fraction: float | None
    message: str
    result: Any = None
    error: str | None = None
    cancel_requested: bool
    parent_id: str | None = None
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None


class ScenarioCreate(BaseModel):
    name: str = Field(min_length=1, max_length=60)
    time_limit_s: float = Field(gt=0, le=600)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)


class SweepCreate(BaseModel):
    scenarios: list[ScenarioCreate] = Field(min_length=1, max_length=8)


class CertificatesCreate(BaseModel):
    lot_ids: list[uuid.UUID] = Field(min_length=1, max_length=200)
