"""Visual inspection of a lot: stations post images, the platform scores them when the
product has a vision model (else takes the station's verdict), and a reviewer confirms or
overrules the verdict."""

from __future__ import annotations

import hashlib
import math
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.config import Limits
from suigang.db import utcnow
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit, require
from suigang.domains.limits import check_archive, check_bytes, default_limits, image_pixels
from suigang.domains.quality.access import lot_scope
from suigang.domains.quality.models import (
    InspectionPlan,
    ReviewDecision,
    Verdict,
    VerdictSource,
    VisualInspection,
    VisualReview,
)
from suigang.errors import Conflict, InvalidInput, NotFound

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"BM", "bmp"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "bmp": "image/bmp", "tiff": "image/tiff"}


@dataclass(frozen=True, slots=True)
class DecodedImage:
    kind: str
    pixels: Any  # uint8 array, (h, w) or (h, w, 3) RGB
    width: int
    height: int


def decode_image(name: str, content: bytes, limits: Limits | None = None) -> DecodedImage:
    """Check that ``content`` is a PNG, JPEG, BMP or TIFF image with pixels, and decode it.

    Its size in bytes (413) and in pixels (422, read from the header) are checked before
    anything is decoded, so a small file that unpacks to gigabytes is refused."""
    import cv2

    limits = limits or default_limits()
    if not content:
        raise InvalidInput(f"{name}: the image is empty (0 bytes)")
    check_bytes(name, content, limits.max_image_bytes, "max_image_bytes")
    kind = next((k for sig, k in _SIGNATURES if content.startswith(sig)), None)
    if kind is None:
        raise InvalidInput(f"{name}: not a PNG, JPEG, BMP or TIFF image")
    damaged = f"{name}: the {kind.upper()} image cannot be decoded (damaged or cut)"
    image_pixels(name, content, limits, unreadable=damaged)
    pixels = cv2.imdecode(np.frombuffer(content, dtype=np.uint8), cv2.IMREAD_COLOR)
    if pixels is None or pixels.size == 0:
        raise InvalidInput(damaged)
    rgb = cv2.cvtColor(pixels, cv2.COLOR_BGR2RGB)
    return DecodedImage(kind=kind, pixels=rgb, width=rgb.shape[1], height=rgb.shape[0])


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


def _vision() -> Any:
    import importlib

    try:
        return importlib.import_module("suigang.engines.vision")
    except ImportError as exc:
        raise Conflict(f"the vision engine is not installed on this server ({exc})") from exc


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

    The file is checked by loading it (a model of another engine version is refused), then
    kept as ``<models_dir>/<sha256>.npz``; visual inspections of the product's lots are
    scored with it from then on.
    """
    plan = session.get(InspectionPlan, plan_id)
    if plan is None or not can(actor, "inspection_plan:read", plan):
        raise NotFound(f"inspection plan {plan_id} not found")
    require(actor, "inspection_plan:write", plan)
    if not content:
        raise InvalidInput(f"{filename}: the model file is empty (0 bytes)")
    limits = limits or default_limits()
    check_bytes(filename, content, limits.max_model_bytes, "max_model_bytes")
    check_archive(filename, content, limits)  # an .npz is a zip: no bombs
    vision = _vision()
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
    before = plan.vision_model
    plan.vision_model = target.name
    plan.vision_model_version = f"patchcore {vision.ENGINE_VERSION} {digest[:12]}"
    audit(
        session,
        actor,
        "inspection_plan.vision_model",
        "inspection_plan",
        plan.id,
        before=before,
        after=target.name,
        threshold=model.threshold,
    )
    session.commit()
    return plan


def score_with_model(model_path: Path, version: str, image: DecodedImage) -> ModelVerdict:
    """Score the image with the vision engine's PatchCore model stored at ``model_path``."""
    vision = _vision()
    try:
        model = vision.load_model(model_path)
        result = vision.score(model, image.pixels)
    except ImportError as exc:  # torch and the weights come with the ``vision`` extra
        raise Conflict(f"scoring needs the vision extra on this server ({exc})") from exc
    except (ValueError, OSError) as exc:  # e.g. a model file from another version
        raise Conflict(
            f"the product's vision model {model_path.name} cannot be used: {exc}"
        ) from exc
    return ModelVerdict(
        score=float(result.score),
        threshold=float(result.threshold),
        verdict=Verdict.FAIL if result.is_defect else Verdict.PASS,
        heatmap=heatmap_png(image.pixels, result.anomaly_map, float(result.threshold)),
        version=version,
    )


def _vision_model(
    session: Session, product_id: uuid.UUID, models_dir: Path | None
) -> tuple[Path, str] | None:
    plan = session.scalars(
        select(InspectionPlan)
        .where(InspectionPlan.product_id == product_id, InspectionPlan.vision_model.is_not(None))
        .order_by(InspectionPlan.revision.desc())
        .limit(1)
    ).first()
    if plan is None or plan.vision_model is None or models_dir is None:
        return None
    return models_dir / plan.vision_model, plan.vision_model_version or plan.vision_model


