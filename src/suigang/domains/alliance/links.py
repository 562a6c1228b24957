"""Supply links a firm declares: it is the customer (what it buys, from whom) or the
supplier (what it sells, to whom). Only the declaring firm changes or removes a link; the
other party, when it is a firm of the platform, sees it in its chain."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.alliance.models import SupplyLink
from suigang.domains.alliance.profiles import profile_firm
from suigang.domains.alliance.schemas import SupplyLinkCreate, SupplyLinkRead, SupplyLinkUpdate
from suigang.domains.common import commit_once, flush_checked
from suigang.domains.identity.models import Enterprise
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, require
from suigang.errors import Conflict, InvalidInput, NotFound


def link_read(session: Session, link: SupplyLink, lang: str) -> SupplyLinkRead:
    customer = session.get(Enterprise, link.customer_id)
    supplier = session.get(Enterprise, link.supplier_id) if link.supplier_id else None
    return SupplyLinkRead(
        id=link.id, declared_by=link.declared_by, supplier_id=link.supplier_id,
        supplier_name=supplier.name(lang) if supplier else link.supplier_name,
        supplier_region=link.supplier_region, customer_id=link.customer_id,
        customer_name=customer.name(lang) if customer else "", item=link.item, kind=link.kind,
        segment=link.segment, annual_value_cny=link.annual_value_cny, note=link.note,
        version=link.version,
    )  # fmt: skip


def declare_link(
    session: Session, *, actor: Actor, data: SupplyLinkCreate, now: datetime | None = None
) -> SupplyLink:
    """The actor's firm declares a link in which it is the customer or the supplier."""
    require(actor, "supply_link:write")
    mine = actor.enterprise_id
    if mine not in (data.customer_id, data.supplier_id):
        raise InvalidInput(
            "customer_id/supplier_id: your firm must be the customer or the supplier"
        )
    if data.customer_id == data.supplier_id:
        raise InvalidInput("supplier_id: a firm does not supply itself")
    customer = profile_firm(session, data.customer_id)
    if data.supplier_id is not None:
        supplier = profile_firm(session, data.supplier_id)
        name, region = "", supplier.region
    else:
        name = data.supplier_name.strip()
        if not name or data.supplier_region is None:
            raise InvalidInput(
                "supplier_name/supplier_region: a supplier outside the platform needs a name "
                "and a region"
            )
        region = data.supplier_region
    at = now or utcnow()
    link = SupplyLink(
        id=uuid.uuid4(), declared_by=mine, supplier_id=data.supplier_id, supplier_name=name,
        supplier_region=region, customer_id=customer.id, item=data.item, kind=data.kind,
        segment=data.segment, annual_value_cny=data.annual_value_cny, note=data.note.strip(),
        created_at=at, updated_at=at,
    )  # fmt: skip
    session.add(link)
    flush_checked(session, f"supply link {data.item}")
    audit(
        session, actor, "alliance.link_declared", "supply_link", link.id, item=link.item,
        kind=link.kind.value,
    )  # fmt: skip
    commit_once(session)
    return link


def _visible(session: Session, actor: Actor, link_id: uuid.UUID) -> SupplyLink:
    link = session.get(SupplyLink, link_id)
    if link is None or not can(actor, "supply_link:read", link):
        raise NotFound(f"supply link {link_id} not found")
    return link


def get_link(session: Session, *, actor: Actor, link_id: uuid.UUID) -> SupplyLink:
    """A link the actor's firm declared or is the other party of (else not found)."""
    return _visible(session, actor, link_id)


def list_links(session: Session, *, actor: Actor) -> list[SupplyLink]:
    """Links the actor's firm declared or is a party of, by item."""
    if not can(actor, "supply_link:read", SupplyLink(declared_by=actor.enterprise_id)):
        return []
    mine = actor.enterprise_id
    rows = session.scalars(
        select(SupplyLink)
        .where(
            or_(
                SupplyLink.declared_by == mine,
                SupplyLink.customer_id == mine,
                SupplyLink.supplier_id == mine,
            )
        )
        .order_by(SupplyLink.item, SupplyLink.id)
    )
    return [r for r in rows if can(actor, "supply_link:read", r)]


def update_link(
    session: Session, *, actor: Actor, link_id: uuid.UUID, data: SupplyLinkUpdate
) -> SupplyLink:
    """The declaring firm changes what the link carries (the other party: 403)."""
    link = _visible(session, actor, link_id)
    require(actor, "supply_link:write", link)
    if data.version is not None and data.version != link.version:
        raise Conflict(f"the link is at version {link.version}, not {data.version}: reload")
    link.item, link.kind, link.segment = data.item, data.kind, data.segment
    link.annual_value_cny, link.note = data.annual_value_cny, data.note.strip()
    link.updated_at = utcnow()
    audit(session, actor, "alliance.link_changed", "supply_link", link.id, item=link.item)
    commit_once(session)
    return link


def remove_link(session: Session, *, actor: Actor, link_id: uuid.UUID) -> None:
    """The declaring firm removes the link (the other party: 403)."""
    link = _visible(session, actor, link_id)
    require(actor, "supply_link:write", link)
    session.delete(link)
    audit(session, actor, "alliance.link_removed", "supply_link", link.id, item=link.item)
    commit_once(session)
