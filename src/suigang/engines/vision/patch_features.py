"""Patch features of one pyramid level: an image prepared at the level's size, cut into
tiles, its backbone features pooled into patches, the memory bank's coreset, each patch's
distance to its nearest bank entry and the level's anomaly map (see ``patchcore``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from suigang.engines.vision.backbone import BLOCK_STRIDES, extract
from suigang.engines.vision.images import Image, opencv
from suigang.engines.vision.patchcore_model import (
    Normalize,
    PatchCoreConfig,
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
    image: Image,
    bank: Any,
    bank_sq: Any,
    config: PatchCoreConfig,
    short_side: int,
    head_w: Any | None = None,
) -> tuple[NDArray[np.float32], NDArray[np.float32] | None]:
    """Nearest-bank distances at one pyramid level, resized to the finest level's working
    size (not smoothed); with ``head_w`` (a feature-length weight vector) also that level's
    share of the segmentation head's logit, from the same features."""
    cv2 = opencv()

    h, w = image.shape[:2]
    size = _working_size(h, w, max(config.level_sides()))
    x = _prepare(image, config, short_side)
    rh, rw = x.shape[:2]
    acc = np.zeros((rh, rw), np.float32)
    head_acc = np.zeros((rh, rw), np.float32) if head_w is not None else None
    count = np.zeros((rh, rw), np.float32)
    for y0, x0, th, tw in _tiles(rh, rw, config):
        feats = _patch_features(x[y0 : y0 + th, x0 : x0 + tw], config)
        gh, gw, d = feats.shape
        flat = feats.reshape(-1, d)
        scores = _nearest(flat, bank, bank_sq).reshape(gh, gw).numpy()
        acc[y0 : y0 + th, x0 : x0 + tw] += cv2.resize(
            scores, (tw, th), interpolation=cv2.INTER_LINEAR
        )
        if head_acc is not None:
            logits = (flat @ head_w).reshape(gh, gw).numpy()
            head_acc[y0 : y0 + th, x0 : x0 + tw] += cv2.resize(
                logits, (tw, th), interpolation=cv2.INTER_LINEAR
            )
        count[y0 : y0 + th, x0 : x0 + tw] += 1.0

    def finish(m: NDArray[np.float32]) -> NDArray[np.float32]:
        out: Any = m / np.maximum(count, 1.0)
        if out.shape[::-1] != size:
            out = cv2.resize(out, size, interpolation=cv2.INTER_LINEAR)
        return np.ascontiguousarray(out, dtype=np.float32)

    return finish(acc), None if head_acc is None else finish(head_acc)


def _level_maps(
    image: Image,
    banks: Sequence[Any],
    squares: Sequence[Any],
    config: PatchCoreConfig,
    head_ws: Sequence[Any] | None = None,
) -> tuple[list[NDArray[np.float32]], NDArray[np.float32] | None]:
    """One unsmoothed map per pyramid level (see :func:`_level_map`) and, with head weights
    per level, the head's logit map without its bias (the levels' shares summed)."""
    maps: list[NDArray[np.float32]] = []
    head: NDArray[np.float32] | None = None
    for k, (b, sq, side) in enumerate(zip(banks, squares, config.level_sides(), strict=True)):
        m, hm = _level_map(image, b, sq, config, side, None if head_ws is None else head_ws[k])
        maps.append(m)
        if hm is not None:
            head = hm if head is None else head + hm
    return maps, head


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
