"""Whether a retrained model may replace the current one: both on the same held-out images.

A station's model is retrained from its confirmed images (confirmed defects with their regions,
overruled false alarms as good parts). The new version is promoted only if it is at least as
good as the current one on a held-out share of those images, judged side by side on image
AUROC, pixel AUROC (when every held-out defect has a region) and false alarms at the current
threshold rule of each model. :func:`compare_versions` scores both and decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from suigang.engines.vision.evaluate import evaluate
from suigang.engines.vision.images import Image
from suigang.engines.vision.patchcore_model import PatchCoreModel


@dataclass(frozen=True, slots=True)
class VersionFigures:
    """One model's figures on the held-out images."""

    image_auroc: float | None
    pixel_auroc: float | None
    false_alarms: int  # held-out good images above the model's own threshold
    detected: int  # held-out defective images above it
    n_good: int
    n_defect: int


@dataclass(frozen=True, slots=True)
class VersionComparison:
    """The current and the candidate model side by side, and the decision with its reasons."""

    current: VersionFigures
    candidate: VersionFigures
    promote: bool
    reasons: tuple[str, ...]  # why not, when ``promote`` is False


def _figures(
    model: PatchCoreModel,
    good: Sequence[Image],
    defect: Sequence[Image],
    masks: Sequence[NDArray[np.bool_] | None] | None,
) -> VersionFigures:
    r = evaluate(model, good, defect, masks)
    return VersionFigures(
        r.image_auroc, r.pixel_auroc, r.false_alarms, r.detected, r.n_good, r.n_defect
    )


def decide(
    current: VersionFigures, candidate: VersionFigures, tolerance: float = 0.0
) -> VersionComparison:
    """Promote when the candidate is no worse on every figure both define: image and pixel
    AUROC at least the current's minus ``tolerance``, and no more false alarms."""
    reasons = []
    for name in ("image_auroc", "pixel_auroc"):
        old, new = getattr(current, name), getattr(candidate, name)
        if old is not None and (new is None or new < old - tolerance):
            reasons.append(f"{name} {new} is below the current {old}")
    if candidate.false_alarms > current.false_alarms:
        reasons.append(
            f"{candidate.false_alarms} false alarms against the current {current.false_alarms}"
        )
    return VersionComparison(current, candidate, not reasons, tuple(reasons))


def compare_versions(
    current: PatchCoreModel,
    candidate: PatchCoreModel,
    good: Sequence[Image],
    defect: Sequence[Image],
    masks: Sequence[NDArray[np.bool_] | None] | None = None,
    *,
    tolerance: float = 0.0,
) -> VersionComparison:
    """Score both models on the same held-out good and defective images and decide."""
    if not good or not defect:
        raise ValueError("held-out images must include good and defective ones")
    return decide(
        _figures(current, good, defect, masks),
        _figures(candidate, good, defect, masks),
        tolerance,
    )


def holdout_split(
    groups: Sequence[int], defective: Sequence[bool], share: float, seed: int = 0
) -> tuple[list[int], list[int]]:
    """Indices to fit on and to hold out, whole groups only (no part's shots on both sides).

    A group with a defective image counts as defective. Of each kind, seeded-shuffled groups
    are held out until they hold at least ``share`` of that kind's images (at least one group
    of each kind when there are two or more of it), so both sides see good and defective parts
    where the data allow; one group of each kind always stays on the fit side.
    """
    if len(groups) != len(defective):
        raise ValueError(f"groups ({len(groups)}) and defective ({len(defective)}) differ")
    if not 0 < share < 1:
        raise ValueError(f"share must be in (0, 1), got {share}")
    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(int(g), []).append(i)
    rng = np.random.default_rng(seed)
    held: list[int] = []
    for kind in (False, True):
        ids = [g for g, m in members.items() if any(defective[i] for i in m) is kind]
        if len(ids) < 2:
            continue
        total = sum(len(members[g]) for g in ids)
        taken = 0
        for k in rng.permutation(len(ids))[:-1]:  # one group of the kind stays on the fit side
            held.extend(members[ids[k]])
            taken += len(members[ids[k]])
            if taken >= share * total:
                break
    held_set = set(held)
    return [i for i in range(len(groups)) if i not in held_set], sorted(held_set)
