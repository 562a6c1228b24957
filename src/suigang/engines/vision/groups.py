"""Grouping near-duplicate images: several shots of one part.

An inspection data set often holds the same part more than once: photographed under several
exposures, or twice as it passed the camera. Split such a set image by image and a part's
shots land on both sides, so the test half is partly memorised and every figure measured on it
is too good. :func:`near_duplicate_groups` finds the shots that belong together so that a split
can keep each group on one side.

Two images are near-duplicates when their thumbnails (grey, ``side``×``side`` pixels, area
averaged, each shifted to zero mean and scaled to unit length, so that a gain, an offset and
the image size do not matter) correlate above ``min_correlation``; a group is a connected set
of such pairs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from suigang.engines.vision.images import Image, opencv


def thumbnail(image: Image, side: int = 48) -> NDArray[np.float32]:
    """The image as a ``side``×``side`` grey thumbnail, flattened, zero mean and unit norm."""
    cv2 = opencv()

    if image.ndim not in (2, 3) or image.size == 0:
        raise ValueError(f"image must be a non-empty (h, w) or (h, w, 3) array, got {image.shape}")
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey.astype(np.float32), (side, side), interpolation=cv2.INTER_AREA)
    v: NDArray[np.float32] = np.asarray(small.ravel() - small.mean(), dtype=np.float32)
    norm = float(np.linalg.norm(v))
    if norm > 0:
        v /= np.float32(norm)
    return v


def near_duplicate_groups(
    images: Sequence[Image],
    *,
    min_correlation: float = 0.95,
    side: int = 48,
    chunk: int = 1024,
) -> list[int]:
    """A group number per image (0, 1, … in order of each group's first image); images in one
    group are linked by thumbnail correlations above ``min_correlation``."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if not 0 < min_correlation <= 1:
        raise ValueError(f"min_correlation must be in (0, 1], got {min_correlation}")
    if side < 4:
        raise ValueError(f"side must be >= 4, got {side}")
    n = len(images)
    if n == 0:
        return []
    thumbs = np.stack([thumbnail(img, side) for img in images])
    rows: list[NDArray[np.int64]] = []
    cols: list[NDArray[np.int64]] = []
    for start in range(0, n, chunk):
        corr = thumbs[start : start + chunk] @ thumbs.T
        i, j = np.nonzero(corr > min_correlation)
        rows.append(i + start)
        cols.append(j)
    r, c = np.concatenate(rows), np.concatenate(cols)
    graph = coo_matrix((np.ones(r.size, np.int8), (r, c)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in labels]


def thumbnails(images: Sequence[Image], side: int = 48) -> NDArray[np.float16]:
    """The :func:`thumbnail` of each image, stacked ``(n, side²)``, in half precision (what a
    model file keeps of the images it was fitted on)."""
    if not images:
        return np.zeros((0, side * side), np.float16)
    return np.stack([thumbnail(img, side) for img in images]).astype(np.float16)


def near_duplicates_of(
    images: Sequence[Image],
    reference: NDArray[np.floating],
    *,
    min_correlation: float = 0.95,
) -> list[int]:
    """Indices of ``images`` whose thumbnail correlates above ``min_correlation`` with any row
    of ``reference`` (thumbnails from :func:`thumbnails`, e.g. of the images a model was
    fitted on): shots of a part that was already seen."""
    if not 0 < min_correlation <= 1:
        raise ValueError(f"min_correlation must be in (0, 1], got {min_correlation}")
    if not images or reference.shape[0] == 0:
        return []
    side = round(math.sqrt(reference.shape[1]))
    if side * side != reference.shape[1]:
        raise ValueError(f"reference rows must be square thumbnails, got {reference.shape[1]}")
    ref = reference.astype(np.float32)
    found = []
    for k, img in enumerate(images):
        if float((ref @ thumbnail(img, side)).max()) > min_correlation:
            found.append(k)
    return found
