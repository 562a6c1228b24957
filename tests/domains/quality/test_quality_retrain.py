"""Confirmed images become training data: regions on reviews, a retrained version judged
against the active one on held-out parts, promotion, restore and thresholds, all audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from suigang.domains.identity.models import AuditEvent
from suigang.domains.quality import retrain, vision_models, vision_thresholds, visual
from suigang.domains.quality.models import (
    InspectionPlan,
    ModelState,
    ReviewDecision,
    Verdict,
    VisionModelVersion,
)
from suigang.domains.quality.schemas import CharacteristicCreate
from suigang.errors import Conflict, InvalidInput, NotFound
from tests.domains.quality.quality_world import order_lot, plan
from tests.world import build_world

SIDE = 64


def _png(pixels: np.ndarray) -> bytes:
    import cv2

    ok, data = cv2.imencode(".png", pixels)
    assert ok
    return bytes(data)


def _texture(rng: np.random.Generator) -> np.ndarray:
    return rng.normal(128, 10, (SIDE, SIDE, 3)).clip(0, 255).astype(np.uint8)


def _defect(rng: np.random.Generator, k: int) -> tuple[np.ndarray, np.ndarray]:
    """A texture with a bright square at a place of its own, and the square's mask."""
    image = _texture(rng)
    y, x = 8 + (k * 13) % 40, 8 + (k * 29) % 40
    image[y : y + 12, x : x + 12] = 250
    mask = np.zeros((SIDE, SIDE), np.uint8)
    mask[y : y + 12, x : x + 12] = 255
    return image, mask


