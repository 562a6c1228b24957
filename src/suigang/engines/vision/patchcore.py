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
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from suigang.engines.vision.backbone import BLOCK_STRIDES, extract
from suigang.engines.vision.groups import thumbnails
from suigang.engines.vision.images import Image, opencv
from suigang.engines.vision.patchcore_model import (
    Normalize,
    PatchCoreConfig,
    PatchCoreModel,
    ScoreResult,
)

Progress = Callable[[int, int], None]


def _working_size(h: int, w: int, short_side: int) -> tuple[int, int]:
    """(width, height) of an h×w image scaled, aspect kept, to ``short_side``."""
    scale = short_side / min(h, w)
    return max(1, round(w * scale)), max(1, round(h * scale))


def _prepare(image: Image, config: PatchCoreConfig, short_side: int) -> NDArray[np.float32]:
    """Scale (aspect kept) to ``short_side`` and convert to float RGB in [0, 1].

    With ``normalize`` the image is brought to mid-grey and a common spread; with ``shading``
    its slow brightness changes (a Gaussian blur of ``shading`` × ``short_side`` pixels) are
    subtracted, so that uneven lighting across a part does not count as a difference.
    """
    cv2 = opencv()

    if image.ndim not in (2, 3) or image.size == 0:
        raise ValueError(f"image must be a non-empty (h, w) or (h, w, 3) array, got {image.shape}")
    h, w = image.shape[:2]
    scale = short_side / min(h, w)
    size = _working_size(h, w, short_side)
    resized = cv2.resize(
        image, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    )
    x = resized.astype(np.float32) / 255.0
    if config.normalize is Normalize.STANDARDIZE:
        mean = x.mean(axis=(0, 1), keepdims=True)
        spread = x.std(axis=(0, 1), keepdims=True) + 1e-3
        x = np.clip(0.5 + 0.15 * (x - mean) / spread, 0.0, 1.0)
    if config.shading > 0:
        x = np.clip(x - cv2.GaussianBlur(x, (0, 0), config.shading * short_side) + 0.5, 0.0, 1.0)
    if x.ndim == 2:  # grey: three equal channels, made last so the steps above run once
        x = np.repeat(x[:, :, None], 3, axis=2)
    return np.ascontiguousarray(x, dtype=np.float32)


def _starts(length: int, tile: int, overlap: int) -> list[int]:
    if length <= tile:
        return [0]
    n = math.ceil((length - overlap) / (tile - overlap))
    return [round(i * (length - tile) / (n - 1)) for i in range(n)]


def _tiles(h: int, w: int, config: PatchCoreConfig) -> Iterator[tuple[int, int, int, int]]:
    tile, ov = config.max_side, config.tile_overlap
    for y in _starts(h, tile, ov):
        for x in _starts(w, tile, ov):
            yield y, x, min(tile, h), min(tile, w)


def _patch_features(tile: NDArray[np.float32], config: PatchCoreConfig) -> Any:
    """Patch features of one tile as a torch tensor ``(gh, gw, d)``.

    Each value is raised to ``feature_power`` keeping its sign, which compresses the few
    strong activations (specular glints, sharp edges) so that distances weigh all channels.

    The tile is mirrored outwards by ``reflect_pad`` pixels first and the padded cells are cut
    off afterwards, so that border patches see image content instead of the network's zero
    padding (which otherwise makes every image's rim look anomalous).
    """
    import torch
    import torch.nn.functional as F

    p = config.reflect_pad
    if p:
        tile = opencv().copyMakeBorder(tile, p, p, p, p, opencv().BORDER_REFLECT_101)
    maps = extract(tile[None], config.taps)
    grid = maps[int(np.argmin([BLOCK_STRIDES[t] for t in sorted(config.taps)]))].shape[-2:]
    pad = config.pool // 2
    parts = []
    for m in maps:
        if config.pool > 1:
            m = F.avg_pool2d(m, config.pool, stride=1, padding=pad, count_include_pad=False)
        if m.shape[-2:] != grid:
            m = F.interpolate(m, size=grid, mode="bilinear", align_corners=False)
        parts.append(m)
    out = torch.cat(parts, dim=1)[0].permute(1, 2, 0)
    c = p // config.stride
    if c:
        out = out[c : out.shape[0] - c, c : out.shape[1] - c]
    if config.feature_power != 1:  # on the kept cells only
        out = out.sign() * out.abs().pow(config.feature_power)
    return out.contiguous()


