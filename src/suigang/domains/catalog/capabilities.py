"""Use cases of capabilities: what factories publish, and how front shops find them."""

from __future__ import annotations

import uuid
from collections import defaultdict
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import Capability, CapabilityCategory
from suigang.domains.catalog.schemas import CapabilityCreate
from suigang.domains.common import choice
from suigang.domains.common import flush_checked as flush
from suigang.domains.identity.models import Enterprise, EnterpriseKind
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, require
from suigang.errors import Conflict, InvalidInput

# -- capabilities --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _to_simplified() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Text for matching: Traditional folded to Simplified, case folded (數控 → 数控)."""
    return str(_to_simplified().convert(text)).casefold()


def create_capability(session: Session, *, actor: Actor, data: CapabilityCreate) -> Capability:
    """Publish a process, material or certification of the actor's factory."""
    capability = Capability(enterprise_id=actor.enterprise_id, **data.model_dump())
    require(actor, "capability:write", capability)
    if session.scalar(
        select(Capability.id).where(
            Capability.enterprise_id == actor.enterprise_id,
            Capability.category == data.category,
            Capability.code == data.code,
        )
    ):
        raise Conflict(f"{data.category.value} capability {data.code} exists already")
    session.add(capability)
    flush(session, f"capability {data.code}")
    audit(
        session,
        actor,
        "capability.created",
        "capability",
        capability.id,
        category=data.category.value,
        code=data.code,
    )
    session.commit()
    return capability


def _category(category: CapabilityCategory | str | None) -> CapabilityCategory | None:
    if category is None:
        return None
    return choice(CapabilityCategory, category, "category")


def search_capabilities(
    session: Session,
    *,
    actor: Actor,
    text: str | None = None,
    category: CapabilityCategory | str | None = None,
) -> list[Capability]:
    """The zone's public capability directory, filtered by words and category.

    Every word of ``text`` must occur, case-insensitively, in the code or in one of the
    names (English, Simplified, Traditional); Traditional and Simplified characters match
    each other. Ordered by code, then firm.
    """
    query = select(Capability)
    wanted = _category(category)
    if wanted is not None:
        query = query.where(Capability.category == wanted)
    words = fold(text).split() if text else []
    out: list[Capability] = []
    for cap in session.scalars(query):
        if not can(actor, "capability:read", cap):
            continue
        haystack = fold(" ".join((cap.code, cap.name_en, cap.name_zh_hans, cap.name_zh_hant)))
        if all(w in haystack for w in words):
            out.append(cap)
    # sorted here, not in SQL, so that the order is the same under every collation
    return sorted(out, key=lambda c: (c.code, str(c.enterprise_id)))


def factories_with_capability(
    session: Session, *, actor: Actor, codes: list[str]
) -> list[Enterprise]:
    """The factories that have every one of ``codes`` (case-insensitive), by English name."""
    wanted = {c.strip().casefold() for c in codes if c.strip()}
    if not wanted:
        raise InvalidInput("codes must name at least one capability")
    caps = session.scalars(
        select(Capability).where(func.lower(Capability.code).in_(sorted(wanted)))
    )
    have: dict[uuid.UUID, set[str]] = defaultdict(set)
    for cap in caps:
        if can(actor, "capability:read", cap):
            have[cap.enterprise_id].add(cap.code.casefold())
    ids = [eid for eid, found in have.items() if found >= wanted]
    if not ids:
        return []
    rows = session.scalars(
        select(Enterprise)
        .where(Enterprise.id.in_(ids), Enterprise.kind == EnterpriseKind.FACTORY)
        .order_by(Enterprise.name_en)
    )
    return list(rows)
