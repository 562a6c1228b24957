"""Inspection plans, measurements, charts, visual inspection and lot certificates."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Response, UploadFile, status

from suigang.api.deps import AppSettings, CurrentActor, DbSession, Paging
from suigang.api.files import download, read_upload
from suigang.api.schemas import Page
from suigang.domains.quality import alarms as alarm_cases
from suigang.domains.quality import certificates, service, vision_models, visual
from suigang.domains.quality.models import Measurement, QualityAlarm, Verdict
from suigang.domains.quality.schemas import (
    AlarmRead,
    DispositionCreate,
    DispositionRead,
    InspectionPlanCreate,
    InspectionPlanRead,
    LotQuality,
    MeasurementCorrection,
    MeasurementIn,
    MeasurementRead,
    RecordResult,
    ReviewCreate,
    ReviewRead,
    VisualInspectionRead,
)
from suigang.errors import NotFound

router = APIRouter(tags=["quality"])


def _result(stored: list[Measurement], alarms: list[QualityAlarm]) -> RecordResult:
    return RecordResult(
        stored=len(stored),
        measurements=[MeasurementRead.model_validate(m) for m in stored],
        alarms=[AlarmRead.model_validate(a) for a in alarms],
    )


@router.post(
    "/inspection-plans", response_model=InspectionPlanRead, status_code=status.HTTP_201_CREATED
)
def create_inspection_plan(
    data: InspectionPlanCreate, actor: CurrentActor, session: DbSession
) -> InspectionPlanRead:
    """A new plan, or the next revision of a product's plan (the latest one applies)."""
    plan = service.create_inspection_plan(session, actor=actor, data=data)
    return InspectionPlanRead.model_validate(plan)


@router.get("/inspection-plans", response_model=Page[InspectionPlanRead])
def list_inspection_plans(
    actor: CurrentActor, session: DbSession, page: Paging, product_id: uuid.UUID | None = None
) -> Page[InspectionPlanRead]:
    rows, total = service.list_inspection_plans(
        session, actor=actor, product_id=product_id, offset=page.offset, limit=page.limit
    )
    return page.of(InspectionPlanRead, rows, total)


