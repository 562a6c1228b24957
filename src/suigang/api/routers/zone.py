"""The zone office's aggregates and the cluster: the overview, the path to 2035 and its
exports, HKD/CNY rates, firms' yearly statistics, and the support-scheme catalogue with
its matches."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Response, UploadFile, status

from suigang.api.deps import AppSettings, CurrentActor, DbSession, Lang
from suigang.api.files import attachment, read_upload
from suigang.domains.cluster import service as cluster
from suigang.domains.cluster.schemas import (
    ClusterRead,
    FilingCreate,
    FilingRead,
    ImportResult,
    RateCreate,
    RateRead,
)
from suigang.domains.schemes import service as schemes
from suigang.domains.schemes.schemas import MatchesRead, SchemeCreate, SchemeRead
from suigang.domains.zone.schemas import (
    FirmCountRead,
    OrderVolumeRead,
    RegionVolumeRead,
    RFQCountRead,
    ZoneOverviewRead,
)
from suigang.domains.zone.service import zone_overview

router = APIRouter(tags=["zone"])


@router.get("/zone/overview", response_model=ZoneOverviewRead)
def overview(actor: CurrentActor, session: DbSession) -> ZoneOverviewRead:
    """Firms by kind and region, order volume by status and region, RFQs in flight (the zone
    office only; counts and amounts, never a firm's own orders)."""
    o = zone_overview(session, actor=actor)
    return ZoneOverviewRead(
        total_firms=o.total_firms,
        total_orders=o.total_orders,
        firms=[FirmCountRead.model_validate(f) for f in o.firms],
        orders_by_status=[OrderVolumeRead.model_validate(v) for v in o.orders_by_status],
        orders_by_region=[RegionVolumeRead.model_validate(v) for v in o.orders_by_region],
        rfqs_by_status=[RFQCountRead(status=s, rfqs=n) for s, n in o.rfqs_by_status],
    )


@router.get("/zone/cluster", response_model=ClusterRead)
def cluster_figures(actor: CurrentActor, session: DbSession, lang: Lang = None) -> ClusterRead:
    """The cluster against the 100-billion-yuan 2035 target: ``target_cny``, ``target_year``,
    ``latest_year``, ``latest_output_cny``, ``required_cagr`` ((target / latest)^(1 / (2035 −
    latest year)) − 1), achieved growth, ``projection`` (log-linear trend, 90 % prediction
    band), segments and the Hong Kong-invested share, by year (the zone office only)."""
    return cluster.cluster_dashboard(session, actor=actor, lang=lang)


@router.get(
    "/zone/cluster/export",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, cluster.MEDIA["xlsx"]: {}}}},
)
def export_cluster(
    actor: CurrentActor,
    session: DbSession,
    format: Literal["xlsx", "pdf"] = "xlsx",
    lang: Lang = None,
) -> Response:
    """The dashboard as an Excel workbook or a PDF report."""
    content, media, name = cluster.export_cluster(session, actor=actor, fmt=format, lang=lang)
    return attachment(content, media, name)


@router.get("/zone/rates", response_model=list[RateRead])
def list_rates(actor: CurrentActor, session: DbSession) -> list[RateRead]:
    """The dated HKD→CNY rates, newest first."""
    return [RateRead.model_validate(r) for r in cluster.list_rates(session, actor=actor)]


@router.post("/zone/rates", response_model=RateRead, status_code=status.HTTP_201_CREATED)
def add_rate(data: RateCreate, actor: CurrentActor, session: DbSession) -> RateRead:
    """The zone office adds a dated rate (one per day; there are no live rates)."""
    return RateRead.model_validate(cluster.add_rate(session, actor=actor, data=data))


@router.post("/zone/statistics/import", response_model=ImportResult)
def import_statistics(
    file: Annotated[UploadFile, File()],
    year: Annotated[int, Form(ge=2000, le=2100)],
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ImportResult:
    """The zone office imports a year (CSV: firm, segment, currency, output, tax,
    rd_spending, employees); a bad row is named by its line (422) and nothing is stored."""
    return cluster.import_year(
        session, actor=actor, year=year, limits=settings.limits,
        content=read_upload(file, settings.limits.max_upload_bytes),
    )  # fmt: skip


@router.get("/statistics", response_model=list[FilingRead])
def my_filings(actor: CurrentActor, session: DbSession) -> list[FilingRead]:
    """The caller's firm's yearly statistics, newest year first."""
    return [FilingRead.model_validate(f) for f in cluster.my_filings(session, actor=actor)]


@router.post("/statistics", response_model=FilingRead, status_code=status.HTTP_201_CREATED)
def file_statistics(data: FilingCreate, actor: CurrentActor, session: DbSession) -> FilingRead:
    """File (or correct) one segment of a year's statistics of the caller's firm."""
    return FilingRead.model_validate(cluster.file_statistics(session, actor=actor, data=data))


@router.get("/schemes", response_model=list[SchemeRead])
def list_schemes(
    actor: CurrentActor, session: DbSession, active_only: bool = False
) -> list[SchemeRead]:
    """The catalogue of support schemes and funding programmes, by code."""
    rows = schemes.list_schemes(session, actor=actor, active_only=active_only)
    return [SchemeRead.model_validate(r) for r in rows]


@router.post("/schemes", response_model=SchemeRead)
def save_scheme(data: SchemeCreate, actor: CurrentActor, session: DbSession) -> SchemeRead:
    """The zone office adds a scheme or changes the one with the same code."""
    return SchemeRead.model_validate(schemes.save_scheme(session, actor=actor, data=data))


@router.get("/schemes/matches/firm", response_model=MatchesRead)
def match_firm(actor: CurrentActor, session: DbSession, lang: Lang = None) -> MatchesRead:
    """Which schemes the caller's firm may qualify for, what it misses, who can help."""
    return schemes.match_firm(session, actor=actor, lang=lang)


@router.get("/schemes/matches/applications/{application_id}", response_model=MatchesRead)
def match_application(
    application_id: uuid.UUID, actor: CurrentActor, session: DbSession, lang: Lang = None
) -> MatchesRead:
    """Schemes for an admission application (its applicant; the zone office once submitted)."""
    return schemes.match_application(session, actor=actor, application_id=application_id, lang=lang)


@router.get("/schemes/matches/projects/{project_id}", response_model=MatchesRead)
def match_project(
    project_id: uuid.UUID, actor: CurrentActor, session: DbSession, lang: Lang = None
) -> MatchesRead:
    """Schemes for a relay project, for its participants."""
    return schemes.match_project(session, actor=actor, project_id=project_id, lang=lang)
