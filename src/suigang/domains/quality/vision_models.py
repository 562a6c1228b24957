"""A product's vision model and its versions: upload, score, promote, restore, threshold.

Every model a product's images are scored with is a :class:`VisionModelVersion`: uploaded
(``suigang inspect fit`` run elsewhere) or retrained on the platform from the factory's
confirmed images (:mod:`suigang.domains.quality.retrain`). One version is active at a time; a
retrained one is promoted only when it is at least as good as the active one on the same
held-out images, and a retired one can be restored. The threshold of the active version can be
set from a target false-alarm or escape rate on the held-out scores it was judged on
(:mod:`suigang.domains.quality.vision_thresholds`). Everything is audited; the model files
live under ``<data_dir>/vision-models``.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.config import Limits
from suigang.db import utcnow
from suigang.domains.catalog.models import Product
from suigang.domains.common import commit_once
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, require
from suigang.domains.limits import check_archive, check_bytes, default_limits
from suigang.domains.quality.models import (
    InspectionPlan,
    ModelState,
    Verdict,
    VisionModelVersion,
)
from suigang.domains.quality.plans import plan_for_product
from suigang.errors import Conflict, InvalidInput, NotFound


def vision_engine() -> Any:
    """The vision engine, or a ``Conflict`` saying the server lacks the ``vision`` extra."""
    import importlib

    try:
        return importlib.import_module("suigang.engines.vision")
    except ImportError as exc:
        raise Conflict(f"the vision engine is not installed on this server ({exc})") from exc


def heatmap_png(rgb: Any, anomaly_map: Any, threshold: float) -> bytes:
    """The anomaly map over the image as a PNG: blue is normal, red is beyond twice the
    threshold."""
    import cv2

    h, w = rgb.shape[:2]
    amap = cv2.resize(np.asarray(anomaly_map, dtype=np.float32), (w, h))
    top = 2 * threshold if threshold > 0 else float(amap.max() or 1.0)
    scaled = np.clip(amap / top * 255.0, 0, 255).astype(np.uint8)
    colour = cv2.applyColorMap(scaled, cv2.COLORMAP_JET)
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    ok, png = cv2.imencode(".png", cv2.addWeighted(bgr, 0.5, colour, 0.5, 0))
    if not ok:  # pragma: no cover - encoding a valid array does not fail
        raise RuntimeError("could not encode the heatmap")
    return bytes(png)


@dataclass(frozen=True, slots=True)
class ModelVerdict:
    score: float
    threshold: float
    verdict: Verdict
    heatmap: bytes
    version: str


@dataclass(frozen=True, slots=True)
class ActiveModel:
    """The model that scores a product's images: its file, label and threshold."""

    path: Path
    label: str
    threshold: float | None  # None: the file's own


def score_with_model(model: ActiveModel, pixels: Any) -> ModelVerdict:
    """Score an RGB image with the product's active model at its threshold."""
    vision = vision_engine()
    try:
        fitted = vision.load_model(model.path)
        result = vision.score(fitted, pixels)
    except ImportError as exc:  # torch and the weights come with the ``vision`` extra
        raise Conflict(f"scoring needs the vision extra on this server ({exc})") from exc
    except (ValueError, OSError) as exc:  # e.g. a model file from another version
        raise Conflict(
            f"the product's vision model {model.path.name} cannot be used: {exc}"
        ) from exc
    threshold = float(result.threshold if model.threshold is None else model.threshold)
    return ModelVerdict(
        score=float(result.score),
        threshold=threshold,
        verdict=Verdict.FAIL if result.score > threshold else Verdict.PASS,
        heatmap=heatmap_png(pixels, result.anomaly_map, threshold),
        version=model.label,
    )


def active_version(session: Session, product_id: uuid.UUID) -> VisionModelVersion | None:
    """The product's version in use, if any."""
    return session.scalars(
        select(VisionModelVersion).where(
            VisionModelVersion.product_id == product_id,
            VisionModelVersion.state == ModelState.ACTIVE,
        )
    ).first()


