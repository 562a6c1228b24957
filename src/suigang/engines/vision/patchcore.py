"""PatchCore-style anomaly detection learned from good parts only.

Mid-level patch features of an ImageNet-pretrained EfficientNet-Lite0 (two intermediate
blocks, locally average-pooled, the deeper one upsampled onto the finer grid and concatenated)
are collected from good images; a greedy k-center coreset keeps a memory bank that covers them.
A test patch's anomaly is its distance to the nearest bank entry.

This is done on an image pyramid (by default the working size and one and two octaves below
it), with one memory bank per level: fine levels see small defects such as pores and hairline
cracks, coarse levels give each patch more of the part around it and see large-area defects
such as a patch of another surface texture. Each level's map is upsampled to the image and
expressed in standard deviations above the mean of the held-out good images' maps at that
level; the levels are averaged, Gaussian-smoothed, and the image score is the mean of the
highest 1% of that map.

Images keep their aspect ratio: at each level an image is scaled so that its short side is
``short_side`` times the level's scale and, when the long side then exceeds ``max_side``, cut
into overlapping tiles that are scored separately and stitched back (overlaps averaged).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from suigang.engines.vision.groups import thumbnails
from suigang.engines.vision.images import Image, opencv
from suigang.engines.vision.patch_features import (
    _divide_by_spread,
    _greedy_coreset,
    _level_maps,
    _patch_features,
    _position_spread,
    _prepare,
    _tiles,
)
from suigang.engines.vision.patchcore_model import (
    HeadConfig,
    PatchCoreConfig,
    PatchCoreModel,
    ScoreResult,
    SegmentationHead,
)

Progress = Callable[[int, int], None]


def _head_z(
    image: Image, head_sum: NDArray[np.float32], bias: float, config: PatchCoreConfig
) -> NDArray[np.float32]:
    """The head's logit map smoothed like the anomaly map and resized to the image."""
    cv2 = opencv()

    m = head_sum + np.float32(bias)
    if config.sigma > 0:
        sigma = config.sigma * max(config.level_sides()) / config.short_side
        m = cv2.GaussianBlur(m, (0, 0), sigma)
    h, w = image.shape[:2]
    return np.ascontiguousarray(cv2.resize(m, (w, h), interpolation=cv2.INTER_LINEAR))


def _combine(
    image: Image,
    levels: Sequence[NDArray[np.float32]],
    stats: Sequence[tuple[float, float]],
    config: PatchCoreConfig,
    position_spread: Sequence[float] = (),
) -> NDArray[np.float32]:
    """Average of the standardised level maps, smoothed (``sigma`` pixels at ``short_side``),
    resized to the image and, with a ``position_spread``, divided at each place by the
    relative spread of good maps there (see :func:`_position_spread`)."""
    cv2 = opencv()

    amap = np.zeros(levels[0].shape, np.float32)
    for m, (mean, std) in zip(levels, stats, strict=True):
        amap += (m - np.float32(mean)) / np.float32(std)
    amap /= len(levels)
    if config.sigma > 0:
        sigma = config.sigma * max(config.level_sides()) / config.short_side
        amap = cv2.GaussianBlur(amap, (0, 0), sigma)
    h, w = image.shape[:2]
    amap = np.ascontiguousarray(cv2.resize(amap, (w, h), interpolation=cv2.INTER_LINEAR))
    return _divide_by_spread(amap, position_spread, config)


def image_score(anomaly_map: NDArray[np.float32], top_fraction: float) -> float:
    """The image's score: the mean of the highest ``top_fraction`` of its map (at least one
    pixel), or the map's maximum when ``top_fraction`` is 0. A share rather than the single
    highest pixel is less moved by one bright speck or a tile edge on a good part."""
    if top_fraction <= 0:
        return float(anomaly_map.max())
    flat = anomaly_map.ravel()
    k = max(1, int(flat.size * top_fraction))
    return float(np.partition(flat, flat.size - k)[flat.size - k :].mean())