# ---------------------------------------------------------------------------- bank


def _greedy_coreset(features: Any, size: int, config: PatchCoreConfig) -> Any:
    """Indices of a greedy k-center coreset, selected on a seeded random projection."""
    import torch

    n, d = features.shape
    if size >= n:
        return torch.arange(n)
    gen = torch.Generator().manual_seed(config.seed)
    x = features
    if config.projection_dim < d:
        proj = torch.randn(d, config.projection_dim, generator=gen) / math.sqrt(
            config.projection_dim
        )
        x = features @ proj
    sq = (x * x).sum(1)
    chosen = torch.empty(size, dtype=torch.long)
    current = int(torch.randint(n, (1,), generator=gen))
    min_d = torch.full((n,), float("inf"))
    for i in range(size):
        chosen[i] = current
        c = x[current]
        dist = sq - 2 * (x @ c) + (c * c).sum()
        torch.minimum(min_d, dist, out=min_d)
        current = int(torch.argmax(min_d))
    return chosen


def _nearest(queries: Any, bank: Any, bank_sq: Any, chunk: int = 4096) -> Any:
    import torch

    out = []
    for start in range(0, queries.shape[0], chunk):
        q = queries[start : start + chunk]
        d = (q * q).sum(1, keepdim=True) - 2 * (q @ bank.T) + bank_sq[None, :]
        out.append(d.min(dim=1).values.clamp_min(0).sqrt())
    return torch.cat(out)


def _level_map(
    image: Image, bank: Any, bank_sq: Any, config: PatchCoreConfig, short_side: int
) -> NDArray[np.float32]:
    """Nearest-bank distances at one pyramid level, resized to the finest level's working
    size (not smoothed)."""
    cv2 = opencv()

    h, w = image.shape[:2]
    size = _working_size(h, w, max(config.level_sides()))
    x = _prepare(image, config, short_side)
    rh, rw = x.shape[:2]
    acc = np.zeros((rh, rw), np.float32)
    count = np.zeros((rh, rw), np.float32)
    for y0, x0, th, tw in _tiles(rh, rw, config):
        feats = _patch_features(x[y0 : y0 + th, x0 : x0 + tw], config)
        gh, gw, d = feats.shape
        scores = _nearest(feats.reshape(-1, d), bank, bank_sq).reshape(gh, gw).numpy()
        acc[y0 : y0 + th, x0 : x0 + tw] += cv2.resize(
            scores, (tw, th), interpolation=cv2.INTER_LINEAR
        )
        count[y0 : y0 + th, x0 : x0 + tw] += 1.0
    amap = acc / np.maximum(count, 1.0)
    if amap.shape[::-1] != size:
        amap = cv2.resize(amap, size, interpolation=cv2.INTER_LINEAR)
    return np.ascontiguousarray(amap)


def _level_maps(
    image: Image, banks: Sequence[Any], squares: Sequence[Any], config: PatchCoreConfig
) -> list[NDArray[np.float32]]:
    """One unsmoothed map per pyramid level (see :func:`_level_map`)."""
    return [
        _level_map(image, b, sq, config, side)
        for b, sq, side in zip(banks, squares, config.level_sides(), strict=True)
    ]


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


def _divide_by_spread(
    amap: NDArray[np.float32], position_spread: Sequence[float], config: PatchCoreConfig
) -> NDArray[np.float32]:
    """``amap`` divided in place by the position grid interpolated to its size (unchanged
    when there is no grid)."""
    if position_spread:
        n = config.position_grid
        grid = np.asarray(position_spread, np.float32).reshape(n, n)
        h, w = amap.shape
        cv2 = opencv()
        amap /= cv2.resize(grid, (w, h), interpolation=cv2.INTER_LINEAR)
    return amap


