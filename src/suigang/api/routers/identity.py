"""API keys and the audit log of the caller's firm."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from suigang.api.deps import CurrentActor, DbSession, Paging
from suigang.domains.identity import admin
from suigang.domains.identity.service import create_api_key, list_audit

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


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    email: str
    full_name: str
    role: str
    active: bool


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
    """The firm's keys, revoked ones included (admins only)."""
    return [ApiKeyRead.model_validate(k) for k in admin.list_api_keys(session, actor=actor)]


@router.post("/api-keys/{key_id}/revoke", response_model=ApiKeyRead)
def revoke_api_key(key_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> ApiKeyRead:
    """Revoke a key of the firm: it is refused from its next request on (admins only)."""
    return ApiKeyRead.model_validate(admin.revoke_api_key(session, actor=actor, key_id=key_id))


@router.get("/users", response_model=list[UserRead])
def users(actor: CurrentActor, session: DbSession) -> list[UserRead]:
    """The firm's users (its administrators only)."""
    return [UserRead.model_validate(u) for u in admin.list_users(session, actor=actor)]


@router.post("/users/{user_id}/disable", response_model=UserRead)
def disable_user(user_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> UserRead:
    """Disable a user of the firm: their tokens and sessions stop working at once."""
    user = admin.set_user_active(session, actor=actor, user_id=user_id, active=False)
    return UserRead.model_validate(user)


@router.post("/users/{user_id}/enable", response_model=UserRead)
def enable_user(user_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> UserRead:
    user = admin.set_user_active(session, actor=actor, user_id=user_id, active=True)
    return UserRead.model_validate(user)


@router.get("/audit", response_model=list[AuditRead])
def audit_log(actor: CurrentActor, session: DbSession, page: Paging) -> list[AuditRead]:
    """The audit log of the caller's firm, newest first (admins only)."""
    rows = list_audit(session, actor=actor, offset=page.offset, limit=page.limit)
    return [AuditRead.model_validate(r) for r in rows]
