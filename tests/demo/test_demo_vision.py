"""The demo's vision model: version 1 fitted at build time scored a lot's images, most of them
reviewed with regions, so the factory can retrain and promote from the lot's page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from suigang.demo import vision as demo_vision
from suigang.demo.quality import FACTORY_EMAIL, models_dir_for
from suigang.domains.identity.models import User
from suigang.domains.identity.service import actor_for_user
from suigang.domains.quality import retrain, vision_models
from suigang.domains.quality.models import (
    ModelState,
    Verdict,
    VerdictSource,
    VisionModelVersion,
    VisualInspection,
)
from suigang.domains.quality.views import visual_stats
from tests.demo.demo_support import Built

if demo_vision.vision_missing() is not None:  # the demo keeps station verdicts then
    pytest.skip("the vision extra is not installed", allow_module_level=True)


def test_without_the_vision_extra_the_demo_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """No model is fitted and the progress output names what is missing."""
    monkeypatch.setattr(demo_vision, "vision_missing", lambda: "No module named 'torch'")
    said: list[str] = []
    result = demo_vision.seed_vision(
        None,  # type: ignore[arg-type]  # not reached
        actor=None,  # type: ignore[arg-type]
        plan=None,  # type: ignore[arg-type]
        lot=None,  # type: ignore[arg-type]
        seed=1,
        models_dir=Path("unused"),
        say=said.append,
    )
    assert result is None
    assert said == [
        "no vision model in the demo (the lots keep their stations' verdicts): "
        "No module named 'torch'"
    ]


def test_demo_product_retrains_from_reviewed_images(sqlite_demo: Built) -> None:
    _, factory = sqlite_demo
    url = factory.kw["bind"].url
    models = Path(str(url.database)).parent / "vision-models"
    with factory() as s:
        assert models_dir_for(s) == models.resolve()
        actor = actor_for_user(s.scalars(select(User).where(User.email == FACTORY_EMAIL)).one())
        (v1,) = s.scalars(select(VisionModelVersion)).all()
        assert (v1.number, v1.state, v1.origin) == (1, ModelState.ACTIVE, "upload")
        assert (models / v1.file).is_file()
        product_id = v1.product_id
        records = s.scalars(
            select(VisualInspection)
            .where(VisualInspection.model_version == v1.label)
            .order_by(VisualInspection.part_ref)
        ).all()
        assert {r.source for r in records} == {VerdictSource.MODEL}
        stats = visual_stats(s, records[0].lot_id)
        # 28 parts of one lot, all scored by v1: 8 defective (4 scratches, 4 spots), all failed
        # by v1 and by the reviews; v1's 3 false alarms (parts 1, 12 and 27) were overruled
        assert (stats.inspected, stats.failed, stats.overruled) == (28, 8, 3)
        assert sum(bool(r.reviews) for r in records) == 26
        unreviewed = [r for r in records if not r.reviews]
        assert [r.verdict for r in unreviewed] == [Verdict.FAIL, Verdict.FAIL]
        data = retrain.training_set(s, actor=actor, product_id=product_id)
    # 20 good parts reviewed, 6 of the 8 defects (the last scratch and the last spot are left
    # for a person), each with its kind and region
    assert (data.good, data.defect, data.with_region, data.kinds, data.unreviewed) == (
        20,
        6,
        6,
        {"scratch": 3, "spot": 3},
        2,
    )
    assert data.enough
    progress: list[tuple[float | None, str]] = []
    with demo_vision.one_thread():
        result = retrain.retrain_in_worker(
            url.render_as_string(hide_password=False),
            actor,
            str(product_id),
            str(models),
            report=lambda f, m: progress.append((f, m)),
        )
    assert progress[0] == (0.02, "26 confirmed images read")
    with factory() as s:
        v2 = s.scalars(select(VisionModelVersion).where(VisionModelVersion.number == 2)).one()
        f: dict[str, Any] = v2.figures
        assert (v2.state, v2.origin) == (ModelState.CANDIDATE, "retrain")
        # each part is a group of its own; 30% of each kind held out: 6 of 20 good, 2 of 6
        # defective, so 14 good parts and 4 marked defects (2 of each kind) are learned from
        assert f["held_out"] == {"good": 6, "defect": 2}
        assert f["trained_on"] == {
            "good": 14,
            "defect_with_region": 4,
            "kinds": {"scratch": 2, "spot": 2},
        }
        assert f["current_number"] == 1
        assert f["candidate"]["n_good"] == f["current"]["n_good"] == 6
        # v2 is at least as good as v1 on the same held-out parts: the demo can promote it
        assert result == {"version": 2, "promote": True, "reasons": []}
        vision_models.promote_version(s, actor=actor, version_id=v2.id)
        states = dict(
            s.execute(select(VisionModelVersion.number, VisionModelVersion.state)).tuples().all()
        )
        assert states == {1: ModelState.RETIRED, 2: ModelState.ACTIVE}
