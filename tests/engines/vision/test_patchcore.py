"""PatchCore-style fitting and scoring on small synthetic textures with injected defects."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from suigang.engines.vision import (
    ModelFileError,
    ModelVersionError,
    PatchCoreConfig,
    Scorer,
    evaluate,
    fit,
    load_model,
    save_model,
    threshold_rule,
)
from suigang.engines.vision.patch_features import _position_spread, _starts
from suigang.engines.vision.patchcore import _combine, image_score
from tests.engines.vision.vision_synth import texture, with_blob, with_scratch

# the default three-level pyramid on 128 px: levels of 128, 64 and 32 px
SMALL = PatchCoreConfig(short_side=128, max_side=256, tile_overlap=16, max_bank=2000, seed=3)


@pytest.fixture(scope="module")
def model():
    return fit([texture(seed) for seed in range(10)], SMALL)


def test_fit_holds_out_a_tenth_for_the_threshold(model) -> None:
    """10 good images: 1 held out (10 %), 9 in the bank; the threshold follows the rule."""
    assert model.n_fit == 9
    assert len(model.holdout_scores) == 1
    assert model.threshold == threshold_rule(model.holdout_scores)
    assert model.bank.shape[1] == SMALL.feature_dim == 40 + 112
    assert model.position_spread == (1.0,) * 64  # one held-out map cannot tell places apart


def test_threshold_rule_is_max_of_highest_and_three_sigma() -> None:
    """[1, 2, 3]: mean 2, sample std 1, so mean + 3σ = 5 beats the maximum 3; one score: itself."""
    assert threshold_rule([1.0, 2.0, 3.0]) == pytest.approx(5.0)
    assert threshold_rule([4.0]) == 4.0


def test_defects_score_above_good_parts_and_are_localised(model) -> None:
    """A blob and a scratch score above unseen good textures; the map peaks on the defect."""
    scorer = Scorer(model)
    good = [scorer.score(texture(seed)).score for seed in range(100, 104)]
    blob_img, blob_mask = with_blob(texture(200), (40, 22), 5)
    scratch_img, scratch_mask = with_scratch(texture(201), (10, 50), (50, 40))
    for img, mask in ((blob_img, blob_mask), (scratch_img, scratch_mask)):
        result = scorer.score(img)
        assert result.anomaly_map.shape == img.shape
        assert result.score > max(good)
        assert result.is_defect
        peak = np.unravel_index(np.argmax(result.anomaly_map), img.shape)
        near = np.zeros_like(mask)
        ys, xs = np.nonzero(mask)
        near[max(0, ys.min() - 4) : ys.max() + 5, max(0, xs.min() - 4) : xs.max() + 5] = True
        assert near[peak]


def test_evaluate_separates_good_from_defective(model) -> None:
    """Unseen good textures vs. textures with blobs: every defect outranks every good part."""
    good = [texture(seed) for seed in range(300, 305)]
    pairs = [with_blob(texture(400 + k), (16 + 8 * k, 30), 5) for k in range(4)]
    result = evaluate(model, good, [p[0] for p in pairs], [p[1] for p in pairs])
    assert (result.n_good, result.n_defect) == (5, 4)
    assert result.image_auroc == 1.0
    assert result.pixel_auroc is not None and result.pixel_auroc > 0.95
    assert len(result.score_seconds) == 9


def test_pixel_auroc_per_group_is_that_of_the_group_alone(model) -> None:
    """Each group's figure equals the pooled pixel AUROC of an evaluation with only its images."""
    good = [texture(seed) for seed in range(310, 313)]
    blobs = [with_blob(texture(410 + k), (20 + 8 * k, 30), 5) for k in range(2)]
    scratches = [with_scratch(texture(420 + k), (10, 20 + 10 * k), (50, 40)) for k in range(2)]
    both = blobs + scratches
    result = evaluate(
        model,
        good,
        [p[0] for p in both],
        [p[1] for p in both],
        defect_groups=["blob", "blob", "scratch", "scratch"],
    )
    alone = {
        name: evaluate(model, good, [p[0] for p in pairs], [p[1] for p in pairs]).pixel_auroc
        for name, pairs in (("blob", blobs), ("scratch", scratches))
    }
    assert result.pixel_auroc_by_group == alone
    with pytest.raises(ValueError, match="defect_groups"):
        evaluate(model, good, [p[0] for p in both], defect_groups=["blob"])