def active_model(
    session: Session, product_id: uuid.UUID, models_dir: Path | None
) -> ActiveModel | None:
    """The product's active version, else (records from before versions) the newest plan's
    model file, else ``None``."""
    if models_dir is None:
        return None
    version = active_version(session, product_id)
    if version is not None:
        return ActiveModel(models_dir / version.file, version.label, version.threshold)
    plan = session.scalars(
        select(InspectionPlan)
        .where(InspectionPlan.product_id == product_id, InspectionPlan.vision_model.is_not(None))
        .order_by(InspectionPlan.revision.desc())
        .limit(1)
    ).first()
    if plan is None or plan.vision_model is None:
        return None
    return ActiveModel(
        models_dir / plan.vision_model, plan.vision_model_version or plan.vision_model, None
    )


def store_model_file(
    content: bytes, filename: str, models_dir: Path, limits: Limits | None = None
) -> tuple[str, str, Any]:
    """Check a model file by loading it and keep it as ``<models_dir>/<sha256>.npz``; returns
    the file name, its label (engine version and digest) and the loaded model."""
    if not content:
        raise InvalidInput(f"{filename}: the model file is empty (0 bytes)")
    limits = limits or default_limits()
    check_bytes(filename, content, limits.max_model_bytes, "max_model_bytes")
    check_archive(filename, content, limits)  # an .npz is a zip: no bombs
    vision = vision_engine()
    digest = hashlib.sha256(content).hexdigest()
    models_dir.mkdir(parents=True, exist_ok=True)
    target = models_dir / f"{digest}.npz"
    staged = models_dir / f".{digest}.{uuid.uuid4().hex}.npz"
    staged.write_bytes(content)
    try:
        model = vision.load_model(staged)
    except ValueError as exc:  # ModelFileError, ModelVersionError
        staged.unlink(missing_ok=True)
        message = str(exc).replace(str(staged), filename)
        raise InvalidInput(f"{filename}: {message}") from None
    staged.replace(target)
    return target.name, f"patchcore {vision.ENGINE_VERSION} {digest[:12]}", model


def product_for(session: Session, actor: Actor, product_id: uuid.UUID, permission: str) -> Product:
    """The product if the actor's firm owns it (else 404), then ``permission`` (403)."""
    product = session.get(Product, product_id)
    if product is None or not can(actor, "inspection_plan:read", product):
        raise NotFound(f"product {product_id} not found")
    require(actor, permission, product)
    return product


def add_version(
    session: Session,
    *,
    actor: Actor,
    product: Product,
    file: str,
    label: str,
    threshold: float,
    origin: str,
    figures: dict[str, Any],
    state: ModelState,
    job_id: str | None = None,
) -> VisionModelVersion:
    """A new version of the product's model, numbered after the last (flushed, not committed)."""
    last = session.scalar(
        select(func.max(VisionModelVersion.number)).where(
            VisionModelVersion.product_id == product.id
        )
    )
    version = VisionModelVersion(
        enterprise_id=product.enterprise_id,
        product_id=product.id,
        number=(last or 0) + 1,
        file=file,
        label=label,
        state=state,
        origin=origin,
        threshold=threshold,
        threshold_rule="fit",  # the engine's rule on the fit's held-out good images
        figures=figures,
        job_id=job_id,
        created_by=actor.label,
        created_at=utcnow(),
    )
    session.add(version)
    session.flush()
    return version


def _activate(session: Session, product: Product, version: VisionModelVersion) -> int | None:
    """Make ``version`` the active one (the active one retires; the newest plan points to the
    file); returns the number of the version it replaced."""
    before = active_version(session, product.id)
    if before is not None:
        before.state = ModelState.RETIRED
        session.flush()  # one active version at a time, also mid-transaction
    version.state = ModelState.ACTIVE
    version.promoted_at = utcnow()
    plan = plan_for_product(session, product.id)
    if plan is not None:
        plan.vision_model = version.file
        plan.vision_model_version = version.label
    return before.number if before is not None else None


