"""A candidate classifier over template-comparison regions, on synthetic boards."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from suigang.engines.vision import CompareConfig, compare
from suigang.engines.vision.pcb_learn import (
    N_FEATURES,
    PairCandidates,
    TypedBox,
    _pieces,
    candidate_features,
    evaluate_typed,
    label_candidates,
    load_classifier,
    read_typed_annotations,
    save_classifier,
    train_classifier,
)
from tests.engines.vision.vision_synth import board, shifted

OPEN = (100, 30, 108, 41)  # a cut across the 5-px trace at y = 35, as drawn
COPPER = (105, 85, 116, 96)  # a spurious blob between traces


def defective(cut: bool = True, blob: bool = True) -> np.ndarray:
    test = board()
    if cut:
        cv2.rectangle(test, (100, 30), (107, 40), 0, -1)
    if blob:
        cv2.circle(test, (110, 90), 5, 255, -1)
    return test


def test_read_typed_annotations(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("1 2 3 4 1\n\n5,6,7,8,6\n")
    # the type (last column) is kept, commas are accepted, blank lines skipped
    assert read_typed_annotations(path) == (TypedBox((1, 2, 3, 4), 1), TypedBox((5, 6, 7, 8), 6))
    path.write_text("1 2 3 4 9\n")
    with pytest.raises(ValueError, match=r"a\.txt line 1: type must be 1–6, got 9"):
        read_typed_annotations(path)


def test_pieces_counts_copper_and_holes() -> None:
    crop = np.zeros((20, 30), np.uint8)
    crop[2:18, 2:12] = 1  # a pad ...
    crop[8:11, 5:8] = 0  # ... with a hole
    crop[5:15, 20:25] = 1  # and a second pad
    assert _pieces(crop) == (2, 1)


def test_label_candidates_by_overlap() -> None:
    truth = [TypedBox((0, 0, 10, 10), 1), TypedBox((20, 20, 30, 30), 5)]
    # the first candidate overlaps the open (IoU 0.81), the second nothing, the third the copper
    assert label_candidates([(0, 0, 10, 9), (50, 50, 60, 60), (21, 21, 30, 30)], truth) == [1, 0, 5]


def test_features_see_the_open_split_a_trace() -> None:
    """The cut: the padded crop's copper splits into one more piece than the template's."""
    result = compare(board(), defective(blob=False), CompareConfig(box_margin=0))
    feats = candidate_features(board().astype(np.float32), result)
    assert feats.shape == (1, N_FEATURES)
    assert feats[0, 12] == 1.0  # pieces in the tested crop minus pieces in the template crop
    assert feats[0, 4] == 0.0  # darker: copper removed


def _candidates() -> list[PairCandidates]:
    """Boards shifted a little, each with an open (type 1) and spurious copper (type 5)."""
    out = []
    for dx, dy in [(0, 0), (3, -2), (-2, 4), (5, 1), (1, -5), (-4, -3)]:
        test = shifted(defective(), dx, dy)
        result = compare(board(), test, CompareConfig(box_margin=2))
        feats = candidate_features(board().astype(np.float32), result)
        truth = (TypedBox(OPEN, 1), TypedBox(COPPER, 5))
        out.append(PairCandidates(tuple(b.box for b in result.boxes), feats, truth))
    return out


def test_classifier_learns_the_types_and_round_trips(tmp_path: Path) -> None:
    """Trained on six pairs, it names both defects of each pair; saved as plain arrays it
    gives the same probabilities."""
    cands = _candidates()
    clf = train_classifier(cands, epochs=200)
    ev = evaluate_typed(cands, clf)
    assert (ev.overall.true_positives, ev.overall.n_truth) == (12, 12)
    assert (ev.by_type["open"].true_positives, ev.by_type["spurious_copper"].true_positives) == (
        6,
        6,
    )
    again = load_classifier(save_classifier(clf, tmp_path / "c.npz"))
    f = cands[0].features
    assert np.allclose(again.probabilities(f), clf.probabilities(f))
    (tmp_path / "x.npz").write_bytes(b"junk")
    with pytest.raises(ValueError, match="is not a PCB classifier file"):
        load_classifier(tmp_path / "x.npz")


def test_without_a_classifier_types_are_not_counted() -> None:
    """Comparison alone keeps every candidate and names no type: per-type counts have truth
    but no predictions."""
    ev = evaluate_typed(_candidates()[:1], None)
    assert ev.overall.n_truth == 2 and ev.by_type["open"].n_predicted == 0
    assert ev.by_type["open"].n_truth == 1