@router.get("/inspection-plans/{plan_id}", response_model=InspectionPlanRead)
def get_inspection_plan(
    plan_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> InspectionPlanRead:
    plan = service.get_inspection_plan(session, actor=actor, plan_id=plan_id)
    return InspectionPlanRead.model_validate(plan)


@router.put(
    "/inspection-plans/{plan_id}/vision-model",
    response_model=InspectionPlanRead,
    openapi_extra={"x-body-limit": "model"},
)
def attach_vision_model(
    plan_id: uuid.UUID,
    file: Annotated[UploadFile, File()],
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> InspectionPlanRead:
    """Register a fitted vision model (from ``suigang inspect fit``) for the plan's product."""
    plan = vision_models.attach_vision_model(
        session,
        actor=actor,
        plan_id=plan_id,
        filename=file.filename or "model.npz",
        content=read_upload(file, settings.limits.max_model_bytes),
        models_dir=settings.data_dir / "vision-models",
        limits=settings.limits,
    )
    return InspectionPlanRead.model_validate(plan)


@router.post(
    "/lots/{lot_id}/measurements",
    response_model=RecordResult,
    status_code=status.HTTP_201_CREATED,
)
def record_measurements(
    lot_id: uuid.UUID,
    data: list[MeasurementIn],
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> RecordResult:
    """Store values; the response lists the alarms they raised."""
    stored, alarms = service.record_measurements(
        session, actor=actor, lot_id=lot_id, rows=data, limits=settings.limits
    )
    return _result(stored, alarms)


@router.post(
    "/lots/{lot_id}/measurements/upload",
    response_model=RecordResult,
    status_code=status.HTTP_201_CREATED,
    openapi_extra={"x-body-limit": "upload"},
)
def upload_measurements(
    lot_id: uuid.UUID,
    file: Annotated[UploadFile, File()],
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> RecordResult:
    """CSV with columns characteristic, subgroup, value[, taken_at]; one bad cell rejects all."""
    stored, alarms = service.upload_measurements(
        session,
        actor=actor,
        lot_id=lot_id,
        filename=file.filename or "upload.csv",
        content=read_upload(file, settings.limits.max_upload_bytes),
        limits=settings.limits,
    )
    return _result(stored, alarms)


@router.get("/lots/{lot_id}/measurements", response_model=list[MeasurementRead])
def list_measurements(
    lot_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> list[MeasurementRead]:
    """Every stored row, corrected ones included (``corrects_id`` links a correction)."""
    rows = service.list_measurements(session, actor=actor, lot_id=lot_id)
    return [MeasurementRead.model_validate(m) for m in rows]


@router.post(
    "/measurements/{measurement_id}/corrections",
    response_model=RecordResult,
    status_code=status.HTTP_201_CREATED,
)
def correct_measurement(
    measurement_id: uuid.UUID, data: MeasurementCorrection, actor: CurrentActor, session: DbSession
) -> RecordResult:
    new, alarms = service.correct_measurement(
        session, actor=actor, measurement_id=measurement_id, data=data
    )
    return _result([new], alarms)


@router.get("/lots/{lot_id}/quality", response_model=LotQuality)
def lot_quality(lot_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> LotQuality:
    """Charts with centre, limits and violations, capability, alarms and visual statistics."""
    return service.lot_quality(session, actor=actor, lot_id=lot_id)


@router.get(
    "/lots/{lot_id}/charts/{characteristic_id}.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
def chart_png(
    lot_id: uuid.UUID,
    characteristic_id: uuid.UUID,
    actor: CurrentActor,
    session: DbSession,
    lang: Literal["zh-Hans", "zh-Hant", "en"] = "en",
) -> Response:
    """The chart image, its titles, axis and legend in ``lang``."""
    png = service.chart_png(
        session, actor=actor, lot_id=lot_id, characteristic_id=characteristic_id, lang=lang
    )
    return Response(png, media_type="image/png")


@router.post(
    "/lots/{lot_id}/visual-inspections",
    response_model=VisualInspectionRead,
    status_code=status.HTTP_201_CREATED,
    openapi_extra={"x-body-limit": "image"},
)
def post_visual_inspection(
    lot_id: uuid.UUID,
    image: Annotated[UploadFile, File()],
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
    score: Annotated[float | None, Form(allow_inf_nan=False)] = None,
    threshold: Annotated[float | None, Form(allow_inf_nan=False)] = None,
    verdict: Annotated[Verdict | None, Form()] = None,
    part_ref: Annotated[str, Form(max_length=100)] = "",
    model_version: Annotated[str | None, Form(max_length=100)] = None,
    heatmap: Annotated[UploadFile | None, File()] = None,
) -> VisualInspectionRead:
    """An inspection station's image of a part (multipart), with its verdict or score."""
    record = visual.post_visual_inspection(
        session,
        actor=actor,
        lot_id=lot_id,
        image=read_upload(image, settings.limits.max_image_bytes),
        filename=image.filename or "image",
        part_ref=part_ref,
        score=score,
        threshold=threshold,
        verdict=verdict,
        heatmap=(
            read_upload(heatmap, settings.limits.max_image_bytes) if heatmap is not None else None
        ),
        model_version=model_version,
        models_dir=settings.data_dir / "vision-models",
        limits=settings.limits,
    )
    return VisualInspectionRead.model_validate(record)


@router.get("/lots/{lot_id}/visual-inspections", response_model=list[VisualInspectionRead])
def list_visual_inspections(
    lot_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> list[VisualInspectionRead]:
    rows = visual.list_visual_inspections(session, actor=actor, lot_id=lot_id)
    return [VisualInspectionRead.model_validate(r) for r in rows]


@router.get("/visual-inspections/{inspection_id}/image", response_class=Response)
def visual_image(inspection_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> Response:
    """The image as the station sent it (PNG, JPEG, BMP or TIFF)."""
    record = visual.get_visual_inspection(session, actor=actor, inspection_id=inspection_id)
    return Response(record.image, media_type=visual.MEDIA_TYPES[record.image_type])


@router.get(
    "/visual-inspections/{inspection_id}/heatmap.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
def visual_heatmap(inspection_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> Response:
    record = visual.get_visual_inspection(session, actor=actor, inspection_id=inspection_id)
    if record.heatmap_png is None:
        raise NotFound(f"visual inspection {inspection_id} has no heatmap")
    return Response(record.heatmap_png, media_type="image/png")


@router.post(
    "/visual-inspections/{inspection_id}/reviews",
    response_model=ReviewRead,
    status_code=status.HTTP_201_CREATED,
)
def review_visual_inspection(
    inspection_id: uuid.UUID,
    data: ReviewCreate,
    actor: CurrentActor,
    session: DbSession,
    settings: AppSettings,
) -> ReviewRead:
    """Confirm or overrule a verdict; on a defective part, its defect's kind and region."""
    review = visual.review_visual_inspection(
        session,
        actor=actor,
        inspection_id=inspection_id,
        decision=data.decision,
        verdict=data.verdict,
        reason=data.reason,
        defect_kind=data.defect_kind,
        region=data.region_png,
        limits=settings.limits,
    )
    return ReviewRead.model_validate(review)


@router.post(
    "/quality-alarms/{alarm_id}/dispositions",
    response_model=DispositionRead,
    status_code=status.HTTP_201_CREATED,
)
def dispose_alarm(
    alarm_id: uuid.UUID, data: DispositionCreate, actor: CurrentActor, session: DbSession
) -> DispositionRead:
    """Record what was decided about an alarm's parts (release or reject), with the reason."""
    disposition = alarm_cases.dispose_alarm(
        session, actor=actor, alarm_id=alarm_id, decision=data.decision, reason=data.reason
    )
    return DispositionRead.model_validate(disposition)


@router.get(
    "/lots/{lot_id}/certificate.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def lot_certificate(lot_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> Response:
    """The lot's quality certificate (the front-shop customer of the order and the factory)."""
    cert = certificates.lot_certificate(session, actor=actor, lot_id=lot_id)
    response = download(cert.pdf, "application/pdf", f"{cert.number}.pdf")
    response.headers["X-Certificate-SHA256"] = cert.sha256
    return response