def _position_spread(
    maps: Sequence[NDArray[np.float32]], config: PatchCoreConfig
) -> tuple[float, ...]:
    """Relative spread of good parts' maps at each cell of an n×n grid laid over the image
    (``position_grid``; row by row; () when it is 0).

    Good parts vary more in some places than others (a part's ends, chamfers, an image's
    corners). Each map is averaged over the cells; each cell's standard deviation over the
    maps is shrunk towards the overall one with weight m / (m + ``position_prior``) for m maps,
    since few maps give noisy cells, and divided by the mean over the cells.
    """
    n = config.position_grid
    if n == 0:
        return ()
    cv2 = opencv()
    cells = np.stack([cv2.resize(m, (n, n), interpolation=cv2.INTER_AREA) for m in maps])
    var = cells.astype(np.float64).var(axis=0)
    if var.mean() <= 0:  # one map, or identical ones: nothing to tell places apart
        return (1.0,) * (n * n)
    weight = len(maps) / (len(maps) + config.position_prior)
    spread = np.sqrt(weight * var + (1 - weight) * var.mean())
    spread = np.maximum(spread / spread.mean(), 1e-3)
    return tuple(float(v) for v in spread.ravel())


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


def fit(
    images: Sequence[Image],
    config: PatchCoreConfig | None = None,
    *,
    progress: Progress | None = None,
) -> PatchCoreModel:
    """Learn a memory bank from good images; a seeded held-out share sets the threshold.

    ``progress(done, total)`` is called after each image (features, then hold-out scoring).
    """
    import torch

    cfg = config or PatchCoreConfig()
    n = len(images)
    if n < 2:
        raise ValueError(f"fit needs at least 2 good images (1 is held out), got {n}")
    rng = np.random.default_rng(cfg.seed)
    order = rng.permutation(n)
    n_hold = min(n - 1, max(1, round(cfg.holdout_fraction * n)))
    hold, train = order[:n_hold], order[n_hold:]
    per_image = max(1, cfg.max_candidates // len(train))
    sides = cfg.level_sides()
    total = n
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
    held_maps = []
    for k, i in enumerate(hold):
        held_maps.append(_level_maps(images[i], banks, squares, cfg))
        if progress is not None:
            progress(len(train) + k + 1, total)
    stats = []
    for level in range(len(sides)):
        values = np.concatenate([maps[level].ravel() for maps in held_maps])
        stats.append((float(values.mean()), max(float(values.std()), 1e-6)))
    plain = [_combine(images[i], maps, stats, cfg) for i, maps in zip(hold, held_maps, strict=True)]
    spread = _position_spread(plain, cfg)  # from the maps before they are divided
    held = [image_score(_divide_by_spread(m, spread, cfg), cfg.top_fraction) for m in plain]
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
    )


class Scorer:
    """Scores images against one model, keeping the bank ready between calls."""

    def __init__(self, model: PatchCoreModel) -> None:
        import torch

        self.model = model
        self._banks = [
            torch.from_numpy(np.ascontiguousarray(b, dtype=np.float32)) for b in model.banks()
        ]
        self._squares = [(b * b).sum(1) for b in self._banks]

    def score(self, image: Image) -> ScoreResult:
        """Anomaly map (image size, in held-out good standard deviations) and image score
        (see :func:`image_score`) of one image."""
        cfg = self.model.config
        levels = _level_maps(image, self._banks, self._squares, cfg)
        amap = _combine(image, levels, self.model.level_stats, cfg, self.model.position_spread)
        s = image_score(amap, cfg.top_fraction)
        return ScoreResult(s, amap, self.model.threshold, s > self.model.threshold)


def score(model: PatchCoreModel, image: Image) -> ScoreResult:
    """Score one image against a fitted model (see :class:`Scorer` for many images)."""
    return Scorer(model).score(image)
