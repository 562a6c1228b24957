"""Standards alignment: look-up both ways, the zone office's imports, product requirements and
firms' certifications."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status

from suigang.api.deps import CurrentActor, DbSession, Paging
from suigang.api.files import read_upload
from suigang.api.schemas import Page
from suigang.domains.standards import service
from suigang.domains.standards.schemas import (
    CategorySet,
    CertificationCreate,
    CertificationRead,
    ImportResult,
    ProductCategoryRead,
    ProductStandards,
    StandardsLookup,
)

router = APIRouter(tags=["standards"])


@router.get("/standards", response_model=StandardsLookup)
def lookup(
    q: Annotated[str, Query(min_length=1, max_length=200, description="e.g. iso9001:2015")],
    actor: CurrentActor,
    session: DbSession,
) -> StandardsLookup:
    """Crosswalk rows of a standard typed any usual way, both ways, best first; superseded
    editions and unverified adoptions are marked."""
    return service.lookup_standards(session, actor=actor, query=q)


@router.post("/standards/import", response_model=ImportResult)
def import_table(
    file: Annotated[UploadFile, File()],
    actor: CurrentActor,
    session: DbSession,
    kind: Annotated[service.TableKind | None, Form()] = None,
    replace: Annotated[bool, Form()] = False,
) -> ImportResult:
    """The zone office imports a crosswalk or product-requirement CSV (told apart by its
    header); 422 with ``errors`` (line, reason) for every bad row, and nothing stored."""
    return service.import_table(
        session, actor=actor, content=read_upload(file, service.MAX_TABLE_BYTES),
        filename=file.filename or "table.csv", kind=kind, replace=replace,
    )  # fmt: skip


@router.get("/standards/categories", response_model=list[str])
def list_categories(actor: CurrentActor, session: DbSession) -> list[str]:
    """The product categories of the zone office's requirement table."""
    return service.list_categories(session, actor=actor)


@router.get("/standards/certifications", response_model=list[CertificationRead])
def list_certifications(actor: CurrentActor, session: DbSession) -> list[CertificationRead]:
    """The caller's firm's certifications."""
    rows = service.list_certifications(session, actor=actor)
    return [CertificationRead.model_validate(r) for r in rows]


@router.post(
    "/standards/certifications",
    response_model=CertificationRead,
    status_code=status.HTTP_201_CREATED,
)
def record_certification(
    data: CertificationCreate, actor: CurrentActor, session: DbSession
) -> CertificationRead:
    row = service.record_certification(session, actor=actor, data=data)
    return CertificationRead.model_validate(row)


@router.delete(
    "/standards/certifications/{certification_id}", status_code=status.HTTP_204_NO_CONTENT
)
def remove_certification(
    certification_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> Response:
    service.remove_certification(session, actor=actor, certification_id=certification_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/standards/products", response_model=Page[ProductCategoryRead])
def list_products(
    actor: CurrentActor, session: DbSession, page: Paging
) -> Page[ProductCategoryRead]:
    """The caller's products with the requirement category each is filed under."""
    rows, total = service.list_product_categories(
        session, actor=actor, offset=page.offset, limit=page.limit
    )
    return page.of(ProductCategoryRead, rows, total)


@router.put("/standards/products/{product_id}/category", response_model=ProductStandards)
def set_category(
    product_id: uuid.UUID, data: CategorySet, actor: CurrentActor, session: DbSession
) -> ProductStandards:
    service.set_product_category(
        session, actor=actor, product_id=product_id, category=data.category
    )
    return service.product_standards(session, actor=actor, product_id=product_id)


@router.get("/standards/products/{product_id}", response_model=ProductStandards)
def product_standards(
    product_id: uuid.UUID,
    actor: CurrentActor,
    session: DbSession,
    on: date | None = None,
    expiring_within_days: Annotated[int, Query(ge=0, le=3650)] = service.EXPIRING_WITHIN_DAYS,
) -> ProductStandards:
    """What the product must meet: mainland and Hong Kong / international requirements side
    by side with counterparts, and the firm's certifications (held, expiring, expired,
    missing) on ``on`` (default today)."""
    return service.product_standards(
        session, actor=actor, product_id=product_id, on=on,
        expiring_within_days=expiring_within_days,
    )  # fmt: skip
