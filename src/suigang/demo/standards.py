"""The demo zone office's standards tables, the demo factories' certifications and the demo
factory's products filed under a requirement category.

The crosswalk is the project's reference table when it sits beside the project
(``../shared/reference/standards/crosswalk.csv``), else the sourced subset shipped in
``demo/data/`` (see its SOURCES.md); the product-requirement table is always the shipped
one, built from sourced crosswalk rows, with a source only where one requires the standard.
Everything goes through the use cases as the zone office's and the firms' own audited work.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.demo.firms import DEMO_FACTORY, FACTORIES
from suigang.demo.parts import PARTS
from suigang.domains.catalog.models import Product
from suigang.domains.identity.models import User
from suigang.domains.identity.service import actor_for_user
from suigang.domains.standards.schemas import CertificationCreate
from suigang.domains.standards.service import (
    TableKind,
    import_table,
    record_certification,
    set_product_category,
)

ZONE_OFFICE_EMAIL = "zone.office@demo.suigang"
MACHINED_PARTS = "Precision machined parts"
MACHINED_FAMILIES = {"cnc_housing", "cnc_bracket", "turned_shaft", "precision_pin"}
# the demo's certification codes as standard numbers (the others are no ISO/IEC/GB number)
CERTIFIED = {
    "iso9001": "ISO 9001:2015",
    "iso14001": "ISO 14001:2015",
    "iso45001": "ISO 45001:2018",
    "iso13485": "ISO 13485:2016",
}
# the demo factory's certificates: one valid, one expiring within 90 days, one expired
DEMO_FACTORY_EXPIRY_DAYS = {"iso9001": 400, "iso14001": 45, "iso45001": -20}


@dataclass(frozen=True, slots=True)
class StandardsSummary:
    crosswalk_rows: int
    crosswalk_from: str  # "shared" or "shipped subset"
    requirement_rows: int
    certifications: int
    products_filed: int


def shared_crosswalk() -> Path | None:
    """The reference crosswalk beside the project (``../shared``), if it is there."""
    checkout = Path(__file__).resolve().parents[3]
    for base in (Path.cwd(), checkout):
        path = base / ".." / "shared" / "reference" / "standards" / "crosswalk.csv"
        if path.is_file():
            return path.resolve()
    return None


def _data(name: str) -> bytes:
    return resources.files("suigang.demo").joinpath("data", name).read_bytes()


def seed_standards(
    session: Session, *, seed: int, epoch: datetime, crosswalk: Path | None = None
) -> StandardsSummary | None:
    """Import the tables as the zone office, record certifications and file the demo
    factory's machined parts; None when the demo zone office is not in the database."""
    zone_user = session.scalar(select(User).where(User.email == ZONE_OFFICE_EMAIL))
    if zone_user is None:
        return None
    zone = actor_for_user(zone_user)
    source = crosswalk or shared_crosswalk()
    content = source.read_bytes() if source else _data("crosswalk_subset.csv")
    rows = import_table(
        session, actor=zone, content=content, filename=source.name if source else
        "crosswalk_subset.csv", kind=TableKind.CROSSWALK, now=epoch,
    )  # fmt: skip
    requirements = import_table(
        session, actor=zone, content=_data("product_requirements.csv"),
        filename="product_requirements.csv", kind=TableKind.REQUIREMENTS, now=epoch,
    )  # fmt: skip
    rng = random.Random(seed)
    certifications = 0
    filed = 0
    for spec in FACTORIES:
        admin = next((u for u in spec.users if u.role.value == "admin"), None)
        user = session.scalar(select(User).where(User.email == admin.email)) if admin else None
        if user is None:
            continue
        actor = actor_for_user(user)
        for code in spec.certifications:
            if code not in CERTIFIED:
                continue
            days = (
                DEMO_FACTORY_EXPIRY_DAYS.get(code, 400)
                if spec.key == DEMO_FACTORY
                else rng.randint(-30, 900)
            )
            record_certification(
                session,
                actor=actor,
                data=CertificationCreate(
                    standard=CERTIFIED[code],
                    expires=(epoch + timedelta(days=days)).date(),
                    reference=f"{spec.key}-{code.upper()}-{epoch.year - 2}",
                ),
                now=epoch,
            )
            certifications += 1
        if spec.key != DEMO_FACTORY:
            continue
        machined = {p.code for p in PARTS if p.family in MACHINED_FAMILIES}
        for product in session.scalars(
            select(Product)
            .where(Product.enterprise_id == user.enterprise_id)
            .order_by(Product.code)
        ):
            if product.code in machined:
                set_product_category(
                    session, actor=actor, product_id=product.id, category=MACHINED_PARTS, now=epoch
                )
                filed += 1
    return StandardsSummary(
        crosswalk_rows=rows.rows,
        crosswalk_from="shared" if source else "shipped subset",
        requirement_rows=requirements.rows,
        certifications=certifications,
        products_filed=filed,
    )