@pytest.fixture(scope="module")
def first_model(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Version 1, fitted on twelve good textures with a small configuration (the retrained
    version keeps the active version's configuration)."""
    pytest.importorskip("torch")
    from suigang.engines import vision

    rng = np.random.default_rng(1)
    config = vision.PatchCoreConfig(
        short_side=64, scales=(1.0, 0.5), max_side=64, tile_overlap=0, holdout_fraction=0.34
    )
    path = tmp_path_factory.mktemp("model") / "v1.npz"
    vision.save_model(vision.fit([_texture(rng) for _ in range(12)], config), path)
    return path.read_bytes()


def test_confirmed_images_retrain_promote_restore(  # type: ignore[no-untyped-def]
    session, settings, tmp_path: Path, first_model: bytes
) -> None:
    w = build_world(session)
    factory = w.actor("gz1")
    lot = order_lot(session, w)
    p = plan(session, w, CharacteristicCreate(name="length", lsl=0, usl=1))
    models = tmp_path / "vision-models"
    vision_models.attach_vision_model(
        session,
        actor=factory,
        plan_id=p.id,
        filename="v1.npz",
        content=first_model,
        models_dir=models,
    )
    product_id = p.product_id
    with pytest.raises(InvalidInput, match=r"at least 6 confirmed good .* there are 0 and 0"):
        retrain.start_retrain(
            session, actor=factory, settings=settings, product_id=product_id, models_dir=models
        )
    rng = np.random.default_rng(7)
    records = []
    for k in range(23):  # 16 good parts, 6 defective ones, one nobody reviews
        image, mask = _defect(rng, k) if 16 <= k < 22 else (_texture(rng), None)
        rec = visual.post_visual_inspection(
            session,
            actor=factory,
            lot_id=lot.id,
            image=_png(image),
            part_ref=f"p{k}",
            models_dir=models,
        )
        records.append((rec, mask))
    first = records[16][0]
    with pytest.raises(InvalidInput, match=r"the mask is 10×10 pixels, the image 64×64"):
        visual.review_visual_inspection(
            session,
            actor=factory,
            inspection_id=first.id,
            decision=ReviewDecision.CONFIRM
            if first.verdict is Verdict.FAIL
            else ReviewDecision.OVERRULE,
            verdict=Verdict.FAIL,
            reason="square",
            region=_png(np.zeros((10, 10), np.uint8) + 1),
        )
    good_rec = records[0][0]
    with pytest.raises(InvalidInput, match="only a defective part's defect can be marked"):
        visual.review_visual_inspection(
            session,
            actor=factory,
            inspection_id=good_rec.id,
            decision=ReviewDecision.CONFIRM
            if good_rec.verdict is Verdict.PASS
            else ReviewDecision.OVERRULE,
            verdict=Verdict.PASS,
            reason="fine",
            defect_kind="scratch",
        )
    for k, (rec, mask) in enumerate(records[:22]):
        want = Verdict.FAIL if mask is not None else Verdict.PASS
        decision = ReviewDecision.CONFIRM if rec.verdict is want else ReviewDecision.OVERRULE
        visual.review_visual_inspection(
            session,
            actor=factory,
            inspection_id=rec.id,
            decision=decision,
            verdict=want,
            reason="" if decision is ReviewDecision.CONFIRM else "seen on the part",
            defect_kind="Bright  Square" if mask is not None else "",
            region=_png(mask) if mask is not None and k != 21 else None,  # one left unmarked
        )
    marked = session.scalars(
        select(AuditEvent.details).where(AuditEvent.action.like("visual_inspection.%"))
    ).all()
    # each marked square is 12×12 pixels; the unmarked defect and the good parts mark none
    assert [d.get("region_pixels") for d in marked].count("144") == 5
    data = retrain.training_set(session, actor=factory, product_id=product_id)
    # 16 passed, 6 failed (5 with a region, all named), 1 without a review
    assert (data.good, data.defect, data.with_region, data.kinds, data.unreviewed) == (
        16,
        6,
        5,
        {"bright square": 6},
        1,
    )
    progress: list[tuple[float | None, str]] = []
    result = retrain.retrain_in_worker(
        settings.resolved_database_url(),
        factory,
        str(product_id),
        str(models),
        report=lambda f, m: progress.append((f, m)),
    )
    assert progress[0] == (0.02, "22 confirmed images read")
    assert progress[-1] == (1.0, "version 2 trained")
    v2 = session.scalars(select(VisionModelVersion).where(VisionModelVersion.number == 2)).one()
    session.refresh(v2)
    f: dict[str, Any] = v2.figures
    # 30% of each kind held out in whole groups: 5 of 16 good, 2 of 6 defective images
    assert f["held_out"] == {"good": 5, "defect": 2}
    assert f["trained_on"]["good"] == 11
    assert f["current_number"] == 1 and v2.state is ModelState.CANDIDATE
    assert result == {"version": 2, "promote": f["promote"], "reasons": f["reasons"]}
    assert f["candidate"]["n_good"] == f["current"]["n_good"] == 5
    if f["promote"]:
        vision_models.promote_version(session, actor=factory, version_id=v2.id)
    else:
        with pytest.raises(Conflict, match="is not as good as the active one"):
            vision_models.promote_version(session, actor=factory, version_id=v2.id)
        pytest.fail(f"the retrained version should have been promotable: {f['reasons']}")
    states = dict(
        session.execute(select(VisionModelVersion.number, VisionModelVersion.state)).tuples().all()
    )
    assert states == {1: ModelState.RETIRED, 2: ModelState.ACTIVE}
    assert session.get(InspectionPlan, p.id).vision_model == v2.file
    # the next image is scored by version 2 at its threshold
    rec = visual.post_visual_inspection(
        session, actor=factory, lot_id=lot.id, image=_png(_texture(rng)), models_dir=models
    )
    assert (rec.model_version, rec.threshold) == (v2.label, v2.threshold)
    with pytest.raises(Conflict, match="version 2 is active, not a candidate"):
        vision_models.promote_version(session, actor=factory, version_id=v2.id)
    v1 = session.scalars(select(VisionModelVersion).where(VisionModelVersion.number == 1)).one()
    with pytest.raises(InvalidInput, match="say why the earlier version is restored"):
        vision_models.restore_version(session, actor=factory, version_id=v1.id, reason=" ")
    vision_models.restore_version(
        session, actor=factory, version_id=v1.id, reason="too many false alarms on line 2"
    )
    states = dict(
        session.execute(select(VisionModelVersion.number, VisionModelVersion.state)).tuples().all()
    )
    assert states == {1: ModelState.ACTIVE, 2: ModelState.RETIRED}
    # a threshold for at most 20% false alarms on version 2's five held-out good scores: the
    # second-highest good score (one of five may alarm)
    good = sorted(f["candidate_scores"]["good"])
    vision_thresholds.set_threshold(
        session, actor=factory, version_id=v2.id, target="false_alarm_rate", rate=0.2
    )
    session.refresh(v2)
    assert v2.threshold == good[-2]
    assert v2.threshold_rule == "false_alarm_rate 0.2"
    actions = session.scalars(select(AuditEvent.action)).all()
    for action in (
        "vision_model.trained",
        "vision_model.promoted",
        "vision_model.restored",
        "vision_model.threshold",
    ):
        assert actions.count(action) == 1, action
    with pytest.raises(NotFound):  # the buyer sees no model of the factory's product
        vision_models.list_versions(session, actor=w.actor("hk1"), product_id=product_id)


def test_a_retraining_reads_the_newest_images_within_its_caps() -> None:
    """Oldest first: good g0 g1 g2, defects d3 d4 d5 d6, good g7. With two good and three
    defective at most, the newest of each are kept (g2, g7; d4, d5, d6) in their order."""
    defective = [False, False, False, True, True, True, True, False]
    assert retrain.newest_within(defective, 2, 3) == [2, 4, 5, 6, 7]
    assert retrain.newest_within(defective, 10, 10) == list(range(8))  # under the caps: all
    assert retrain.newest_within(defective, 0, 1) == [6]
