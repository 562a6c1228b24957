"""Retraining a product's vision model from the factory's confirmed images, as a job.

Training data are the reviewed visual inspections of the product's lots made by the factory:
a part whose last review says pass (confirmed, or a false alarm overruled) is a good image; one
whose last review says fail is a defective image, with its marked region when a reviewer drew
one. Unreviewed images are not used. The job holds out a share of the images, whole
near-duplicate groups only, fits a new version on the rest (good parts for the memory bank,
defects with regions for the segmentation head), scores the new and the active version on the
same held-out images and stores the new version as a candidate with both sides' figures and
the decision (:func:`suigang.domains.quality.vision_models.promote_version` acts on it).
"""

from __future__ import annotations

import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from suigang.config import Settings
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit
from suigang.domains.jobs.work import start_job
from suigang.domains.orders.models import Lot, Order
from suigang.domains.quality.models import (
    ModelState,
    Verdict,
    VisualInspection,
)
from suigang.domains.quality.vision_models import (
    active_version,
    add_version,
    product_for,
    store_model_file,
    vision_engine,
)
from suigang.domains.quality.visual import decode_image, region_array
from suigang.errors import InvalidInput

Report = Callable[[float | None, str], None]

#: Fewest confirmed good and defective images a retraining needs (both sides of the split
#: must see good parts, the held-out side a defect).
MIN_GOOD, MIN_DEFECT = 6, 2
#: Share of each kind held out to judge the new version against the active one.
HOLDOUT_SHARE = 0.3
#: How far below the active version's AUROC a new version may be and still count as "as
#: good": on a station's few held-out parts one pixel row more or less moves the pixel AUROC
#: by a few thousandths. False alarms get no tolerance.
AUROC_TOLERANCE = 0.01
#: Most confirmed good and defective images a retraining reads, the newest first: they are
#: held in memory while the model is fitted, and fitting time grows with their number.
MAX_GOOD, MAX_DEFECT = 1000, 1000


@dataclass(frozen=True, slots=True)
class TrainingSet:
    """What a retraining would learn from: counts of the product's confirmed images."""

    good: int
    defect: int
    with_region: int
    kinds: dict[str, int]
    unreviewed: int

    @property
    def enough(self) -> bool:
        return self.good >= MIN_GOOD and self.defect >= MIN_DEFECT


def _inspections(session: Session, actor: Actor, product_id: uuid.UUID) -> list[VisualInspection]:
    """The factory's inspections of the product, oldest first; their image and heatmap are
    read only when used (a product may have tens of thousands)."""
    return list(
        session.scalars(
            select(VisualInspection)
            .options(defer(VisualInspection.image), defer(VisualInspection.heatmap_png))
            .join(Lot, Lot.id == VisualInspection.lot_id)
            .join(Order, Order.id == Lot.order_id)
            .where(Order.product_id == product_id, Order.factory_id == actor.enterprise_id)
            .order_by(VisualInspection.inspected_at, VisualInspection.id)
        )
    )


def newest_within(defective: Sequence[bool], max_good: int, max_defect: int) -> list[int]:
    """Indexes of the newest ``max_good`` good and ``max_defect`` defective items of a list
    ordered oldest first, in that order."""
    left = {False: max_good, True: max_defect}
    chosen = []
    for i in range(len(defective) - 1, -1, -1):
        if left[defective[i]] > 0:
            left[defective[i]] -= 1
            chosen.append(i)
    return chosen[::-1]


def _region(record: VisualInspection) -> tuple[bytes | None, str]:
    """The newest marked region and kind of a defective part's reviews."""
    for review in reversed(record.reviews):
        if review.verdict is not Verdict.FAIL:
            break
        if review.region_png is not None or review.defect_kind:
            return review.region_png, review.defect_kind
    return None, ""


def training_set(session: Session, *, actor: Actor, product_id: uuid.UUID) -> TrainingSet:
    """Counts of the confirmed images a retraining of the product's model would use."""
    product_for(session, actor, product_id, "inspection_plan:read")
    good = defect = with_region = unreviewed = 0
    kinds: Counter[str] = Counter()
    for record in _inspections(session, actor, product_id):
        if not record.reviews:
            unreviewed += 1
        elif record.final_verdict is Verdict.PASS:
            good += 1
        else:
            defect += 1
            region, kind = _region(record)
            with_region += region is not None
            kinds[kind or "unnamed"] += 1
    return TrainingSet(good, defect, with_region, dict(sorted(kinds.items())), unreviewed)


def start_retrain(
    session: Session,
    *,
    actor: Actor,
    settings: Settings,
    product_id: uuid.UUID,
    models_dir: Path,
) -> str:
    """Start the retraining of the product's model as a ``retrain`` job; returns its id."""
    product = product_for(session, actor, product_id, "inspection_plan:write")
    data = training_set(session, actor=actor, product_id=product_id)
    if not data.enough:
        raise InvalidInput(
            f"retraining needs at least {MIN_GOOD} confirmed good and {MIN_DEFECT} confirmed "
            f"defective images of {product.code}; there are {data.good} and {data.defect} "
            "(confirm or overrule verdicts on the lots' quality pages)"
        )
    vision_engine()  # the server must have the vision extra
    return start_job(
        session,
        actor=actor,
        settings=settings,
        kind="retrain",
        fn=retrain_in_worker,
        args=(str(product_id), str(models_dir)),
        params={"product": product.code, "good": data.good, "defect": data.defect},
    )