def threshold_rule(scores: Sequence[float]) -> float:
    """Decision threshold from held-out good scores: max(highest score, mean + 3·std).

    No held-out good part is flagged, and the threshold is at least three (sample) standard
    deviations above their mean; the std is 0 for a single score.
    """
    if not scores:
        raise ValueError("threshold needs at least one held-out good score")
    s = np.asarray(scores, dtype=np.float64)
    std = float(s.std(ddof=1)) if s.size > 1 else 0.0
    return float(max(s.max(), s.mean() + 3.0 * std))


# ---------------------------------------------------------------------------- verbs


def _head_cells(image: Image, config: PatchCoreConfig) -> tuple[Any, tuple[int, int]]:
    """Patch features of every pyramid level of the whole image on the finest level's grid,
    concatenated level by level: a tensor ``(cells, levels·d)`` and the grid ``(gh, gw)``."""
    import torch
    import torch.nn.functional as F

    sides = config.level_sides()
    grids = [_patch_features(_prepare(image, config, side), config) for side in sides]
    gh, gw = grids[0].shape[:2]
    parts = []
    for g in grids:
        t = g.permute(2, 0, 1)[None]
        if t.shape[-2:] != (gh, gw):
            t = F.interpolate(t, size=(gh, gw), mode="bilinear", align_corners=False)
        parts.append(t[0].permute(1, 2, 0))
    return torch.cat(parts, dim=2).reshape(gh * gw, -1), (gh, gw)


def _train_head(
    good: Sequence[Image],
    defect: Sequence[Image],
    masks: Sequence[NDArray[np.bool_]],
    config: PatchCoreConfig,
    head: HeadConfig,
    rng: np.random.Generator,
    progress: Progress | None = None,
) -> tuple[NDArray[np.float32], float]:
    """Logistic regression of each cell's defect share on its standardised features; returns
    per-level weights on the raw features (standardisation folded in) and the bias."""
    import torch
    import torch.nn.functional as F

    cv2 = opencv()
    xs: list[Any] = []
    ys: list[Any] = []
    owner: list[Any] = []  # the defect image a cell comes from (-1: a good image)
    total = len(good) + len(defect)
    for k, img in enumerate(good):
        f, _ = _head_cells(img, config)
        pick = rng.choice(f.shape[0], min(head.good_cells, f.shape[0]), replace=False)
        xs.append(f[torch.from_numpy(np.sort(pick))])
        ys.append(torch.zeros(len(pick)))
        owner.append(torch.full((len(pick),), -1))
        if progress is not None:
            progress(k + 1, total)
    for k, (img, mask) in enumerate(zip(defect, masks, strict=True)):
        f, (gh, gw) = _head_cells(img, config)
        share = cv2.resize(mask.astype(np.float32), (gw, gh), interpolation=cv2.INTER_AREA).ravel()
        pos = np.flatnonzero(share > 0)
        neg = np.flatnonzero(share == 0)
        if neg.size > head.defect_negative_cells:
            neg = rng.choice(neg, head.defect_negative_cells, replace=False)
        keep = torch.from_numpy(np.sort(np.concatenate([pos, neg])))
        xs.append(f[keep])
        ys.append(torch.from_numpy(share[keep.numpy()]))
        owner.append(torch.full((len(keep),), k))
        if progress is not None:
            progress(len(good) + k + 1, total)
    x = torch.cat(xs)
    y = torch.cat(ys).float()
    who = torch.cat(owner)
    mean = x.mean(0)
    std = x.std(0).clamp_min(1e-6)
    z = (x - mean) / std
    # Every labelled image weighs the same on the defect side, whatever its defect's area (a
    # large patch of uneven texture would otherwise teach the head that kind only), and the
    # defect side as a whole weighs as much as the defect-free cells.
    negatives = float((1 - y).sum())
    per_image = torch.zeros(max(1, len(defect)))
    per_image.index_add_(0, who.clamp_min(0), torch.where(who >= 0, y, torch.zeros_like(y)))
    n_labelled = max(1, int((per_image > 0).sum()))
    pos_w = torch.where(
        who >= 0, negatives / (n_labelled * per_image[who.clamp_min(0)].clamp_min(1e-6)), 0.0
    )
    w = torch.zeros(z.shape[1], requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], max_iter=head.iterations, line_search_fn="strong_wolfe")
    total_w = float((pos_w * y).sum()) + negatives

    def closure() -> Any:
        opt.zero_grad()
        logit = z @ w + b
        nll = pos_w * y * F.softplus(-logit) + (1 - y) * F.softplus(logit)
        loss = nll.sum() / total_w + head.l2 * (w * w).sum()
        loss.backward()  # type: ignore[no-untyped-call]
        return loss

    opt.step(closure)  # type: ignore[no-untyped-call]
    with torch.no_grad():
        raw = w / std
        bias = float(b - (raw * mean).sum())
    levels = len(config.scales)
    return raw.reshape(levels, config.feature_dim).numpy().astype(np.float32), bias


