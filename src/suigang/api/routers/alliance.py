"""The alliance: partner search, a firm's profile and membership, declared supply links, a
firm's chain, and the zone office's chain by segment with its local-supplier gaps."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from suigang.api.deps import CurrentActor, DbSession
from suigang.api.files import download
from suigang.domains.alliance import service
from suigang.domains.alliance.schemas import (
    MAX_QUERY,
    FirmChain,
    PartnerSearch,
    ProfileRead,
    ProfileUpdate,
    SupplierGap,
    SupplyLinkCreate,
    SupplyLinkRead,
    SupplyLinkUpdate,
    ZoneChain,
)

router = APIRouter(tags=["alliance"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/alliance/search", response_model=PartnerSearch)
def search(
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="any script")],
    actor: CurrentActor,
    session: DbSession,
    certification: Annotated[str | None, Query(max_length=120, examples=["ISO 9001"])] = None,
    region: Annotated[
        str | None, Query(max_length=60, description="hong_kong, zone, zone_west, zone_yunpu...")
    ] = None,
    top: Annotated[int, Query(ge=1, le=service.MAX_TOP)] = 20,
) -> PartnerSearch:
    """Alliance members ranked for a request in English, 简体 or 繁體, each with the query
    terms that matched which of its words; 422 for an empty or over-long (> 500) query."""
    return service.search_partners(
        session, actor=actor, q=q, certification=certification, region=region, top=top
    )


@router.get("/alliance/profile", response_model=ProfileRead)
def own_profile(actor: CurrentActor, session: DbSession) -> ProfileRead:
    """The caller's firm's profile (an empty one until it is written)."""
    return service.get_profile(session, actor=actor)


@router.put("/alliance/profile", response_model=ProfileRead)
def update_profile(data: ProfileUpdate, actor: CurrentActor, session: DbSession) -> ProfileRead:
    """An admin writes the firm's profile; 409 when ``version`` is not the stored one."""
    service.update_profile(session, actor=actor, data=data)
    return service.get_profile(session, actor=actor)


@router.get("/alliance/profiles/{enterprise_id}", response_model=ProfileRead)
def member_profile(
    enterprise_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> ProfileRead:
    """A member's profile (a firm that has not joined: 404)."""
    return service.get_profile(session, actor=actor, enterprise_id=enterprise_id)


@router.post("/alliance/membership", response_model=ProfileRead)
def join(actor: CurrentActor, session: DbSession) -> ProfileRead:
    """An admin has the firm join the alliance (409 if it is a member already)."""
    service.set_membership(session, actor=actor, member=True)
    return service.get_profile(session, actor=actor)


@router.delete("/alliance/membership", response_model=ProfileRead)
def leave(actor: CurrentActor, session: DbSession) -> ProfileRead:
    """An admin has the firm leave the alliance (409 if it is not a member)."""
    service.set_membership(session, actor=actor, member=False)
    return service.get_profile(session, actor=actor)


@router.get("/alliance/links", response_model=list[SupplyLinkRead])
def list_links(actor: CurrentActor, session: DbSession) -> list[SupplyLinkRead]:
    """Supply links the caller's firm declared or is a party of."""
    return [
        service.link_read(session, r, actor.language)
        for r in service.list_links(session, actor=actor)
    ]


@router.post("/alliance/links", response_model=SupplyLinkRead, status_code=status.HTTP_201_CREATED)
def declare_link(data: SupplyLinkCreate, actor: CurrentActor, session: DbSession) -> SupplyLinkRead:
    """Declare a link in which the caller's firm is the customer or the supplier."""
    link = service.declare_link(session, actor=actor, data=data)
    return service.link_read(session, link, actor.language)


@router.get("/alliance/links/{link_id}", response_model=SupplyLinkRead)
def get_link(link_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> SupplyLinkRead:
    link = service.get_link(session, actor=actor, link_id=link_id)
    return service.link_read(session, link, actor.language)


@router.put("/alliance/links/{link_id}", response_model=SupplyLinkRead)
def update_link(
    link_id: uuid.UUID, data: SupplyLinkUpdate, actor: CurrentActor, session: DbSession
) -> SupplyLinkRead:
    """The declaring firm changes a link (the other party: 403)."""
    link = service.update_link(session, actor=actor, link_id=link_id, data=data)
    return service.link_read(session, link, actor.language)


@router.delete("/alliance/links/{link_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_link(link_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> Response:
    service.remove_link(session, actor=actor, link_id=link_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/alliance/chain", response_model=FirmChain)
def chain(actor: CurrentActor, session: DbSession) -> FirmChain:
    """The caller's firm's direct suppliers and customers."""
    return service.firm_chain(session, actor=actor)


@router.get("/alliance/chain/export")
def export_chain(actor: CurrentActor, session: DbSession) -> Response:
    """The caller's firm's suppliers and customers as an Excel workbook."""
    return download(service.export_firm_chain(session, actor=actor), XLSX, "chain.xlsx")


@router.get("/alliance/zone/chain", response_model=ZoneChain)
def zone_chain(actor: CurrentActor, session: DbSession) -> ZoneChain:
    """The zone office: firms and supply by segment, and the local-supplier gaps."""
    return service.zone_chain(session, actor=actor)


@router.get("/alliance/zone/gaps", response_model=list[SupplierGap])
def gaps(actor: CurrentActor, session: DbSession) -> list[SupplierGap]:
    """The zone office: what zone firms buy with no supplier in the zone, by volume, with the
    members that could supply it."""
    return service.local_supplier_gaps(session, actor=actor)


@router.get("/alliance/zone/export")
def export_zone(actor: CurrentActor, session: DbSession) -> Response:
    """The zone office's segments, links between them and gaps as an Excel workbook."""
    return download(service.export_zone_chain(session, actor=actor), XLSX, "zone-chain.xlsx")
