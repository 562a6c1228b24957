"""AUROC and box matching, checked on cases small enough to count by hand."""

from __future__ import annotations

import pytest

from suigang.engines.vision import MatchCounts, auroc, iou, match_boxes


def test_auroc_counts_ranked_pairs() -> None:
    """Of the 4 (positive, negative) pairs, 3 rank the positive higher: 0.75."""
    assert auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == pytest.approx(0.75)


def test_auroc_ties_count_half() -> None:
    """All scores equal: every pair is a tie, so the AUC is exactly one half."""
    assert auroc([2.0, 2.0, 2.0], [0, 1, 1]) == 0.5


def test_auroc_undefined_without_both_classes() -> None:
    """With no defective example the ROC curve does not exist: None, not a number."""
    assert auroc([0.2, 0.3], [0, 0]) is None


def test_iou_of_half_overlapping_boxes() -> None:
    """Two 10×10 boxes sharing a 5×10 strip: 50 / (100 + 100 − 50) = 1/3."""
    assert iou((0, 0, 10, 10), (5, 0, 15, 10)) == pytest.approx(1 / 3)


def test_match_is_one_to_one_and_strict() -> None:
    """Two predictions on one truth give one hit; an IoU of exactly 0.25 does not count."""
    counts = match_boxes([(0, 0, 10, 10), (1, 0, 11, 10), (0, 0, 4, 4)], [(0, 0, 10, 10)])
    assert counts == MatchCounts(1, 3, 1)
    assert match_boxes([(0, 0, 10, 10)], [(5, 5, 10, 10)]).true_positives == 0  # IoU 0.25
    assert counts.precision == pytest.approx(1 / 3)
    assert counts.recall == 1.0
    assert counts.f_score == pytest.approx(0.5)
