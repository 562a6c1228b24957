"""The learning loop by clicking: the factory boxes a defect on a part's image and confirms
it, retrains the product's model from its page, sees the new version beside the old and
promotes it."""

from __future__ import annotations

import asyncio
import time
import uuid

import numpy as np
import pytest
from nicegui.testing import User
from sqlalchemy import select

from suigang.domains.quality import vision_models, visual
from suigang.domains.quality.models import (
    ModelState,
    ReviewDecision,
    Verdict,
    VisionModelVersion,
    VisualReview,
)
from suigang.domains.quality.schemas import CharacteristicCreate
from tests.domains.quality.quality_world import order_lot, plan
from tests.domains.quality.test_quality_retrain import _defect, _png, _texture, first_model
from tests.ui.test_quality_pages import _session, login
from tests.world import World

pytestmark = pytest.mark.asyncio
__all__ = ["first_model"]


def vision_lot(world: World, model: bytes, data_dir: str) -> tuple[uuid.UUID, uuid.UUID, str]:
    """gz1's lot with version 1 of the product's model and eleven scored parts: eight good
    and two defective ones reviewed (regions marked), the last defective one not reviewed."""
    from pathlib import Path

    session = _session()
    models = Path(data_dir) / "vision-models"
    factory = world.actor("gz1")
    try:
        lot = order_lot(session, world)
        p = plan(session, world, CharacteristicCreate(name="length", lsl=0, usl=1))
        vision_models.attach_vision_model(
            session, actor=factory, plan_id=p.id, filename="v1.npz", content=model,
            models_dir=models,
        )  # fmt: skip
        rng = np.random.default_rng(3)  # the parts of the API test, which promotes
        last = None
        for k in range(11):
            image, mask = _defect(rng, k) if k >= 8 else (_texture(rng), None)
            rec = visual.post_visual_inspection(
                session, actor=factory, lot_id=lot.id, image=_png(image), part_ref=f"p{k}",
                models_dir=models,
            )  # fmt: skip
            last = rec
            if k == 10:
                break
            want = Verdict.FAIL if mask is not None else Verdict.PASS
            same = rec.verdict is want
            visual.review_visual_inspection(
                session, actor=factory, inspection_id=rec.id,
                decision=ReviewDecision.CONFIRM if same else ReviewDecision.OVERRULE,
                verdict=want, reason="" if same else "seen on the part",
                defect_kind="square" if mask is not None else "",
                region=_png(mask) if mask is not None else None,
            )  # fmt: skip
        assert last is not None
        return lot.id, p.product_id, last.verdict.value
    finally:
        session.close()


async def test_box_a_defect_retrain_and_promote(  # type: ignore[no-untyped-def]
    user: User, ui_world: World, first_model: bytes, monkeypatch
) -> None:
    import os

    lot_id, product_id, verdict = vision_lot(ui_world, first_model, os.environ["SUIGANG_DATA_DIR"])
    await login(user, "gz1")
    await user.open(f"/lots/{lot_id}/quality")
    await user.should_see(marker="review-p10", retries=50)  # once the charts are drawn
    user.find(marker="review-p10").click()
    await user.should_see(marker="defect-marker")
    marker = user.find(marker="defect-marker")
    # the square of part 10 covers pixels 18 to 29 both ways (tests.domains...._defect)
    marker.trigger("mouse", {"mouse_event_type": "mousedown", "image_x": 18.4, "image_y": 18})
    marker.trigger("mouse", {"mouse_event_type": "mouseup", "image_x": 29, "image_y": 29.7})
    user.find(marker="defect-kind-input").type("scratch")
    if verdict == "fail":
        user.find(marker="confirm").click()
    else:  # version 1 missed it
        user.find(marker="review-reason").type("dark line under the light")
        user.find(marker="overrule").click()
    await user.should_see("Review saved", retries=50)  # on the reloaded page
    session = _session()
    try:
        review = session.scalars(
            select(VisualReview).order_by(VisualReview.created_at.desc())
        ).first()
        assert review is not None and review.region_png is not None
        # the box from pixel (18, 18) to pixel (29, 29), both included: 12 × 12 pixels
        assert int(visual.region_array(review.region_png).sum()) == 144
        assert (review.defect_kind, review.verdict) == ("scratch", Verdict.FAIL)
    finally:
        session.close()
    await user.open(f"/quality/vision/{product_id}")
    await user.should_see("Confirmed defective")
    user.find(marker="retrain").click()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # the job runs in a worker process
        session = _session()
        try:
            numbers = session.scalars(select(VisionModelVersion.number)).all()
        finally:
            session.close()
        if 2 in numbers:
            break
        await user.should_see(marker="retrain-progress")
        await asyncio.sleep(0.5)
    session = _session()
    try:
        v2 = session.scalars(select(VisionModelVersion).where(VisionModelVersion.number == 2)).one()
        assert v2.figures["promote"], v2.figures  # the boxed squares teach it, as in the domain
    finally:
        session.close()
    await user.open(f"/quality/vision/{product_id}")
    await user.should_see(marker="comparison")
    await user.should_see("Version 2")
    await user.should_see(marker="promotable")
    user.find(marker="promote").click()
    await user.should_see("Version 2 is now in use", retries=50)
    await user.should_see(marker="in-use")  # the figures it was promoted on stay shown
    session = _session()
    try:
        states = dict(
            session.execute(select(VisionModelVersion.number, VisionModelVersion.state))
            .tuples()
            .all()
        )
        assert states == {1: ModelState.RETIRED, 2: ModelState.ACTIVE}
    finally:
        session.close()