def test_images_keep_their_aspect_and_are_tiled(model) -> None:
    """A 64×300 strip scales to 128×600 at the finest level and is cut into three 256-px
    tiles (overlap ≥ 16); the map comes back at the strip's own size."""
    assert _starts(600, 256, 16) == [0, 172, 344]
    strip = texture(7, h=64, w=300)
    result = Scorer(model).score(strip)
    assert result.anomaly_map.shape == (64, 300)
    assert np.isfinite(result.anomaly_map).all()


def test_model_file_round_trip(model, tmp_path: Path) -> None:
    """A saved and re-loaded model scores the same image to the same value."""
    path = save_model(model, tmp_path / "m.npz")
    again = load_model(path)
    img = texture(55)
    assert again.threshold == model.threshold
    assert again.config == model.config
    assert Scorer(again).score(img).score == pytest.approx(Scorer(model).score(img).score)
    # the thumbnails of all 10 fitted images (bank and held out) travel with the model
    assert again.thumbnails is not None and again.thumbnails.shape == (10, 48 * 48)
    assert np.array_equal(again.thumbnails, model.thumbnails)


def test_format_2_file_still_loads_without_thumbnails(model, tmp_path: Path) -> None:
    """A format 2 file (no thumbnails) of the same engine loads, with thumbnails None."""
    import json

    path = save_model(model, tmp_path / "m.npz")
    with np.load(path) as data:
        header = json.loads(bytes(data["header"]).decode())
        bank = data["bank"]
    header["format_version"] = 2
    np.savez(path, header=np.frombuffer(json.dumps(header).encode(), np.uint8), bank=bank)
    again = load_model(path)
    assert again.thumbnails is None and again.threshold == model.threshold


def test_model_from_another_version_is_refused(model, tmp_path: Path) -> None:
    """A file whose header names another engine version is refused with both versions named."""
    import json

    path = save_model(model, tmp_path / "m.npz")
    with np.load(path) as data:
        header = json.loads(bytes(data["header"]).decode())
        bank = data["bank"]
    header["engine_version"] = "0.9"
    np.savez(path, header=np.frombuffer(json.dumps(header).encode(), np.uint8), bank=bank)
    with pytest.raises(ModelVersionError, match=r"engine 0\.9; this is format 3, engine 1\.5"):
        load_model(path)
    (tmp_path / "junk.npz").write_bytes(b"junk")
    with pytest.raises(
        ModelFileError, match=r"junk\.npz is not a Suigang vision model \(not an \.npz archive\)$"
    ):
        load_model(tmp_path / "junk.npz")
    np.savez(tmp_path / "other.npz", weights=np.zeros(3))  # an archive, but not ours
    with pytest.raises(ModelFileError, match=r"other\.npz is not a Suigang vision model"):
        load_model(tmp_path / "other.npz")


def test_fit_needs_two_images_and_valid_config() -> None:
    """One image cannot be split into bank and hold-out; an even pool size is refused."""
    with pytest.raises(ValueError, match="at least 2 good images"):
        fit([texture(0)], SMALL)
    with pytest.raises(ValueError, match="pool must be an odd size"):
        PatchCoreConfig(pool=2)


def test_image_score_is_the_mean_of_the_top_share() -> None:
    """A 10x10 map of ones with one pixel at 101: the max is 101, the top 2% (two pixels)
    average 51, and 0 means the max."""
    amap = np.ones((10, 10), np.float32)
    amap[3, 4] = 101.0
    assert image_score(amap, 0.0) == 101.0
    assert image_score(amap, 0.02) == 51.0
    assert image_score(amap, 0.001) == 101.0  # fewer than one pixel: the highest one