def fit(
    images: Sequence[Image],
    config: PatchCoreConfig | None = None,
    *,
    defect_images: Sequence[Image] = (),
    defect_masks: Sequence[NDArray[np.bool_]] = (),
    head: HeadConfig | None = None,
    progress: Progress | None = None,
) -> PatchCoreModel:
    """Learn a memory bank from good images; a seeded held-out share sets the threshold.

    With ``defect_images`` and their ``defect_masks`` (True = defect), a segmentation head is
    also learned (mixed supervision, see :class:`HeadConfig`) and its map is added to the
    anomaly map; the held-out good parts then set the threshold on the combined map.

    ``progress(done, total)`` is called after each image (features, then hold-out scoring).
    """
    import torch

    cfg = config or PatchCoreConfig()
    n = len(images)
    if n < 2:
        raise ValueError(f"fit needs at least 2 good images (1 is held out), got {n}")
    if len(defect_masks) != len(defect_images):
        raise ValueError(
            f"defect_masks ({len(defect_masks)}) and defect_images ({len(defect_images)}) "
            "differ in length"
        )
    for k, (img, mask) in enumerate(zip(defect_images, defect_masks, strict=True)):
        if mask.shape != img.shape[:2]:
            raise ValueError(f"mask of defect image {k} is {mask.shape}, image is {img.shape[:2]}")
    hcfg = (head or HeadConfig()) if defect_images else None
    rng = np.random.default_rng(cfg.seed)
    order = rng.permutation(n)
    n_hold = min(n - 1, max(1, round(cfg.holdout_fraction * n)))
    hold, train = order[:n_hold], order[n_hold:]
    per_image = max(1, cfg.max_candidates // len(train))
    sides = cfg.level_sides()
    head_good = train[: hcfg.good_images] if hcfg is not None else train[:0]
    total = n + (len(head_good) + len(defect_images))
    chunks: list[list[Any]] = [[] for _ in sides]
    for k, i in enumerate(train):
        for level, side in enumerate(sides):
            x = _prepare(images[i], cfg, side)
            for y0, x0, th, tw in _tiles(x.shape[0], x.shape[1], cfg):
                tile = x[y0 : y0 + th, x0 : x0 + tw]
                f = _patch_features(tile, cfg).reshape(-1, cfg.feature_dim)
                if f.shape[0] > per_image:
                    pick = rng.choice(f.shape[0], per_image, replace=False)
                    f = f[torch.from_numpy(np.sort(pick))]
                chunks[level].append(f)
        if progress is not None:
            progress(k + 1, total)
    banks = []
    for level_chunks in chunks:
        feats = torch.cat(level_chunks)
        size = max(1, min(cfg.max_bank, math.ceil(cfg.coreset_ratio * feats.shape[0])))
        banks.append(feats[_greedy_coreset(feats, size, cfg)].contiguous())
    squares = [(b * b).sum(1) for b in banks]
    head_ws = None
    head_weights = None
    bias = 0.0
    if hcfg is not None:
        done = len(train)

        def head_progress(d: int, _t: int) -> None:
            if progress is not None:
                progress(done + d, total)

        head_weights, bias = _train_head(
            [images[i] for i in head_good],
            defect_images,
            defect_masks,
            cfg,
            hcfg,
            rng,
            head_progress,
        )
        head_ws = [torch.from_numpy(w) for w in head_weights]
    held_maps = []
    held_heads = []
    base = len(train) + (len(head_good) + len(defect_images) if hcfg is not None else 0)
    for k, i in enumerate(hold):
        maps, head_sum = _level_maps(images[i], banks, squares, cfg, head_ws)
        held_maps.append(maps)
        if head_sum is not None:
            held_heads.append(_head_z(images[i], head_sum, bias, cfg))
        if progress is not None:
            progress(base + k + 1, total)
    stats = []
    for level in range(len(sides)):
        values = np.concatenate([maps[level].ravel() for maps in held_maps])
        stats.append((float(values.mean()), max(float(values.std()), 1e-6)))
    plain = [_combine(images[i], maps, stats, cfg) for i, maps in zip(hold, held_maps, strict=True)]
    spread = _position_spread(plain, cfg)  # from the maps before they are divided
    divided = [_divide_by_spread(m, spread, cfg) for m in plain]
    fitted_head = None
    if hcfg is not None and head_weights is not None:
        values = np.concatenate([m.ravel() for m in held_heads])
        fitted_head = SegmentationHead(
            head_weights,
            bias,
            float(values.mean()),
            max(float(values.std()), 1e-6),
            hcfg.weight,
            len(defect_images),
        )
        divided = [_mix(m, h, fitted_head)[0] for m, h in zip(divided, held_heads, strict=True)]
    held = [image_score(m, cfg.top_fraction) for m in divided]
    return PatchCoreModel(
        cfg,
        torch.cat(banks).numpy().astype(np.float32),
        threshold_rule(held),
        tuple(held),
        len(train),
        tuple(int(b.shape[0]) for b in banks),
        tuple(stats),
        spread,
        thumbnails(images),
        fitted_head,
    )


def _mix(
    anomaly: NDArray[np.float32], head_logit: NDArray[np.float32], head: SegmentationHead
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """The combined map and the head's part (its logit map). Only positive logits (the head
    finds a defect likelier than not) are added, so where the head sees nothing, as on a
    defect kind it was never shown, the anomaly map is unchanged."""
    mixed = anomaly + np.float32(head.weight) * np.maximum(head_logit, np.float32(0))
    return mixed.astype(np.float32, copy=False), head_logit


class Scorer:
    """Scores images against one model, keeping the bank ready between calls."""

    def __init__(self, model: PatchCoreModel) -> None:
        import torch

        self.model = model
        self._banks = [
            torch.from_numpy(np.ascontiguousarray(b, dtype=np.float32)) for b in model.banks()
        ]
        self._squares = [(b * b).sum(1) for b in self._banks]
        self._head_ws = (
            None
            if model.head is None
            else [torch.from_numpy(np.ascontiguousarray(w)) for w in model.head.weights]
        )

    def score(self, image: Image) -> ScoreResult:
        """Anomaly map (image size, in held-out good standard deviations) and image score
        (see :func:`image_score`) of one image."""
        cfg = self.model.config
        levels, head_sum = _level_maps(image, self._banks, self._squares, cfg, self._head_ws)
        amap = _combine(image, levels, self.model.level_stats, cfg, self.model.position_spread)
        head = self.model.head
        if head is None or head_sum is None:
            s = image_score(amap, cfg.top_fraction)
            return ScoreResult(s, amap, self.model.threshold, s > self.model.threshold)
        mixed, z = _mix(amap, _head_z(image, head_sum, head.bias, cfg), head)
        s = image_score(mixed, cfg.top_fraction)
        return ScoreResult(s, mixed, self.model.threshold, s > self.model.threshold, amap, z)


def score(model: PatchCoreModel, image: Image) -> ScoreResult:
    """Score one image against a fitted model (see :class:`Scorer` for many images)."""
    return Scorer(model).score(image)
