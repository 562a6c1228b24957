"""The zone's directory of firms."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from suigang.api.deps import CurrentActor, DbSession, Paging
from suigang.api.schemas import Page
from suigang.domains.identity.models import EnterpriseKind, Region
from suigang.domains.identity.service import get_enterprise, list_enterprises

router = APIRouter(tags=["enterprises"])


class EnterpriseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    kind: EnterpriseKind
    name_en: str
    name_zh_hans: str
    name_zh_hant: str
    region: Region
    hk_invested: bool
    description: str


@router.get("/enterprises", response_model=Page[EnterpriseRead])
def enterprises(
    actor: CurrentActor,
    session: DbSession,
    page: Paging,
    kind: EnterpriseKind | None = None,
    name: str | None = Query(
        default=None, max_length=200, description="part of the name, in any script"
    ),
) -> Page[EnterpriseRead]:
    rows, total = list_enterprises(
        session, actor=actor, kind=kind, name=name, offset=page.offset, limit=page.limit
    )
    return page.of(EnterpriseRead, rows, total)


@router.get("/enterprises/{enterprise_id}", response_model=EnterpriseRead)
def enterprise(enterprise_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> EnterpriseRead:
    return EnterpriseRead.model_validate(
        get_enterprise(session, enterprise_id=enterprise_id, actor=actor)
    )
