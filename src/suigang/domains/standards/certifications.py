"""A firm's certifications with their expiry.

This is the minimal source the product check needs: ``firm_certifications`` is the one
function that reads it, so a fuller firm profile (certifications kept with the profile) can
replace the table behind it without touching the check.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.common import commit_once, owned_by
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, get_own, require
from suigang.domains.standards.models import FirmCertification
from suigang.domains.standards.schemas import CertificationCreate
from suigang.engines.standards import Certification, parse_standard
from suigang.errors import InvalidInput


def firm_certifications(session: Session, enterprise_id: uuid.UUID) -> list[Certification]:
    """The certifications ``enterprise_id`` holds, as the product check reads them."""
    rows = session.scalars(
        select(FirmCertification)
        .where(FirmCertification.enterprise_id == enterprise_id)
        .order_by(FirmCertification.standard, FirmCertification.expires)
    )
    return [Certification(r.standard, r.expires, r.reference) for r in rows]


def list_certifications(session: Session, *, actor: Actor) -> list[FirmCertification]:
    """The actor's firm's certifications (any signed-in user of the firm)."""
    require(actor, "standards:read")
    return list(
        session.scalars(
            select(FirmCertification)
            .where(FirmCertification.enterprise_id == actor.enterprise_id)
            .order_by(FirmCertification.standard, FirmCertification.expires)
        )
    )


def record_certification(
    session: Session, *, actor: Actor, data: CertificationCreate, now: datetime | None = None
) -> FirmCertification:
    """An admin records a certification of the firm (the standard as typed, its expiry)."""
    require(actor, "certification:write", owned_by(actor.enterprise_id))
    try:
        number = parse_standard(data.standard)
    except ValueError as exc:
        raise InvalidInput(f"standard: {exc}") from None
    if data.expires is not None and data.expires < date(1990, 1, 1):
        raise InvalidInput(f"expires {data.expires.isoformat()} is not a plausible expiry date")
    row = FirmCertification(
        id=uuid.uuid4(),
        enterprise_id=actor.enterprise_id,
        standard=data.standard.strip(),
        expires=data.expires,
        reference=data.reference.strip(),
        created_at=now or utcnow(),
        created_by=actor.label,
    )
    session.add(row)
    audit(
        session, actor, "certification.recorded", "firm_certification", row.id,
        standard=number.text, expires=data.expires,
    )  # fmt: skip
    commit_once(session)
    return row


def remove_certification(session: Session, *, actor: Actor, certification_id: uuid.UUID) -> None:
    """An admin removes a certification of the firm (another firm's: not found)."""
    row = get_own(session, FirmCertification, certification_id, actor=actor, kind="certification")
    require(actor, "certification:write", row)
    session.delete(row)
    audit(
        session, actor, "certification.removed", "firm_certification", row.id, standard=row.standard
    )
    commit_once(session)
