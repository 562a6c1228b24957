"""Machines, products and capabilities; spreadsheet import and export."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile, status
from fastapi.responses import Response
from pydantic import BaseModel, Field

from suigang.api.deps import AppSettings, CurrentActor, DbSession, Paging
from suigang.api.files import download, read_upload
from suigang.api.schemas import Page
from suigang.domains.catalog import service
from suigang.domains.catalog.models import CapabilityCategory, MachineKind, MachineStatus
from suigang.domains.catalog.schemas import (
    CapabilityCreate,
    CapabilityRead,
    ImportReport,
    MachineCreate,
    MachineRead,
    MachineUpdate,
    ProductCreate,
    ProductRead,
    ProductUpdate,
)
from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.limits import REASON_MAX

router = APIRouter(tags=["catalog"])
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class MachineStatusChange(BaseModel):
    status: MachineStatus
    reason: str = Field(default="", max_length=REASON_MAX)


class FactoryMatch(BaseModel):
    id: uuid.UUID
    kind: EnterpriseKind
    name_en: str
    name_zh_hans: str
    name_zh_hant: str


@router.get("/machines", response_model=Page[MachineRead])
def list_machines(
    actor: CurrentActor,
    session: DbSession,
    page: Paging,
    status: MachineStatus | None = None,
    kind: MachineKind | None = None,
) -> Page[MachineRead]:
    rows, total = service.list_machines(
        session, actor=actor, offset=page.offset, limit=page.limit, status=status, kind=kind
    )
    return page.of(MachineRead, rows, total)


@router.post("/machines", response_model=MachineRead, status_code=status.HTTP_201_CREATED)
def create_machine(data: MachineCreate, actor: CurrentActor, session: DbSession) -> MachineRead:
    return MachineRead.model_validate(service.create_machine(session, actor=actor, data=data))


def spreadsheet_routes(
    things: str,
    export: Callable[..., bytes],
    load: Callable[..., ImportReport],
    what: str,
) -> None:
    """``GET /<things>/export`` and ``POST /<things>/import`` for one kind of catalogue
    entry: the caller's ``things`` as CSV or Excel, and back (any bad row rejects the file)."""

    @router.get(
        f"/{things}/export",
        name=f"export_{things}",
        summary=f"Export {things}",
        description=f"{what} as CSV or Excel (the import's columns).",
    )
    def export_file(
        actor: CurrentActor, session: DbSession, format: Annotated[str, Query()] = "csv"
    ) -> Response:
        body = export(session, actor=actor, fmt=format)
        return download(body, MEDIA.get(format, "application/octet-stream"), f"{things}.{format}")

    @router.post(
        f"/{things}/import",
        response_model=ImportReport,
        name=f"import_{things}",
        summary=f"Import {things}",
        description=f"Create or update {things} from CSV or Excel; any bad row rejects the file.",
        openapi_extra={"x-body-limit": "upload"},
    )
    def import_file(
        file: Annotated[UploadFile, File()],
        actor: CurrentActor,
        session: DbSession,
        settings: AppSettings,
    ) -> ImportReport:
        return load(
            session,
            actor=actor,
            filename=file.filename or "upload",
            content=read_upload(file, settings.limits.max_upload_bytes),
            limits=settings.limits,
        )


spreadsheet_routes(
    "machines", service.export_machines, service.import_machines, "All of the caller's machines"
)


@router.get("/machines/{machine_id}", response_model=MachineRead)
def get_machine(machine_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> MachineRead:
    return MachineRead.model_validate(
        service.get_machine(session, actor=actor, machine_id=machine_id)
    )


@router.patch("/machines/{machine_id}", response_model=MachineRead)
def update_machine(
    machine_id: uuid.UUID, data: MachineUpdate, actor: CurrentActor, session: DbSession
) -> MachineRead:
    return MachineRead.model_validate(
        service.update_machine(session, actor=actor, machine_id=machine_id, data=data)
    )


@router.post("/machines/{machine_id}/status", response_model=MachineRead)
def set_machine_status(
    machine_id: uuid.UUID, data: MachineStatusChange, actor: CurrentActor, session: DbSession
) -> MachineRead:
    """Take a machine out of service (or back): planning hears of it through an event."""
    machine = service.set_machine_status(
        session, actor=actor, machine_id=machine_id, status=data.status, reason=data.reason
    )
    return MachineRead.model_validate(machine)


@router.get("/products", response_model=Page[ProductRead])
def list_products(actor: CurrentActor, session: DbSession, page: Paging) -> Page[ProductRead]:
    rows, total = service.list_products(session, actor=actor, offset=page.offset, limit=page.limit)
    return page.of(ProductRead, rows, total)


@router.post("/products", response_model=ProductRead, status_code=status.HTTP_201_CREATED)
def create_product(data: ProductCreate, actor: CurrentActor, session: DbSession) -> ProductRead:
    return ProductRead.model_validate(service.create_product(session, actor=actor, data=data))


spreadsheet_routes(
    "products",
    service.export_products,
    service.import_products,
    "Products with routings and bills of material, one row per routing step,",
)


@router.get("/products/{product_id}", response_model=ProductRead)
def get_product(product_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> ProductRead:
    return ProductRead.model_validate(
        service.get_product(session, actor=actor, product_id=product_id)
    )


@router.patch("/products/{product_id}", response_model=ProductRead)
def update_product(
    product_id: uuid.UUID, data: ProductUpdate, actor: CurrentActor, session: DbSession
) -> ProductRead:
    return ProductRead.model_validate(
        service.update_product(session, actor=actor, product_id=product_id, data=data)
    )


@router.get("/capabilities", response_model=list[CapabilityRead])
def search_capabilities(
    actor: CurrentActor,
    session: DbSession,
    text: str | None = None,
    category: CapabilityCategory | None = None,
) -> list[CapabilityRead]:
    """The zone's capability directory, searched across 简体, 繁體 and English names."""
    rows = service.search_capabilities(session, actor=actor, text=text, category=category)
    return [CapabilityRead.model_validate(c) for c in rows]


@router.post("/capabilities", response_model=CapabilityRead, status_code=status.HTTP_201_CREATED)
def create_capability(
    data: CapabilityCreate, actor: CurrentActor, session: DbSession
) -> CapabilityRead:
    return CapabilityRead.model_validate(service.create_capability(session, actor=actor, data=data))


@router.get("/factories", response_model=list[FactoryMatch])
def factories(
    actor: CurrentActor, session: DbSession, capability: Annotated[list[str], Query()]
) -> list[FactoryMatch]:
    """Factories that have every one of the capability codes asked for."""
    rows = service.factories_with_capability(session, actor=actor, codes=capability)
    return [FactoryMatch.model_validate(e, from_attributes=True) for e in rows]
