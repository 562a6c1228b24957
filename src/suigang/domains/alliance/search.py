"""Partner search over the alliance's members with the matching engine.

The engine's index is built from every member's profile (what it says, its catalogue, its
valid certifications) and kept per process, keyed on a fingerprint of what it was built from:
a profile's version, a membership, a certification or the catalogue changing rebuilds it on
the next search. Filters (certification, region) are the engine's hard filters.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.alliance.models import FirmProfile
from suigang.domains.alliance.schemas import MAX_QUERY, MatchRead, PartnerHit, PartnerSearch
from suigang.domains.catalog.published import catalogue_fingerprint, published
from suigang.domains.identity.models import Enterprise, EnterpriseKind
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import require
from suigang.domains.standards.certifications import firm_certifications
from suigang.domains.standards.models import FirmCertification
from suigang.engines.matching import Filters, Index, Profile, Query, build_index, search
from suigang.errors import InvalidInput

MAX_TOP = 50
#: region filters the dictionary knows by another name ("zone" alone is no place name)
REGION_NAMES = {"zone": "the zone"}


@dataclass(frozen=True, slots=True)
class MemberIndex:
    """The engine's index of the members, and what the hits need of each firm."""

    key: tuple[object, ...]
    index: Index
    firms: dict[str, Enterprise]
    profiles: dict[str, FirmProfile]
    certifications: dict[str, tuple[str, ...]]


_LOCK = threading.Lock()
_CACHE: dict[str, MemberIndex] = {}  # one per database


def fingerprint(session: Session, today: date) -> tuple[object, ...]:
    """What the index was built from: profiles (count, versions, members), certifications
    (count, newest), the catalogue, and the day (certifications expire)."""
    profiles = session.execute(
        select(func.count(), func.sum(FirmProfile.version), func.max(FirmProfile.updated_at))
    ).one()
    members = session.scalar(select(func.count()).where(FirmProfile.member.is_(True)))
    certs = session.execute(select(func.count(), func.max(FirmCertification.created_at))).one()
    return (*profiles, members, *certs, *catalogue_fingerprint(session), today)


def profile_of(
    firm: Enterprise, row: FirmProfile, catalogue_text: str, processes: list[str],
    materials: list[str], certifications: tuple[str, ...],
) -> Profile:  # fmt: skip
    text = "\n".join(t for t in (row.description, catalogue_text) if t)
    names = " / ".join(dict.fromkeys((firm.name_en, firm.name_zh_hans, firm.name_zh_hant)))
    return Profile(
        id=str(firm.id),
        text=text,
        name=names,
        processes=tuple(dict.fromkeys(p for p in processes if p.strip())),
        materials=tuple(dict.fromkeys(m for m in materials if m.strip())),
        certifications=certifications,
        region=firm.region.value,
        capacity=float(row.capacity) if row.capacity is not None else None,
        lead_time_days=float(row.lead_time_days) if row.lead_time_days is not None else None,
    )


def _build(session: Session, key: tuple[object, ...], today: date) -> MemberIndex:
    rows = session.execute(
        select(FirmProfile, Enterprise)
        .join(Enterprise, Enterprise.id == FirmProfile.enterprise_id)
        .where(FirmProfile.member.is_(True), Enterprise.kind != EnterpriseKind.ZONE_OFFICE)
        .order_by(Enterprise.name_en, Enterprise.id)
    ).all()
    catalogue = published(session, [f.id for _, f in rows])
    firms, profiles, certs, engine_profiles = {}, {}, {}, []
    for row, firm in rows:
        cat = catalogue.get(firm.id)
        valid = tuple(
            dict.fromkeys(
                c.standard
                for c in firm_certifications(session, firm.id)
                if c.expires is None or c.expires >= today
            )
        )
        pid = str(firm.id)
        firms[pid], profiles[pid], certs[pid] = firm, row, valid
        engine_profiles.append(
            profile_of(
                firm,
                row,
                "; ".join(cat.machines) if cat else "",
                [*row.processes, *(cat.processes if cat else [])],
                [*row.materials, *(cat.materials if cat else [])],
                valid,
            )
        )
    return MemberIndex(key, build_index(engine_profiles), firms, profiles, certs)


def member_index(session: Session, today: date | None = None) -> MemberIndex:
    """The members' index, built again only when what it was built from has changed."""
    day = today or utcnow().date()
    key = fingerprint(session, day)
    bind = session.get_bind()
    where = str(getattr(bind, "url", id(bind)))
    with _LOCK:
        cached = _CACHE.get(where)
        if cached is not None and cached.key == key:
            return cached
    built = _build(session, key, day)
    with _LOCK:
        _CACHE[where] = built
    return built


def place(region: str) -> str:
    """A region filter as the dictionary names it."""
    return REGION_NAMES.get(region.strip(), region.strip())


def check_query(q: str) -> str:
    text = (q or "").strip()
    if not text:
        raise InvalidInput("q: the search needs some words", field="q")
    if len(text) > MAX_QUERY:
        raise InvalidInput(
            f"q: {len(text)} characters, at most {MAX_QUERY} allowed", field="q", value=len(text)
        )
    return text


def search_partners(
    session: Session,
    *,
    actor: Actor,
    q: str,
    certification: str | None = None,
    region: str | None = None,
    top: int = 20,
    lang: str | None = None,
    today: date | None = None,
) -> PartnerSearch:
    """Members ranked for a request in any script, each with the words that matched it.

    ``certification`` keeps firms holding it (valid today); ``region`` firms in that place
    (``hong_kong``, ``zone``, ``zone_west``...). Empty or over-long queries are refused.
    """
    require(actor, "alliance:search")
    text = check_query(q)
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"top: {top} is not between 1 and {MAX_TOP}", field="top")
    filters = Filters(
        certifications=(certification.strip(),) if certification and certification.strip() else (),
        regions=(place(region),) if region and region.strip() else (),
    )
    members = member_index(session, today)
    result = search(members.index, Query(text, top=top, filters=filters))
    language = lang or actor.language
    hits = []
    for h in result.hits:
        firm, row = members.firms[h.profile_id], members.profiles[h.profile_id]
        hits.append(
            PartnerHit(
                enterprise_id=uuid.UUID(h.profile_id),
                name=firm.name(language),
                kind=firm.kind.value,
                region=firm.region,
                segment=row.segment,
                score=round(h.score, 4),
                matches=[
                    MatchRead(
                        query_term=m.query_term,
                        profile_words=list(m.profile_words),
                        kind=m.kind.value,
                        concept=m.concept,
                    )
                    for m in h.matches
                ],
                notes=list(h.notes),
                certifications=list(members.certifications[h.profile_id]),
                lead_time_days=row.lead_time_days,
                can_quote=firm.kind is EnterpriseKind.FACTORY,
            )
        )
    return PartnerSearch(
        query=text, status=result.status.value, concepts=list(result.concepts),
        excluded=list(result.excluded), members=len(members.firms), hits=hits,
    )  # fmt: skip
