"""API keys and the audit log of the caller's firm."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from suigang.api.deps import CurrentActor, DbSession, Paging
from suigang.domains.common import owned_by
from suigang.domains.identity.models import ApiKey
from suigang.domains.identity.service import create_api_key, list_audit, require

router = APIRouter(tags=["identity"])


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class ApiKeyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(description="the key itself: shown once, store it now")


class AuditRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    at: datetime
    actor_label: str
    action: str
    subject_type: str
    subject_id: str
    details: dict[str, Any]


@router.post("/api-keys", response_model=ApiKeyCreated, status_code=status.HTTP_201_CREATED)
def new_api_key(data: ApiKeyCreate, actor: CurrentActor, session: DbSession) -> ApiKeyCreated:
    """A key for a machine or an integration of the caller's firm (admins only)."""
    key, plain = create_api_key(
        session, enterprise_id=actor.enterprise_id, name=data.name, actor=actor
    )
    return ApiKeyCreated(**ApiKeyRead.model_validate(key).model_dump(), key=plain)


@router.get("/api-keys", response_model=list[ApiKeyRead])
def api_keys(actor: CurrentActor, session: DbSession) -> list[ApiKeyRead]:
    require(actor, "api_key:manage", owned_by(actor.enterprise_id))
    rows = session.scalars(
        select(ApiKey).where(ApiKey.enterprise_id == actor.enterprise_id).order_by(ApiKey.name)
    )
    return [ApiKeyRead.model_validate(k) for k in rows]


@router.get("/audit", response_model=list[AuditRead])
def audit_log(actor: CurrentActor, session: DbSession, page: Paging) -> list[AuditRead]:
    """The audit log of the caller's firm, newest first (admins only)."""
    rows = list_audit(session, actor=actor, offset=page.offset, limit=page.limit)
    return [AuditRead.model_validate(r) for r in rows]
