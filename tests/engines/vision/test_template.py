"""Golden-template comparison on a synthetic board moved under the camera, with defects."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from suigang.engines.vision import CompareConfig, Polarity, Registration, compare, iou, register
from tests.engines.vision.vision_synth import board, shifted


def defective_board() -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """The template with an open (a cut in a trace) and a short (extra copper blob)."""
    test = board()
    cv2.rectangle(test, (100, 30), (107, 40), 0, -1)  # cut in the 5-px trace at y=35
    cv2.circle(test, (110, 90), 5, 255, -1)  # spurious copper between traces
    return test, [(100, 33, 108, 38), (105, 85, 116, 96)]


def test_identical_part_has_no_defects() -> None:
    """Comparing the template with itself finds nothing and registers to the identity."""
    result = compare(board(), board())
    assert result.boxes == ()
    assert np.allclose(result.transform, np.eye(3), atol=1e-3)


def test_registration_recovers_the_shift() -> None:
    """A copy moved by (+6, −4) px is found at that offset (template → test coordinates)."""
    warp, how = register(board(), shifted(board(), 6, -4))
    assert how is Registration.ECC
    assert warp[0, 2] == pytest.approx(6, abs=0.3)
    assert warp[1, 2] == pytest.approx(-4, abs=0.3)


def test_defects_of_a_shifted_part_are_boxed_in_template_coordinates() -> None:
    """After registration exactly the two injected defects remain, each boxed where it is."""
    test, truth = defective_board()
    result = compare(board(), shifted(test, 6, -4), CompareConfig(box_margin=0))
    assert len(result.boxes) == 2
    by_truth = [max(result.boxes, key=lambda b, t=t: iou(b.box, t)) for t in truth]
    assert [iou(b.box, t) > 0.5 for b, t in zip(by_truth, truth, strict=True)] == [True, True]
    assert [b.polarity for b in by_truth] == [Polarity.DARKER, Polarity.BRIGHTER]


def test_without_registration_the_shift_itself_looks_defective() -> None:
    """Why registration matters: skipping it turns every edge of the moved board into a defect."""
    moved = shifted(board(), 6, -4)
    result = compare(board(), moved, CompareConfig(motion="none"))
    assert result.registration is Registration.IDENTITY
    assert result.is_defect
    assert int(result.defect_mask.sum()) > 1000  # every copper edge moved by 4-6 px
    assert int(compare(board(), moved).defect_mask.sum()) == 0  # registered: nothing differs


def test_config_names_the_bad_field() -> None:
    """Validation happens at construction and names the field and its value."""
    with pytest.raises(ValueError, match="contrast_fraction must be in"):
        CompareConfig(contrast_fraction=1.5)