def test_feature_power_is_a_signed_power_of_each_value() -> None:
    """With power 0.5 every feature is sign(v)·sqrt(|v|) of the power-1 feature (same tile);
    a power outside (0, 1] is refused."""
    from dataclasses import replace

    from suigang.engines.vision.patch_features import _patch_features, _prepare

    tile = _prepare(texture(7), SMALL, 128)
    plain = _patch_features(tile, replace(SMALL, feature_power=1.0)).numpy()
    root = _patch_features(tile, replace(SMALL, feature_power=0.5)).numpy()
    assert (plain < 0).any()  # the projection outputs are signed, so the sign matters
    np.testing.assert_allclose(root, np.sign(plain) * np.sqrt(np.abs(plain)), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match=r"feature_power must be in \(0, 1\], got 1.5"):
        PatchCoreConfig(feature_power=1.5)


def test_position_spread_is_each_cells_shrunk_spread_relative_to_the_mean() -> None:
    """Four 80x80 maps on a 2x2 grid, prior 4 (weight 4 / (4 + 4) = 0.5): only the top-left
    cell varies (0, 2, 0, 2: variance 1; mean variance 0.25), so its shrunk variance is
    0.5·1 + 0.5·0.25 = 0.625 against 0.125 elsewhere: a ratio of sqrt(5), mean spread 1."""
    cfg = PatchCoreConfig(position_grid=2, position_prior=4.0)
    maps = []
    for v in (0.0, 2.0, 0.0, 2.0):
        m = np.ones((80, 80), np.float32)
        m[:40, :40] = v
        maps.append(m)
    spread = _position_spread(maps, cfg)
    assert spread[0] / spread[1] == pytest.approx(np.sqrt(5.0))
    assert spread[1] == spread[2] == spread[3]
    assert sum(spread) == pytest.approx(4.0)
    assert _position_spread(maps, PatchCoreConfig(position_grid=0)) == ()


def test_map_is_divided_by_the_spread_where_it_is() -> None:
    """A flat map of 1 with spread 2 in the top-left cell and 1 elsewhere: 0.5 in the top-left
    corner, 1 in the bottom-right one (the grid is interpolated between cell centres)."""
    cfg = PatchCoreConfig(position_grid=2, sigma=0.0)
    flat = [np.ones((80, 80), np.float32)] * 3
    amap = _combine(np.zeros((80, 80), np.uint8), flat, [(0.0, 1.0)] * 3, cfg, (2.0, 1.0, 1.0, 1.0))
    assert amap[0, 0] == pytest.approx(0.5)
    assert amap[79, 79] == pytest.approx(1.0)


def test_shading_removal_leaves_a_brightness_ramp_mid_grey() -> None:
    """A Gaussian blur of a linear ramp is the ramp itself, so away from the borders (beyond 3σ
    = 38 px at shading 0.1 of 128 px) the prepared ramp is mid-grey (0.5); without shading it
    keeps its standardised slope."""
    from dataclasses import replace

    from suigang.engines.vision.patch_features import _prepare

    ramp = np.tile(np.arange(256, dtype=np.uint8), (128, 1))
    flat = _prepare(ramp, replace(SMALL, shading=0.1), 128)
    np.testing.assert_allclose(flat[:, 40:-40], 0.5, atol=1e-3)
    plain = _prepare(ramp, replace(SMALL, shading=0.0), 128)
    # standardised only: 0.5 + 0.15 · (40/255 − 0.5) / (0.2898 + 0.001), the ramp's spread
    assert plain[0, 40, 0] == pytest.approx(0.323, abs=1e-3)
    with pytest.raises(ValueError, match="shading must be >= 0, got -1"):
        PatchCoreConfig(shading=-1)
