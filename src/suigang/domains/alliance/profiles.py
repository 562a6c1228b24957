"""A firm's profile: read (its own, or a member's), updated by its admins, and membership of
the alliance (joining and leaving are audited). Every firm but the zone office has one; a
firm that never wrote its profile reads as an empty one that is not a member."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.alliance.models import FirmProfile
from suigang.domains.alliance.schemas import CertificationHeld, ProfileRead, ProfileUpdate
from suigang.domains.catalog.published import published
from suigang.domains.common import commit_once, owned_by
from suigang.domains.identity.models import Enterprise, EnterpriseKind
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, require
from suigang.domains.standards.certifications import firm_certifications
from suigang.errors import Conflict, InvalidInput, NotFound


def profile_firm(session: Session, enterprise_id: uuid.UUID) -> Enterprise:
    """A firm that may have a profile (any kind but the zone office)."""
    firm = session.get(Enterprise, enterprise_id)
    if firm is None:
        raise NotFound(f"firm {enterprise_id} not found")
    if firm.kind is EnterpriseKind.ZONE_OFFICE:
        raise InvalidInput(f"{firm.name_en} is the zone office, which has no alliance profile")
    return firm


def stored_profile(session: Session, enterprise_id: uuid.UUID) -> FirmProfile:
    """The firm's profile row, made (and flushed) on its first write."""
    row = session.get(FirmProfile, enterprise_id)
    if row is None:
        row = FirmProfile(
            enterprise_id=enterprise_id, member=False, description="", processes=[],
            materials=[], languages=[], capacity_unit="", updated_at=utcnow(),
        )  # fmt: skip
        session.add(row)
        session.flush()
    return row


def held(session: Session, enterprise_id: uuid.UUID, today: date) -> list[CertificationHeld]:
    """The firm's certifications (the standards domain's), each marked valid or expired."""
    return [
        CertificationHeld(
            standard=c.standard, expires=c.expires, valid=c.expires is None or c.expires >= today
        )
        for c in firm_certifications(session, enterprise_id)
    ]


def profile_view(
    session: Session, firm: Enterprise, row: FirmProfile | None, lang: str, today: date
) -> ProfileRead:
    """The profile as read: what the firm said, its catalogue and its certifications."""
    cat = published(session, [firm.id]).get(firm.id)
    return ProfileRead(
        enterprise_id=firm.id,
        name=firm.name(lang),
        kind=firm.kind.value,
        region=firm.region,
        member=bool(row and row.member),
        joined_at=row.joined_at if row else None,
        segment=row.segment if row else None,
        description=row.description if row else "",
        processes=list(row.processes) if row else [],
        materials=list(row.materials) if row else [],
        languages=list(row.languages) if row else [],
        capacity=row.capacity if row else None,
        capacity_unit=row.capacity_unit if row else "",
        lead_time_days=row.lead_time_days if row else None,
        catalogue_processes=list(dict.fromkeys(cat.processes)) if cat else [],
        catalogue_materials=list(dict.fromkeys(cat.materials)) if cat else [],
        machines=cat.machines if cat else [],
        certifications=held(session, firm.id, today),
        updated_at=row.updated_at if row else None,
        version=row.version if row else 0,
    )


def get_profile(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: uuid.UUID | None = None,
    lang: str | None = None,
    today: date | None = None,
) -> ProfileRead:
    """A firm's profile: the actor's own (default), or a member's (another firm that is not
    a member: not found)."""
    eid = enterprise_id or actor.enterprise_id
    firm = session.get(Enterprise, eid)
    row = session.get(FirmProfile, eid)
    own = eid == actor.enterprise_id
    visible = firm is not None and firm.kind is not EnterpriseKind.ZONE_OFFICE
    if not visible or not (own or (row is not None and row.member)):
        raise NotFound(f"profile of firm {eid} not found")
    assert firm is not None
    require(actor, "alliance_profile:read", owned_by(eid))
    return profile_view(session, firm, row, lang or actor.language, today or utcnow().date())


def update_profile(
    session: Session, *, actor: Actor, data: ProfileUpdate, now: datetime | None = None
) -> FirmProfile:
    """An admin writes what the firm says of itself (bumping the profile's version, which
    rebuilds the search index)."""
    firm = profile_firm(session, actor.enterprise_id)
    require(actor, "alliance_profile:update", owned_by(firm.id))
    row = stored_profile(session, firm.id)
    if data.version is not None and data.version != row.version:
        raise Conflict(
            f"the profile is at version {row.version}, not {data.version}: reload and try again"
        )
    row.segment = data.segment
    row.description = data.description.strip()
    row.processes = list(dict.fromkeys(data.processes))
    row.materials = list(dict.fromkeys(data.materials))
    row.languages = list(dict.fromkeys(data.languages))
    row.capacity = data.capacity
    row.capacity_unit = data.capacity_unit.strip()
    row.lead_time_days = data.lead_time_days
    row.updated_at = now or utcnow()
    row.updated_by = actor.label
    audit(session, actor, "alliance.profile_updated", "firm_profile", firm.id)
    commit_once(session)
    return row


def set_membership(
    session: Session, *, actor: Actor, member: bool, now: datetime | None = None
) -> FirmProfile:
    """An admin has the firm join (``member``) or leave the alliance; each is audited."""
    firm = profile_firm(session, actor.enterprise_id)
    require(actor, "alliance_membership:write", owned_by(firm.id))
    row = stored_profile(session, firm.id)
    if row.member == member:
        state = "a member of" if member else "not in"
        raise Conflict(f"{firm.name_en} is already {state} the alliance")
    at = now or utcnow()
    row.member = member
    row.joined_at = at if member else None
    row.updated_at = at
    row.updated_by = actor.label
    audit(session, actor, "alliance.joined" if member else "alliance.left", "firm_profile", firm.id)
    commit_once(session)
    return row
