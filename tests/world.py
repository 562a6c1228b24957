"""A small zone for tests: two front shops, two factories, the zone office, their users,
and one product with a routing at each factory. Set up through the ORM (it is not a use case)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from suigang.domains.catalog.models import Machine, MachineKind, Product, RoutingStep
from suigang.domains.identity.models import Enterprise, EnterpriseKind, Region, Role, User
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import actor_for_user, hash_password

PASSWORD = "correct horse battery"
_HASH: list[str] = []


@dataclass
class World:
    firms: dict[str, Enterprise]
    users: dict[str, User]
    products: dict[str, Product]
    machines: dict[str, list[Machine]]

    def actor(self, who: str) -> Actor:
        return actor_for_user(self.users[who])


def _firm(kind: EnterpriseKind, code: str, region: Region) -> Enterprise:
    return Enterprise(
        id=uuid.uuid5(uuid.NAMESPACE_DNS, f"{code}.test"),
        kind=kind,
        name_en=f"{code} Ltd",
        name_zh_hans=f"{code}有限公司",
        name_zh_hant=f"{code}有限公司",
        region=region,
    )


def build_world(session: Session) -> World:
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    firms = {
        "hk1": _firm(EnterpriseKind.FRONT_SHOP, "hk1", Region.HONG_KONG),
        "hk2": _firm(EnterpriseKind.FRONT_SHOP, "hk2", Region.HONG_KONG),
        "gz1": _firm(EnterpriseKind.FACTORY, "gz1", Region.ZONE_WEST),
        "gz2": _firm(EnterpriseKind.FACTORY, "gz2", Region.ZONE_YUNPU),
        "zone": _firm(EnterpriseKind.ZONE_OFFICE, "zone", Region.ZONE_WEST),
    }
    session.add_all(firms.values())
    session.flush()
    roles = {
        "hk1": Role.ADMIN,
        "hk1m": Role.MEMBER,
        "hk2": Role.ADMIN,
        "gz1": Role.ADMIN,
        "gz1m": Role.MEMBER,
        "gz2": Role.ADMIN,
        "zone": Role.ZONE_ADMIN,
    }
    users = {
        who: User(
            email=f"{who}@test.suigang",
            full_name=who,
            password_hash=_HASH[0],
            enterprise_id=firms[who[:3] if who != "zone" else "zone"].id,
            role=role,
        )
        for who, role in roles.items()
    }
    session.add_all(users.values())
    machines: dict[str, list[Machine]] = {}
    products: dict[str, Product] = {}
    for code in ("gz1", "gz2"):
        ms = [
            Machine(
                enterprise_id=firms[code].id,
                code=f"{code}-CNC{i}",
                name=f"CNC {i}",
                kind=MachineKind.CNC_MACHINING_CENTER,
            )
            for i in (1, 2)
        ]
        session.add_all(ms)
        session.flush()
        machines[code] = ms
        products[code] = Product(
            enterprise_id=firms[code].id,
            code=f"{code}-HOUSING",
            name="Aluminium housing",
            steps=[
                RoutingStep(
                    seq=10,
                    name="rough milling",
                    setup_s=600,
                    run_s_per_unit=Decimal("90"),
                    machines=ms,
                ),
                RoutingStep(
                    seq=20,
                    name="finish milling",
                    setup_s=300,
                    run_s_per_unit=Decimal("45.5"),
                    machines=ms[:1],
                ),
            ],
        )
        session.add(products[code])
    session.commit()
    for u in users.values():
        session.refresh(u)
    return World(firms=firms, users=users, products=products, machines=machines)


def in_days(days: float) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)
