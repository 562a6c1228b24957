"""Near-duplicate grouping: several shots of one part end up in one group."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from suigang.engines.vision.groups import (
    near_duplicate_groups,
    near_duplicates_of,
    thumbnail,
    thumbnails,
)

from .vision_synth import texture


def _shot(image: np.ndarray, gain: float, offset: float, size: tuple[int, int]) -> np.ndarray:
    """The same part under another exposure, cropped to a slightly different size."""
    out = np.clip(image.astype(np.float32) * gain + offset, 0, 255).astype(np.uint8)
    return cv2.resize(out, size, interpolation=cv2.INTER_LINEAR)


def test_shots_of_one_part_under_other_exposures_form_one_group() -> None:
    a, b, c = texture(1, 96, 128), texture(2, 96, 128), texture(3, 96, 128)
    images = [
        a,
        b,
        _shot(a, 1.6, -40, (132, 98)),
        c,
        _shot(b, 0.7, 10, (126, 95)),
        _shot(a, 0.8, 5, (128, 96)),
    ]
    # a's three shots share group 0, b's two group 1, c alone is group 2 (numbered by first image)
    assert near_duplicate_groups(images) == [0, 1, 0, 2, 1, 0]


def test_thumbnail_ignores_exposure_and_size() -> None:
    a = texture(4, 80, 100)
    # a gain and an offset change nothing after standardisation; correlation of a with itself is 1
    assert float(thumbnail(a) @ thumbnail(_shot(a, 2.0, -100, (100, 80)))) == pytest.approx(
        1.0, abs=1e-3
    )


def test_groups_chain_through_intermediate_shots() -> None:
    a = texture(5, 64, 64).astype(np.float32)
    far = texture(6, 64, 64).astype(np.float32)
    # blends 0, 15 and 30 % of the way to another texture: neighbours correlate 0.98 and 0.97,
    # the ends 0.91
    steps = [np.clip(a * (1 - t) + far * t, 0, 255).astype(np.uint8) for t in (0.0, 0.15, 0.3)]
    ends = float(thumbnail(steps[0]) @ thumbnail(steps[2]))
    assert ends < 0.95  # the ends alone would not be linked ...
    assert near_duplicate_groups(steps, min_correlation=0.95) == [
        0,
        0,
        0,
    ]  # ... the middle links them


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"min_correlation": 0.0}, "min_correlation"), ({"side": 2}, "side")]
)
def test_bad_settings_are_named(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        near_duplicate_groups([texture(7)], **kwargs)


def test_no_images_no_groups() -> None:
    assert near_duplicate_groups([]) == []


def test_near_duplicates_of_reference_thumbnails() -> None:
    a, b, c = texture(11, 80, 96), texture(12, 80, 96), texture(13, 80, 96)
    reference = thumbnails([a, b])
    assert reference.shape == (2, 48 * 48) and reference.dtype == np.float16
    # a re-exposed, resized shot of b is found (index 1); c was never seen
    tested = [c, _shot(b, 1.3, -20, (100, 84)), c]
    assert near_duplicates_of(tested, reference) == [1]
    assert near_duplicates_of(tested, thumbnails([])) == []  # nothing fitted: nothing found
