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
    HeadConfig,
    Normalize,
    PatchCoreConfig,
    PatchCoreModel,
    ScoreResult,
    SegmentationHead,
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
