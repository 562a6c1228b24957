"""The test zone plus a Hong Kong research institute and a service provider, each with an
admin and a member, and a PDF to file as evidence."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from suigang.domains.identity.models import Enterprise, EnterpriseKind, Region, Role, User
from tests.world import World, build_world

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def add_relay_firms(session: Session, w: World) -> World:
    """``ri`` (a Hong Kong research institute: users ri, rim) and ``sp`` (a Hong Kong service
    provider: users sp, spm) join the world."""
    for code, kind in (
        ("ri", EnterpriseKind.RESEARCH_INSTITUTE),
        ("sp", EnterpriseKind.SERVICE_PROVIDER),
    ):
        firm = Enterprise(
            id=uuid.uuid5(uuid.NAMESPACE_DNS, f"{code}.test"),
            kind=kind,
            name_en=f"{code} Lab",
            name_zh_hans=f"{code}实验室",
            name_zh_hant=f"{code}實驗室",
            region=Region.HONG_KONG,
        )
        session.add(firm)
        session.flush()
        w.firms[code] = firm
        for who, role in ((code, Role.ADMIN), (f"{code}m", Role.MEMBER)):
            user = User(
                email=f"{who}@test.suigang",
                full_name=who,
                password_hash=w.users["hk1"].password_hash,
                enterprise_id=firm.id,
                role=role,
            )
            session.add(user)
            w.users[who] = user
    session.commit()
    for who in ("ri", "rim", "sp", "spm"):
        session.refresh(w.users[who])
    return w


def relay_world(session: Session) -> World:
    return add_relay_firms(session, build_world(session))