def _figures(result: Any) -> dict[str, Any]:
    return {
        "image_auroc": result.image_auroc,
        "pixel_auroc": result.pixel_auroc,
        "false_alarms": result.false_alarms,
        "detected": result.detected,
        "n_good": result.n_good,
        "n_defect": result.n_defect,
        "threshold": result.threshold,
        "parts": result.parts,
    }


def retrain_in_worker(
    database_url: str, actor: Actor, product_id: str, models_dir: str, *, report: Report
) -> dict[str, Any]:
    """Fit, judge and store a candidate version (see the module's text); returns its number,
    the decision and the figures."""
    from suigang.db import make_engine, make_session_factory
    from suigang.engines.vision.promotion import decide, holdout_split

    vision = vision_engine()
    engine = make_engine(Settings(), url=database_url)
    try:
        sessions = make_session_factory(engine)
        with sessions() as session:
            product = product_for(session, actor, uuid.UUID(product_id), "inspection_plan:write")
            images, defective, masks, kinds = [], [], [], []
            reviewed = [r for r in _inspections(session, actor, product.id) if r.reviews]
            failed = [r.final_verdict is Verdict.FAIL for r in reviewed]
            chosen = newest_within(failed, MAX_GOOD, MAX_DEFECT)
            for i in chosen:
                record, bad = reviewed[i], failed[i]
                images.append(decode_image(record.part_ref or "image", record.image).pixels)
                region, kind = _region(record) if bad else (None, "")
                defective.append(bad)
                masks.append(region_array(region) if region is not None else None)
                kinds.append(kind)
            current = active_version(session, product.id)
            current_model = vision.load_model(Path(models_dir) / current.file) if current else None
            current_info = (current.number, current.threshold) if current else None
        left_out = len(reviewed) - len(chosen)
        newest = f" (the newest; {left_out} older ones left out)" if left_out else ""
        report(0.02, f"{len(images)} confirmed images read{newest}")
        groups = vision.near_duplicate_groups(images)
        fit_idx, held_idx = holdout_split(groups, defective, HOLDOUT_SHARE)
        good_fit = [images[i] for i in fit_idx if not defective[i]]
        marked = [i for i in fit_idx if defective[i] and masks[i] is not None]
        held_good = [images[i] for i in held_idx if not defective[i]]
        held_bad = [i for i in held_idx if defective[i]]
        if len(good_fit) < 2 or not held_good or not held_bad:
            raise InvalidInput(
                f"the split left {len(good_fit)} good images to fit, {len(held_good)} good and "
                f"{len(held_bad)} defective to judge: confirm more images of separate parts"
            )
        config = current_model.config if current_model is not None else None

        def fitting(done: int, total: int) -> None:
            report(0.05 + 0.65 * done / total, f"fitting: {done} of {total} images")

        candidate = vision.fit(
            good_fit,
            config,
            defect_images=[images[i] for i in marked],
            defect_masks=[masks[i] for i in marked],
            progress=fitting,
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = vision.save_model(candidate, Path(tmp) / "candidate.npz")
            content = path.read_bytes()
        held_masks = [masks[i] for i in held_bad]
        bad_images = [images[i] for i in held_bad]
        report(0.72, f"judging on {len(held_good)} good and {len(held_bad)} defective images")
        new = vision.evaluate(candidate, held_good, bad_images, held_masks)
        figures: dict[str, Any] = {
            "candidate": _figures(new),
            "candidate_scores": {"good": list(new.good_scores), "defect": list(new.defect_scores)},
            "trained_on": {
                "good": len(good_fit),
                "defect_with_region": len(marked),
                "kinds": dict(Counter(kinds[i] or "unnamed" for i in marked)),
            },
            "held_out": {"good": len(held_good), "defect": len(held_bad)},
            "current_number": current_info[0] if current_info else None,
        }
        if current_model is not None and current_info is not None:
            report(0.86, f"scoring version {current_info[0]} on the same images")
            old = vision.evaluate(current_model, held_good, bad_images, held_masks)
            old_at = _at_threshold(old, current_info[1])
            new_figures = _at_threshold(new, float(candidate.threshold))
            verdict = decide(old_at, new_figures, AUROC_TOLERANCE)
            figures |= {
                "current": _figures(old) | {"false_alarms": old_at.false_alarms},
                "promote": verdict.promote,
                "reasons": list(verdict.reasons),
            }
        else:
            figures |= {"current": None, "promote": True, "reasons": []}
        with sessions() as session:
            product = product_for(session, actor, product.id, "inspection_plan:write")
            file, label, _ = store_model_file(content, "retrained model", Path(models_dir))
            version = add_version(
                session,
                actor=actor,
                product=product,
                file=file,
                label=label,
                threshold=float(candidate.threshold),
                origin="retrain",
                figures=_plain(figures),
                state=ModelState.CANDIDATE,
            )
            audit(
                session,
                actor,
                "vision_model.trained",
                "vision_model_version",
                version.id,
                product=product.code,
                version=version.number,
                promote=figures["promote"],
                good=len(good_fit),
                defect_with_region=len(marked),
            )
            session.commit()
            number = version.number
        report(1.0, f"version {number} trained")
        return {"version": number, "promote": figures["promote"], "reasons": figures["reasons"]}
    finally:
        engine.dispose()


def _at_threshold(result: Any, threshold: float) -> Any:
    """The held-out figures of a version at the threshold it is used with."""
    from suigang.engines.vision.promotion import VersionFigures

    return VersionFigures(
        result.image_auroc,
        result.pixel_auroc,
        sum(s > threshold for s in result.good_scores),
        sum(s > threshold for s in result.defect_scores),
        result.n_good,
        result.n_defect,
    )


def _plain(value: Any) -> Any:
    """JSON-safe: numpy numbers become floats, tuples lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return float(value)
