"""Shared set-up of the catalogue tests: a small zone with one actor per matrix column."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.domains.identity.models import Enterprise
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import create_enterprise


@dataclass(frozen=True)
class Zone:
    """Two factories, a front shop and the zone office, with one actor per matrix column."""

    factory: Enterprise
    other_factory: Enterprise
    front_shop: Enterprise
    zone_office: Enterprise
    admin: Actor  # factory admin
    member: Actor  # factory member
    api_key: Actor  # factory API key
    other_admin: Actor  # the other factory's admin
    shop: Actor  # front-shop admin
    zone: Actor  # zone administrator


def _actor(ent: Enterprise, role: str, label: str) -> Actor:
    return Actor(
        enterprise_id=ent.id,
        enterprise_kind=ent.kind,
        role=role,
        label=label,
        user_id=None if role == "api_key" else uuid.uuid4(),
    )


def make_zone(session: Session) -> Zone:
    def ent(kind: str, en: str, hans: str, hant: str, region: str) -> Enterprise:
        return create_enterprise(
            session,
            kind=kind,
            name_en=en,
            name_zh_hans=hans,
            name_zh_hant=hant,
            region=region,
            actor=None,
        )

    factory = ent("factory", "GZ Precision", "广州精密", "廣州精密", "zone_west")
    other = ent("factory", "Nansha Robotics", "南沙机器人", "南沙機器人", "zone_yunpu")
    shop = ent("front_shop", "HK Design", "香港设计", "香港設計", "hong_kong")
    office = ent("zone_office", "Zone Office", "合作区办公室", "合作區辦公室", "zone_west")
    return Zone(
        factory=factory,
        other_factory=other,
        front_shop=shop,
        zone_office=office,
        admin=_actor(factory, "admin", "admin@gz.example"),
        member=_actor(factory, "member", "member@gz.example"),
        api_key=_actor(factory, "api_key", "api-key:line-1"),
        other_admin=_actor(other, "admin", "admin@ns.example"),
        shop=_actor(shop, "admin", "admin@hk.example"),
        zone=_actor(office, "zone_admin", "office@zone.example"),
    )


def count(session: Session, model: type, **where: object) -> int:
    """Rows of ``model`` matching ``where`` (column == value)."""
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return session.scalar(query) or 0
