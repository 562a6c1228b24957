"""A product's vision model versions: training data, retraining, promotion, restore,
thresholds, and a review's marked region."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from suigang.api.deps import AppSettings, CurrentActor, DbSession
from suigang.domains.jobs import service as jobs
from suigang.domains.jobs.schemas import JobRead
from suigang.domains.quality import retrain, vision_models, vision_thresholds, visual
from suigang.domains.quality.schemas import (
    RestoreCreate,
    ThresholdRead,
    ThresholdSet,
    TrainingSetRead,
    VisionVersionRead,
)
from suigang.errors import NotFound

router = APIRouter(tags=["quality"])


@router.get("/products/{product_id}/vision-models", response_model=list[VisionVersionRead])
def list_versions(
    product_id: uuid.UUID, actor: CurrentActor, session: DbSession
) -> list[VisionVersionRead]:
    """The product's model versions, newest first, with the figures each was judged on."""
    rows = vision_models.list_versions(session, actor=actor, product_id=product_id)
    return [VisionVersionRead.model_validate(v) for v in rows]


@router.get("/products/{product_id}/vision-training-set", response_model=TrainingSetRead)
def training_set(product_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> TrainingSetRead:
    """The confirmed images a retraining would learn from."""
    data = retrain.training_set(session, actor=actor, product_id=product_id)
    return TrainingSetRead.model_validate(data)


@router.post(
    "/products/{product_id}/vision-models/retrain",
    response_model=JobRead,
    status_code=status.HTTP_202_ACCEPTED,
)
def start_retrain(
    product_id: uuid.UUID, actor: CurrentActor, session: DbSession, settings: AppSettings
) -> JobRead:
    """Retrain the product's model from the confirmed images as a job; poll ``GET /jobs/{id}``.
    The new version is stored as a candidate beside the active one's figures."""
    job_id = retrain.start_retrain(
        session,
        actor=actor,
        settings=settings,
        product_id=product_id,
        models_dir=settings.data_dir / "vision-models",
    )
    return JobRead.model_validate(jobs.get_job(session, actor=actor, job_id=job_id))


@router.post("/vision-models/{version_id}/promote", response_model=VisionVersionRead)
def promote(version_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> VisionVersionRead:
    """Put a candidate in use (409 naming the reasons when it is not as good)."""
    version = vision_models.promote_version(session, actor=actor, version_id=version_id)
    return VisionVersionRead.model_validate(version)


@router.post("/vision-models/{version_id}/restore", response_model=VisionVersionRead)
def restore(
    version_id: uuid.UUID, data: RestoreCreate, actor: CurrentActor, session: DbSession
) -> VisionVersionRead:
    """Put a retired version back in use, with the reason."""
    version = vision_models.restore_version(
        session, actor=actor, version_id=version_id, reason=data.reason
    )
    return VisionVersionRead.model_validate(version)


@router.post("/vision-models/{version_id}/threshold-preview", response_model=ThresholdRead)
def threshold_preview(
    version_id: uuid.UUID, data: ThresholdSet, actor: CurrentActor, session: DbSession
) -> ThresholdRead:
    """The threshold a target rate gives and its false alarms and escapes on held-out parts."""
    choice = vision_thresholds.threshold_preview(
        session, actor=actor, version_id=version_id, target=data.target.value, rate=data.rate
    )
    return ThresholdRead.model_validate(choice)


@router.put("/vision-models/{version_id}/threshold", response_model=VisionVersionRead)
def set_threshold(
    version_id: uuid.UUID, data: ThresholdSet, actor: CurrentActor, session: DbSession
) -> VisionVersionRead:
    """Set the version's threshold from a target false-alarm or escape rate."""
    version = vision_thresholds.set_threshold(
        session, actor=actor, version_id=version_id, target=data.target.value, rate=data.rate
    )
    return VisionVersionRead.model_validate(version)


@router.get(
    "/visual-inspections/{inspection_id}/region.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
def visual_region(inspection_id: uuid.UUID, actor: CurrentActor, session: DbSession) -> Response:
    """The defect region marked by the newest review that marked one (a PNG mask)."""
    record = visual.get_visual_inspection(session, actor=actor, inspection_id=inspection_id)
    region = next((r.region_png for r in reversed(record.reviews) if r.region_png), None)
    if region is None:
        raise NotFound(f"visual inspection {inspection_id} has no marked region")
    return Response(region, media_type="image/png")
