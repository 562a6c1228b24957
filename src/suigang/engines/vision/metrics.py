"""Evaluation measures: ROC AUC (image and pixel level) and box matching at an IoU threshold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike


def auroc(scores: ArrayLike, labels: ArrayLike) -> float | None:
    """Area under the ROC curve (Mann–Whitney U, ties count one half).

    Returns ``None`` when it is undefined: no positive or no negative label.
    """
    from scipy.stats import rankdata

    s = np.asarray(scores, dtype=np.float64).ravel()
    y = np.asarray(labels, dtype=bool).ravel()
    if s.shape != y.shape:
        raise ValueError(f"scores ({s.size}) and labels ({y.size}) differ in length")
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = rankdata(s, method="average")
    u = float(ranks[y].sum()) - n_pos * (n_pos + 1) / 2.0
    return u / (n_pos * n_neg)


Box = tuple[int, int, int, int]


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes ``(x1, y1, x2, y2)`` with exclusive ends."""
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


@dataclass(frozen=True, slots=True)
class MatchCounts:
    """True positives, predicted boxes and ground-truth boxes of a detection evaluation."""

    true_positives: int
    n_predicted: int
    n_truth: int

    @property
    def precision(self) -> float | None:
        """Share of predicted boxes that hit a ground-truth box; undefined with no predictions."""
        return self.true_positives / self.n_predicted if self.n_predicted else None

    @property
    def recall(self) -> float | None:
        """Share of ground-truth boxes that were found; undefined with no ground truth."""
        return self.true_positives / self.n_truth if self.n_truth else None

    @property
    def f_score(self) -> float | None:
        """Harmonic mean of precision and recall (0 when both are 0)."""
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r > 0 else 0.0

    def __add__(self, other: MatchCounts) -> MatchCounts:
        return MatchCounts(
            self.true_positives + other.true_positives,
            self.n_predicted + other.n_predicted,
            self.n_truth + other.n_truth,
        )


def match_boxes(
    predicted: Sequence[Box], truth: Sequence[Box], *, min_iou: float = 0.33
) -> MatchCounts:
    """Greedy one-to-one matching, best IoU first; a pair counts if its IoU exceeds ``min_iou``."""
    pairs = sorted(
        ((iou(p, t), i, j) for i, p in enumerate(predicted) for j, t in enumerate(truth)),
        reverse=True,
    )
    used_p: set[int] = set()
    used_t: set[int] = set()
    for value, i, j in pairs:
        if value <= min_iou:
            break
        if i in used_p or j in used_t:
            continue
        used_p.add(i)
        used_t.add(j)
    return MatchCounts(len(used_p), len(predicted), len(truth))
