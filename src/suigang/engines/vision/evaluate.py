"""Evaluation of a fitted model on labelled good and defective images."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from suigang.engines.vision.images import Image
from suigang.engines.vision.metrics import auroc
from suigang.engines.vision.patchcore import Scorer, image_score
from suigang.engines.vision.patchcore_model import PatchCoreModel


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    """Image- and pixel-level ROC AUC and the per-image scores behind them.

    ``pixel_auroc`` is ``None`` (undefined) unless every defective image has a mask.
    ``score_seconds`` holds the wall time of each image's scoring. ``pixel_auroc_by_group``
    holds, when defect groups were given, the pixel AUROC of the good images' pixels against
    each group's images alone (large-area groups otherwise dominate the pooled figure).
    """

    image_auroc: float | None
    pixel_auroc: float | None
    n_good: int
    n_defect: int
    good_scores: tuple[float, ...]
    defect_scores: tuple[float, ...]
    threshold: float
    score_seconds: tuple[float, ...]
    pixel_auroc_by_group: dict[str, float | None] = field(default_factory=dict)
    # for a model with a segmentation head, each part on its own ("anomaly": the good-parts
    # model's map, "head": the head's logit map): image_auroc, pixel_auroc and, with defect
    # groups, pixel_auroc_<group>, image_auroc_<group>
    parts: dict[str, dict[str, float | None]] = field(default_factory=dict)

    @property
    def false_alarms(self) -> int:
        """Good images scored above the threshold."""
        return sum(s > self.threshold for s in self.good_scores)

    @property
    def detected(self) -> int:
        """Defective images scored above the threshold."""
        return sum(s > self.threshold for s in self.defect_scores)


def evaluate(
    model: PatchCoreModel,
    good: Sequence[Image],
    defect: Sequence[Image],
    defect_masks: Sequence[NDArray[np.bool_] | None] | None = None,
    *,
    pixel_stride: int = 1,
    defect_groups: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EvaluationResult:
    """Score every image; image AUROC over good vs defective, pixel AUROC over all pixels.

    Good images count as all-normal pixels. ``pixel_stride`` subsamples the pixel grid (every
    n-th row and column) to bound memory on large sets.
    """
    import time

    if defect_masks is not None and len(defect_masks) != len(defect):
        raise ValueError(
            f"defect_masks ({len(defect_masks)}) and defect ({len(defect)}) differ in length"
        )
    if defect_groups is not None and len(defect_groups) != len(defect):
        raise ValueError(
            f"defect_groups ({len(defect_groups)}) and defect ({len(defect)}) differ in length"
        )
    if pixel_stride < 1:
        raise ValueError(f"pixel_stride must be >= 1, got {pixel_stride}")
    masks = list(defect_masks) if defect_masks is not None else [None] * len(defect)
    with_pixels = bool(defect) and all(m is not None for m in masks)
    scorer = Scorer(model)
    names = ["combined"] + (["anomaly", "head"] if model.head is not None else [])
    scores: dict[str, list[float]] = {n: [] for n in names}
    pix_scores: dict[str, list[NDArray[np.float32]]] = {n: [] for n in names}
    seconds: list[float] = []
    pix_labels: list[NDArray[np.bool_]] = []
    items = [(img, None) for img in good] + list(zip(defect, masks, strict=True))
    s = pixel_stride
    top = model.config.top_fraction
    for k, (img, mask) in enumerate(items):
        start = time.perf_counter()
        result = scorer.score(img)
        seconds.append(time.perf_counter() - start)
        maps = {"combined": result.anomaly_map}
        if model.head is not None:
            assert result.anomaly_part is not None and result.head_part is not None
            maps["anomaly"], maps["head"] = result.anomaly_part, result.head_part
        for name in names:
            value = result.score if name == "combined" else image_score(maps[name], top)
            scores[name].append(value)
        if with_pixels:
            truth = np.zeros(img.shape[:2], bool) if mask is None else mask
            if truth.shape != img.shape[:2]:
                raise ValueError(
                    f"mask of defect image {k - len(good)} is {truth.shape}, "
                    f"image is {img.shape[:2]}"
                )
            for name in names:
                pix_scores[name].append(maps[name][::s, ::s].ravel())
            pix_labels.append(truth[::s, ::s].ravel())
        if progress is not None:
            progress(k + 1, len(items))
    labels = [False] * len(good) + [True] * len(defect)
    n = len(good)

    def figures(name: str) -> tuple[float | None, float | None, dict[str, float | None]]:
        sc, px = scores[name], pix_scores[name]
        pixel = auroc(np.concatenate(px), np.concatenate(pix_labels)) if with_pixels else None
        by_group: dict[str, float | None] = {}
        if defect_groups is not None:
            for group in dict.fromkeys(defect_groups):
                sel = list(range(n)) + [n + i for i, g in enumerate(defect_groups) if g == group]
                by_group[f"image_auroc_{group}"] = auroc(
                    [sc[i] for i in sel], [labels[i] for i in sel]
                )
                if with_pixels:
                    by_group[f"pixel_auroc_{group}"] = auroc(
                        np.concatenate([px[i] for i in sel]),
                        np.concatenate([pix_labels[i] for i in sel]),
                    )
        return (auroc(sc, labels) if sc else None), pixel, by_group

    image, pixel, groups = figures("combined")
    parts: dict[str, dict[str, float | None]] = {}
    for name in names[1:]:
        i_auc, p_auc, by = figures(name)
        parts[name] = {"image_auroc": i_auc, "pixel_auroc": p_auc, **by}
    return EvaluationResult(
        image,
        pixel,
        len(good),
        len(defect),
        tuple(scores["combined"][:n]),
        tuple(scores["combined"][n:]),
        model.threshold,
        tuple(seconds),
        {k.removeprefix("pixel_auroc_"): v for k, v in groups.items() if k.startswith("pixel_")},
        parts,
    )
