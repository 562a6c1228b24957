"""Mixed supervision: a segmentation head learned from labelled defects, on small textures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from suigang.engines.vision import (
    HeadConfig,
    PatchCoreConfig,
    Scorer,
    evaluate,
    fit,
    load_model,
    save_model,
)
from tests.engines.vision.vision_synth import texture, with_blob, with_scratch

SMALL = PatchCoreConfig(
    short_side=64, scales=(1.0, 0.5), max_side=128, tile_overlap=16, max_bank=1000, seed=1
)
BLOBS = [with_blob(texture(300 + k), (18 + 5 * k, 30), 6) for k in range(4)]


@pytest.fixture(scope="module")
def model():
    good = [texture(seed) for seed in range(8)]
    return fit(
        good,
        SMALL,
        defect_images=[img for img, _ in BLOBS],
        defect_masks=[mask for _, mask in BLOBS],
        head=HeadConfig(weight=1.0, iterations=30),
    )


def test_head_is_learned_from_the_labelled_defects(model) -> None:
    """Four labelled blob images: the head holds a weight vector per level (2 levels)."""
    assert model.head is not None and model.head.n_defect == 4
    assert model.head.weights.shape == (2, SMALL.feature_dim)


def test_combined_map_is_anomaly_plus_positive_head(model) -> None:
    """The map is the anomaly part plus the head's positive logits, so an unseen kind (a
    scratch: the head saw only blobs) keeps at least the anomaly part's evidence."""
    img, _ = with_scratch(texture(401), (10, 50), (50, 40))
    r = Scorer(model).score(img)
    assert r.anomaly_part is not None and r.head_part is not None
    expected = r.anomaly_part + np.maximum(r.head_part, 0)  # weight 1
    assert np.allclose(r.anomaly_map, expected, atol=1e-5)
    assert (r.anomaly_map >= r.anomaly_part - 1e-6).all()


def test_head_marks_a_new_blob(model) -> None:
    """On an unseen texture with a blob, the head's logit is higher inside the blob than
    anywhere outside it (mean over the mask against the rest)."""
    img, mask = with_blob(texture(500), (40, 24), 6)
    r = Scorer(model).score(img)
    assert r.head_part is not None
    assert float(r.head_part[mask].mean()) > float(r.head_part[~mask].mean())


def test_evaluate_reports_both_parts(model) -> None:
    """evaluate gives image and pixel AUROC of the anomaly and the head part on their own."""
    good = [texture(seed) for seed in range(100, 103)]
    blobs = [with_blob(texture(600 + k), (24, 20 + 8 * k), 5) for k in range(2)]
    result = evaluate(
        model, good, [i for i, _ in blobs], [m for _, m in blobs], defect_groups=["b", "b"]
    )
    assert sorted(result.parts) == ["anomaly", "head"]
    assert sorted(result.parts["head"]) == [
        "image_auroc", "image_auroc_b", "pixel_auroc", "pixel_auroc_b"
    ]  # fmt: skip
    assert result.image_auroc == 1.0  # blobs on unseen textures: separated


def test_model_file_keeps_the_head(model, tmp_path: Path) -> None:
    """Saved and loaded (a plain archive, no pickles), the head scores the same."""
    again = load_model(save_model(model, tmp_path / "m.npz"))
    assert again.head is not None
    assert np.array_equal(again.head.weights, model.head.weights)
    img = texture(77)
    assert Scorer(again).score(img).score == pytest.approx(Scorer(model).score(img).score)
    with np.load(tmp_path / "m.npz", allow_pickle=False) as data:  # loads without pickles
        assert sorted(data.files) == [
            "bank",
            "head_weights",
            "header",
            "thumbnails",
        ]


def test_masks_must_match_their_images() -> None:
    img, mask = BLOBS[0]
    with pytest.raises(ValueError, match=r"defect_masks \(0\) and defect_images \(1\)"):
        fit([texture(1), texture(2)], SMALL, defect_images=[img])
    with pytest.raises(ValueError, match=r"mask of defect image 0 is \(10, 10\)"):
        fit([texture(1), texture(2)], SMALL, defect_images=[img], defect_masks=[mask[:10, :10]])
