"""Visual inspection of a lot: stations post images, the platform scores them when the
product has a vision model (else takes the station's verdict), and a reviewer confirms or
overrules the verdict, marking a defective part's region and kind (training data for the
product's model, see :mod:`suigang.domains.quality.retrain`)."""

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
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit
from suigang.domains.limits import check_bytes, default_limits, image_pixels
from suigang.domains.quality.access import lot_scope
from suigang.domains.quality.models import (
    ReviewDecision,
    Verdict,
    VerdictSource,
    VisualInspection,
    VisualReview,
)
from suigang.domains.quality.vision_models import active_model, score_with_model
from suigang.errors import InvalidInput, NotFound

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
    registered = active_model(session, scope.order.product_id, models_dir)
    if registered is not None:
        scored = score_with_model(registered, decoded.pixels)
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


MAX_KIND = 40


def _region_mask(region: bytes, record: VisualInspection, limits: Limits | None) -> bytes:
    """The marked region as a 0/255 PNG mask of the image's size, checked."""
    import cv2

    decoded = decode_image("region", region, limits)
    if decoded.kind != "png":
        raise InvalidInput("region: must be a PNG mask")
    if (decoded.width, decoded.height) != (record.width, record.height):
        raise InvalidInput(
            f"region: the mask is {decoded.width}×{decoded.height} pixels, the image "
            f"{record.width}×{record.height}"
        )
    marked = decoded.pixels.max(axis=2) > 0
    if not marked.any():
        raise InvalidInput("region: the mask marks no pixel")
    ok, png = cv2.imencode(".png", marked.astype(np.uint8) * 255)
    if not ok:  # pragma: no cover - encoding a valid array does not fail
        raise RuntimeError("could not encode the region")
    return bytes(png)


def _marked(mask: bytes | None) -> int:
    """How many pixels a stored region marks (0 without one)."""
    if mask is None:
        return 0
    return int(np.count_nonzero(region_array(mask)))


def region_array(mask: bytes) -> Any:
    """A stored region as a boolean array (True = defect)."""
    import cv2

    pixels: Any = cv2.imdecode(np.frombuffer(mask, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    return pixels > 0


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
    defect_kind: str = "",
    region: bytes | None = None,
    limits: Limits | None = None,
) -> VisualReview:
    """A person confirms the current verdict, or overrules it (a reason is required).

    When the part ends up defective, the reviewer may name the defect's kind and mark its
    region: a PNG mask of the image's size, non-zero where the defect is.
    """
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
    kind = " ".join(defect_kind.split()).lower()
    if (kind or region is not None) and new_verdict is not Verdict.FAIL:
        raise InvalidInput(
            "region and defect_kind: only a defective part's defect can be marked "
            f"(the verdict would be {new_verdict.value})"
        )
    if len(kind) > MAX_KIND:
        raise InvalidInput(f"defect_kind: at most {MAX_KIND} characters, got {len(kind)}")
    mask = _region_mask(region, record, limits) if region is not None else None
    review = VisualReview(
        inspection_id=record.id,
        decision=decision,
        verdict=new_verdict,
        reason=reason.strip(),
        reviewer=actor.label,
        reviewer_user_id=actor.user_id,
        created_at=utcnow(),
        defect_kind=kind,
        region_png=mask,
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
        defect_kind=kind,
        region_pixels=_marked(mask),
    )
    session.commit()
    session.refresh(record)
    return review
