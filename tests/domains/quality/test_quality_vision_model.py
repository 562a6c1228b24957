"""A product with a registered vision model: the platform scores station images itself."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from suigang.domains.identity.models import AuditEvent
from suigang.domains.quality import vision_models, visual
from suigang.domains.quality.models import InspectionPlan, Verdict, VerdictSource
from suigang.domains.quality.schemas import CharacteristicCreate
from suigang.errors import InvalidInput
from tests.domains.quality.quality_world import order_lot, plan
from tests.world import build_world


def _png(pixels: np.ndarray) -> bytes:
    import cv2

    ok, data = cv2.imencode(".png", cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR))
    assert ok
    return bytes(data)


def _other_version(model: bytes) -> bytes:
    """The same model with the header of an older engine version."""
    import io
    import json

    with np.load(io.BytesIO(model)) as data:
        header = json.loads(bytes(data["header"]).decode())
        bank = data["bank"]
    header["engine_version"] = "0.9"
    out = io.BytesIO()
    np.savez(out, header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8), bank=bank)
    return out.getvalue()


@pytest.fixture(scope="module")
def fitted(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, list[np.ndarray]]:
    """A small model fitted on twelve noise textures (four held out set the threshold), as
    ``suigang inspect fit`` writes it; the thirteenth texture is a fresh good part."""
    pytest.importorskip("torch")
    from suigang.engines import vision

    rng = np.random.default_rng(0)
    good = [rng.normal(128, 10, (64, 64, 3)).clip(0, 255).astype(np.uint8) for _ in range(13)]
    config = vision.PatchCoreConfig(
        short_side=64, scales=(1.0, 0.5), max_side=64, tile_overlap=0, holdout_fraction=0.34
    )
    path = tmp_path_factory.mktemp("model") / "housing.npz"
    vision.save_model(vision.fit(good[:12], config), path)
    return path.read_bytes(), good


def test_registered_model_scores_images(session, tmp_path: Path, fitted) -> None:  # type: ignore[no-untyped-def]
    """A white square on the texture fails, a fresh texture passes; the stored score and
    threshold are the engine's, with a heatmap and the model version."""
    from suigang.engines import vision

    model_bytes, good = fitted
    w = build_world(session)
    lot = order_lot(session, w)
    p = plan(session, w, CharacteristicCreate(name="length", lsl=0, usl=1))
    models = tmp_path / "vision-models"
    with pytest.raises(InvalidInput, match="is not a Suigang vision model"):
        vision_models.attach_vision_model(
            session,
            actor=w.actor("gz1"),
            plan_id=p.id,
            filename="junk.npz",
            content=b"not a model",
            models_dir=models,
        )
    with pytest.raises(InvalidInput, match=r"old\.npz: .*engine 0\.9; .*fit the model again"):
        vision_models.attach_vision_model(
            session,
            actor=w.actor("gz1"),
            plan_id=p.id,
            filename="old.npz",
            content=_other_version(model_bytes),
            models_dir=models,
        )
    assert list(models.iterdir()) == []  # nothing kept of a refused file
    assert session.get(InspectionPlan, p.id).vision_model is None
    vision_models.attach_vision_model(
        session,
        actor=w.actor("gz1"),
        plan_id=p.id,
        filename="housing.npz",
        content=model_bytes,
        models_dir=models,
    )
    assert session.get(InspectionPlan, p.id).vision_model_version.startswith("patchcore 1.5 ")
    defect = good[12].copy()
    defect[20:40, 20:40] = 255
    engine_model = vision.load_model(next(models.glob("*.npz")))
    for pixels, expected in ((good[12], Verdict.PASS), (defect, Verdict.FAIL)):
        rec = visual.post_visual_inspection(
            session,
            actor=w.actor("gz1"),
            lot_id=lot.id,
            image=_png(pixels),
            verdict=Verdict.PASS,  # the station's opinion is ignored when a model exists
            models_dir=models,
        )
        direct = vision.score(engine_model, pixels)
        assert (rec.verdict, rec.source) == (expected, VerdictSource.MODEL)
        assert rec.score == pytest.approx(direct.score, rel=1e-6)
        assert rec.threshold == pytest.approx(engine_model.threshold, rel=1e-12)
        assert rec.heatmap_png is not None and rec.heatmap_png.startswith(b"\x89PNG")
        assert rec.model_version == session.get(InspectionPlan, p.id).vision_model_version
    actions = session.scalars(select(AuditEvent.action)).all()
    assert "inspection_plan.vision_model" in actions