def post_visual_inspection(
    session: Session,
    *,
    actor: Actor,
    lot_id: uuid.UUID,
    image: bytes,
    filename: str = "image",
    part_ref: str = "",
    score: float | None = None,
    threshold: float | None = None,
    verdict: Verdict | None = None,
    heatmap: bytes | None = None,
    model_version: str | None = None,
    models_dir: Path | None = None,
    limits: Limits | None = None,
) -> VisualInspection:
    """Store a station's image of a part of the lot with its verdict.

    With a vision model registered for the lot's product (and ``models_dir`` given), the
    platform scores the image itself; otherwise the station's ``verdict`` is taken, or derived
    from its ``score`` and ``threshold`` (fail when the score exceeds the threshold).
    """
    scope = lot_scope(session, actor=actor, lot_id=lot_id, permission="visual_inspection:write")
    for name, value in (("score", score), ("threshold", threshold)):
        if value is not None and not math.isfinite(value):
            raise InvalidInput(f"{name} {value} is not a finite number")
    decoded = decode_image(filename, image, limits)
    if heatmap is not None and decode_image(f"{filename} heatmap", heatmap, limits).kind != "png":
        raise InvalidInput(f"{filename} heatmap: must be a PNG image")
    registered = _vision_model(session, scope.order.product_id, models_dir)
    if registered is not None:
        scored = score_with_model(registered[0], registered[1], decoded)
        score, threshold, final = scored.score, scored.threshold, scored.verdict
        heatmap, model_version, source = scored.heatmap, scored.version, VerdictSource.MODEL
    else:
        if score is not None and threshold is not None:
            derived = Verdict.FAIL if score > threshold else Verdict.PASS
            if verdict is not None and verdict is not derived:
                raise InvalidInput(
                    f"verdict {verdict.value} contradicts score {score:g} against threshold "
                    f"{threshold:g} ({derived.value})"
                )
            verdict = derived
        if verdict is None:
            raise InvalidInput(
                "no vision model is registered for this lot's product: send the station's "
                "verdict (pass or fail), or its score and threshold"
            )
        final, source = verdict, VerdictSource.STATION
    record = VisualInspection(
        lot_id=scope.lot.id,
        station=actor.label,
        part_ref=part_ref.strip()[:100],
        image=image,
        image_type=decoded.kind,
        image_sha256=hashlib.sha256(image).hexdigest(),
        width=decoded.width,
        height=decoded.height,
        score=score,
        threshold=threshold,
        verdict=final,
        source=source,
        model_version=model_version,
        heatmap_png=heatmap,
        inspected_at=utcnow(),
    )
    session.add(record)
    session.flush()
    audit(
        session,
        actor,
        "visual_inspection.recorded",
        "visual_inspection",
        record.id,
        lot=scope.lot.number,
        verdict=final.value,
        source=source.value,
        score=score,
    )
    session.commit()
    session.refresh(record)
    return record


def get_visual_inspection(
    session: Session, *, actor: Actor, inspection_id: uuid.UUID
) -> VisualInspection:
    record = session.get(VisualInspection, inspection_id)
    if record is None:
        raise NotFound(f"visual inspection {inspection_id} not found")
    try:
        lot_scope(session, actor=actor, lot_id=record.lot_id)
    except NotFound:
        raise NotFound(f"visual inspection {inspection_id} not found") from None
    return record


def list_visual_inspections(
    session: Session, *, actor: Actor, lot_id: uuid.UUID
) -> list[VisualInspection]:
    scope = lot_scope(session, actor=actor, lot_id=lot_id)
    return list(
        session.scalars(
            select(VisualInspection)
            .where(VisualInspection.lot_id == scope.lot.id)
            .order_by(VisualInspection.inspected_at)
        )
    )


def review_visual_inspection(
    session: Session,
    *,
    actor: Actor,
    inspection_id: uuid.UUID,
    decision: ReviewDecision,
    verdict: Verdict | None = None,
    reason: str = "",
) -> VisualReview:
    """A person confirms the current verdict, or overrules it (a reason is required)."""
    record = get_visual_inspection(session, actor=actor, inspection_id=inspection_id)
    lot_scope(session, actor=actor, lot_id=record.lot_id, permission="visual_inspection:review")
    current = record.final_verdict
    if decision is ReviewDecision.CONFIRM:
        if verdict is not None and verdict is not current:
            raise InvalidInput(
                f"verdict: confirming keeps the current verdict {current.value}; "
                f"to change it to {verdict.value}, overrule"
            )
        new_verdict = current
    else:
        if verdict is None:
            verdict = Verdict.PASS if current is Verdict.FAIL else Verdict.FAIL
        if verdict is current:
            raise InvalidInput(
                f"verdict: overruling must change the verdict, which is {current.value} already"
            )
        if not reason.strip():
            raise InvalidInput("reason: say why the verdict is overruled")
        new_verdict = verdict
    review = VisualReview(
        inspection_id=record.id,
        decision=decision,
        verdict=new_verdict,
        reason=reason.strip(),
        reviewer=actor.label,
        reviewer_user_id=actor.user_id,
        created_at=utcnow(),
    )
    session.add(review)
    session.flush()
    audit(
        session,
        actor,
        f"visual_inspection.{'overruled' if decision is ReviewDecision.OVERRULE else 'confirmed'}",
        "visual_inspection",
        record.id,
        before=current.value,
        after=new_verdict.value,
        reason=review.reason,
    )
    session.commit()
    session.refresh(record)
    return review
