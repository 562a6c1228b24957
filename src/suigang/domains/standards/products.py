"""What must my product meet: a firm files a product under a category of the zone office's
requirement table, and reads the category's mainland and Hong Kong / international
requirements side by side, with their crosswalk counterparts and the firm's certifications
against them (held, expiring, expired, missing)."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.catalog.models import Product
from suigang.domains.common import commit_once, owned_by, page
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, get_visible, require
from suigang.domains.standards.certifications import firm_certifications
from suigang.domains.standards.lookup import match_read, stored_crosswalk
from suigang.domains.standards.models import ProductCategory, ProductRequirement
from suigang.domains.standards.schemas import (
    ProductCategoryRead,
    ProductStandards,
    RequirementRead,
)
from suigang.engines.standards import Jurisdiction, Requirement, RequirementCheck, check_product
from suigang.errors import InvalidInput

EXPIRING_WITHIN_DAYS = 90


def list_categories(session: Session, *, actor: Actor) -> list[str]:
    """The categories of the requirement table, alphabetically (case-insensitive)."""
    require(actor, "standards:read")
    names: dict[str, str] = {}
    for key, name in session.execute(
        select(ProductRequirement.category_key, ProductRequirement.category)
    ):
        names.setdefault(key, name)
    return [names[k] for k in sorted(names)]


def _product(session: Session, actor: Actor, product_id: uuid.UUID, permission: str) -> Product:
    product = get_visible(
        session, Product, product_id, actor=actor, permission="product:read", kind="product"
    )
    require(actor, permission, product)
    return product


def set_product_category(
    session: Session,
    *,
    actor: Actor,
    product_id: uuid.UUID,
    category: str,
    now: datetime | None = None,
) -> ProductCategory:
    """File the firm's product under a category of the requirement table."""
    product = _product(session, actor, product_id, "product:write")
    wanted = category.strip().casefold()
    name = session.scalar(
        select(ProductRequirement.category)
        .where(ProductRequirement.category_key == wanted)
        .limit(1)
    )
    if name is None:
        known = ", ".join(list_categories(session, actor=actor)) or "none yet"
        raise InvalidInput(
            f"category {category.strip()!r} is not in the requirement table ({known})"
        )
    at = now or utcnow()
    row = session.get(ProductCategory, product.id)
    if row is None:
        row = ProductCategory(product_id=product.id, enterprise_id=product.enterprise_id)
        session.add(row)
    row.category, row.set_at, row.set_by = name, at, actor.label
    audit(session, actor, "product.categorised", "product", product.id, category=name)
    commit_once(session)
    return row


def list_product_categories(
    session: Session, *, actor: Actor, offset: int = 0, limit: int = 100
) -> tuple[list[ProductCategoryRead], int]:
    """The firm's products with the category each is filed under (or none)."""
    if not can(actor, "product:read", owned_by(actor.enterprise_id)):
        return [], 0
    products, total = page(
        session,
        select(Product).where(Product.enterprise_id == actor.enterprise_id),
        Product.code,
        offset=offset,
        limit=limit,
    )
    filed = {
        r.product_id: r.category
        for r in session.scalars(
            select(ProductCategory).where(ProductCategory.product_id.in_([p.id for p in products]))
        )
    }
    return [
        ProductCategoryRead(product_id=p.id, code=p.code, name=p.name, category=filed.get(p.id))
        for p in products
    ], total


def _natural(text: str) -> list[str | int]:
    """``ISO 9001`` before ``ISO 14001``: numbers compared as numbers."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def _requirement_read(check: RequirementCheck) -> RequirementRead:
    r, cert = check.requirement, check.certification
    return RequirementRead(
        standard=r.standard,
        title=r.title,
        source=r.source,
        note=r.note,
        verified=r.verified,
        status=check.status.value,
        certification=cert.standard if cert else None,
        certification_expires=cert.expires if cert else None,
        certification_reference=cert.reference if cert else "",
        via=check.via,
        days_left=check.days_left,
        counterparts=[match_read(m) for m in check.counterparts],
    )


def product_standards(
    session: Session,
    *,
    actor: Actor,
    product_id: uuid.UUID,
    on: date | None = None,
    expiring_within_days: int = EXPIRING_WITHIN_DAYS,
) -> ProductStandards:
    """The product's category's requirements, both sides, and the firm's standing on ``on``."""
    product = _product(session, actor, product_id, "product:read")
    day = on or utcnow().date()
    filed = session.get(ProductCategory, product.id)
    head = ProductStandards(
        product_id=product.id,
        product_code=product.code,
        product_name=product.name,
        category=None,
        status="no_category",
        on=day,
        expiring_within_days=expiring_within_days,
        mainland=[],
        hk_international=[],
    )
    if filed is None:
        return head
    rows = sorted(
        session.scalars(
            select(ProductRequirement).where(
                ProductRequirement.category_key == filed.category.casefold()
            )
        ),
        key=lambda r: (r.imported_at, _natural(r.standard)),
    )
    requirements = [
        Requirement(
            category=r.category,
            jurisdiction=Jurisdiction(r.jurisdiction),
            standard=r.standard,
            source=r.source,
            title=r.title,
            note=r.note,
            ref=str(r.id),
        )
        for r in rows
    ]
    try:
        result = check_product(
            requirements,
            stored_crosswalk(session),
            category=filed.category,
            certifications=firm_certifications(session, product.enterprise_id),
            on=day,
            expiring_within_days=expiring_within_days,
        )
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    return head.model_copy(
        update={
            "category": filed.category,
            "status": result.status.value,
            "mainland": [_requirement_read(c) for c in result.mainland],
            "hk_international": [_requirement_read(c) for c in result.hk_international],
        }
    )