def attach_vision_model(
    session: Session,
    *,
    actor: Actor,
    plan_id: uuid.UUID,
    filename: str,
    content: bytes,
    models_dir: Path,
    limits: Limits | None = None,
) -> InspectionPlan:
    """Register a fitted vision model (``suigang inspect fit``) for the plan's product.

    The file is checked by loading it (a model of another engine version is refused), kept as
    ``<models_dir>/<sha256>.npz`` and becomes the product's active version: visual inspections
    of the product's lots are scored with it from then on.
    """
    plan = session.get(InspectionPlan, plan_id)
    if plan is None or not can(actor, "inspection_plan:read", plan):
        raise NotFound(f"inspection plan {plan_id} not found")
    require(actor, "inspection_plan:write", plan)
    file, label, model = store_model_file(content, filename, models_dir, limits)
    product = product_for(session, actor, plan.product_id, "inspection_plan:write")
    before = plan.vision_model
    version = add_version(
        session,
        actor=actor,
        product=product,
        file=file,
        label=label,
        threshold=float(model.threshold),
        origin="upload",
        figures={"held_scores": [float(s) for s in model.holdout_scores]},
        state=ModelState.CANDIDATE,
    )
    _activate(session, product, version)
    plan.vision_model, plan.vision_model_version = file, label  # the plan it was uploaded to
    audit(
        session,
        actor,
        "inspection_plan.vision_model",
        "inspection_plan",
        plan.id,
        before=before,
        after=file,
        threshold=model.threshold,
        version=version.number,
    )
    commit_once(session)
    return plan


def list_versions(
    session: Session, *, actor: Actor, product_id: uuid.UUID
) -> list[VisionModelVersion]:
    """The product's model versions, newest first (its factory's users only)."""
    product_for(session, actor, product_id, "inspection_plan:read")
    return list(
        session.scalars(
            select(VisionModelVersion)
            .where(VisionModelVersion.product_id == product_id)
            .order_by(VisionModelVersion.number.desc())
        )
    )


def version_for_write(
    session: Session, actor: Actor, version_id: uuid.UUID
) -> tuple[VisionModelVersion, Product]:
    """The version if the actor's firm owns it (else 404), and its product (403 without
    ``inspection_plan:write``)."""
    version = session.get(VisionModelVersion, version_id)
    if version is None or not can(actor, "inspection_plan:read", version):
        raise NotFound(f"model version {version_id} not found")
    return version, product_for(session, actor, version.product_id, "inspection_plan:write")


def promote_version(session: Session, *, actor: Actor, version_id: uuid.UUID) -> VisionModelVersion:
    """Put a retrained candidate in use, if it was at least as good as the version active when
    it was judged and that version is still the active one (else: retrain again)."""
    version, product = version_for_write(session, actor, version_id)
    if version.state is not ModelState.CANDIDATE:
        raise Conflict(f"version {version.number} is {version.state.value}, not a candidate")
    figures = version.figures
    if not figures.get("promote", False):
        reasons = "; ".join(str(r) for r in figures.get("reasons", [])) or "not judged"
        raise Conflict(f"version {version.number} is not as good as the active one: {reasons}")
    current = active_version(session, product.id)
    judged_against = figures.get("current_number")
    if (current.number if current else None) != judged_against:
        raise Conflict(
            f"version {version.number} was judged against version {judged_against}, but "
            f"version {current.number if current else None} is active now: retrain to compare"
        )
    replaced = _activate(session, product, version)
    audit(
        session,
        actor,
        "vision_model.promoted",
        "vision_model_version",
        version.id,
        product=product.code,
        version=version.number,
        replaced=replaced,
    )
    commit_once(session)
    return version


def restore_version(
    session: Session, *, actor: Actor, version_id: uuid.UUID, reason: str
) -> VisionModelVersion:
    """Put a retired version back in use (the active one retires); a reason is required."""
    version, product = version_for_write(session, actor, version_id)
    if version.state is not ModelState.RETIRED:
        raise Conflict(
            f"version {version.number} is {version.state.value}: only a retired version can "
            "be restored"
        )
    if not reason.strip():
        raise InvalidInput("reason: say why the earlier version is restored")
    replaced = _activate(session, product, version)
    audit(
        session,
        actor,
        "vision_model.restored",
        "vision_model_version",
        version.id,
        product=product.code,
        version=version.number,
        replaced=replaced,
        reason=reason.strip(),
    )
    commit_once(session)
    return version
