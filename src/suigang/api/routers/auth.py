"""Sign-in and the caller's own identity."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from suigang.api.deps import AppSettings, CurrentActor, DbSession
from suigang.domains.identity.service import get_enterprise, issue_token
from suigang.domains.identity.signin import sign_in

public = APIRouter(tags=["auth"])
router = APIRouter(tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class MeRead(BaseModel):
    user_id: uuid.UUID | None
    label: str
    role: str
    language: str
    enterprise_id: uuid.UUID
    enterprise_kind: str
    enterprise_name: str


@public.post("/auth/token", response_model=Token)
def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: DbSession,
    settings: AppSettings,
    request: Request,
) -> Token:
    """OAuth2 password flow: e-mail as ``username`` and password → bearer token.

    Repeated failures lock the account and the client address out for a while (429 with
    ``Retry-After``); every failure is in the audit log."""
    address = request.client.host if request.client else None
    user = sign_in(session, email=form.username, password=form.password, address=address)
    return Token(
        access_token=issue_token(
            user, secret=settings.signing_key(), ttl_minutes=settings.token_ttl_minutes
        ),
        expires_in=settings.token_ttl_minutes * 60,
    )


@router.get("/me", response_model=MeRead)
def me(actor: CurrentActor, session: DbSession) -> MeRead:
    ent = get_enterprise(session, enterprise_id=actor.enterprise_id, actor=actor)
    return MeRead(
        user_id=actor.user_id,
        label=actor.label,
        role=actor.role,
        language=actor.language,
        enterprise_id=actor.enterprise_id,
        enterprise_kind=actor.enterprise_kind,
        enterprise_name=ent.name(actor.language),
    )
